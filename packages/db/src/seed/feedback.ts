import { addDaysIso, validateAnswers, type Dimension, type IsoDate } from '@frontline/core';
import { categoryRefs, currentFormVersion, listCategories } from '../repositories/forms.ts';
import type { Db } from '../open.ts';
import { writeMadeUpVisit } from '../bulk/visits.ts';
import { createRandom, type Random } from './random.ts';

/**
 * Demo feedback: home visits (checkpoint 7) over the last months by the
 * employees who look after each household, written with the rows and audit
 * entry the app writes. Descriptions come from recurring problems, each written many
 * ways as customers do, plus one-off remarks, so detection has real work.
 */

/** Problems that recur, each with the ways customers put it. */
export const RECURRING_PROBLEMS: { category: string; dimension: Dimension; phrasings: string[] }[] = [
  {
    category: 'leaks',
    dimension: 'engineering',
    phrasings: [
      '卫生间吊顶漏水',
      '厕所顶上渗水了',
      '洗手间天花板滴水，有水渍',
      '卫生间天花渗漏，楼上一洗澡就滴',
      '浴室顶棚渗水发黄',
    ],
  },
  {
    category: 'leaks',
    dimension: 'engineering',
    phrasings: [
      '外窗密封条老化，下雨窗户渗水',
      '窗户漏雨',
      '下雨天窗框渗水',
      '窗子进水，密封胶开了',
      '下雨时窗户漏水到窗台',
    ],
  },
  {
    category: 'parking',
    dimension: 'product',
    phrasings: [
      '地下车库转弯半径太小，大车转不过来',
      '车库坡道转弯太急',
      '地库拐弯太窄，SUV 很难掉头',
      '车库转弯半径不够，经常刮车',
    ],
  },
  {
    category: 'noise',
    dimension: 'product',
    phrasings: ['电梯运行噪音大', '电梯异响，晚上很吵', '夜里电梯噪声影响睡眠', '电梯井噪音传到卧室'],
  },
  {
    category: 'cracks',
    dimension: 'engineering',
    phrasings: ['客厅墙面开裂', '墙体有裂缝', '卧室墙面出现裂纹', '外墙开裂'],
  },
  {
    category: 'responsiveness',
    dimension: 'service',
    phrasings: ['物业报修响应太慢', '报修三天没人来', '物业维修不及时', '找物管修东西总是拖'],
  },
];

/** Remarks one household makes: each text is rare, so none should reach a threshold. */
const ONE_OFFS: { category: string; dimension: Dimension; text: string }[] = [
  { category: 'landscape', dimension: 'product', text: '小区绿化养护一般，草坪有枯黄' },
  { category: 'landscape', dimension: 'product', text: '中庭的樱花树死了两棵' },
  { category: 'landscape', dimension: 'product', text: '水景池长期没放水' },
  { category: 'amenities', dimension: 'product', text: '希望增加儿童游乐设施' },
  { category: 'amenities', dimension: 'product', text: '快递柜数量不够' },
  { category: 'amenities', dimension: 'product', text: '会所健身房开放时间太短' },
  { category: 'amenities', dimension: 'product', text: '希望门口加一个公交站' },
  { category: 'flatness', dimension: 'engineering', text: '次卧地面不平整' },
  { category: 'flatness', dimension: 'engineering', text: '阳台地砖空鼓' },
  { category: 'plumbing_electrical', dimension: 'engineering', text: '厨房插座位置不合理' },
  { category: 'plumbing_electrical', dimension: 'engineering', text: '热水器出水很慢' },
  { category: 'plumbing_electrical', dimension: 'engineering', text: '书房灯的开关接反了' },
  { category: 'sales_promises', dimension: 'service', text: '销售说的学校到现在没有落实' },
  { category: 'sales_promises', dimension: 'service', text: '样板间的吊柜交房时没有' },
  { category: 'information', dimension: 'organisation', text: '停水停电没有提前通知' },
  { category: 'information', dimension: 'organisation', text: '维修进度没人告知' },
  { category: 'windows_doors', dimension: 'engineering', text: '入户门关不严' },
  { category: 'windows_doors', dimension: 'engineering', text: '阳台推拉门有点卡' },
  { category: 'materials', dimension: 'product', text: '橱柜板材有异味' },
  { category: 'materials', dimension: 'product', text: '瓷砖颜色和样板不一致' },
  { category: 'handover', dimension: 'service', text: '交房当天排队太久' },
  { category: 'handover', dimension: 'service', text: '钥匙少给了一把' },
  { category: 'coordination', dimension: 'organisation', text: '工程和物业互相推诿' },
  { category: 'process', dimension: 'organisation', text: '办理车位手续要跑三个部门' },
];

export type FeedbackSeedOptions = { visits: number; months: number; seed?: number; regionId?: number };

type Target = { household: number; employee: number; project: number; region: number };

function answersFor(r: Random, issues: unknown[]): Record<string, unknown> {
  const base = r.int(2, 5);
  const rating = () => Math.max(1, Math.min(5, base + r.int(-1, 1)));
  return {
    overall: base,
    ...(base <= 2 ? { overall_reason: '问题反复出现，处理不及时' } : {}),
    household_status: r.pick(['living', 'living', 'living', 'rented', 'fitting_out']),
    product_rating: rating(),
    engineering_rating: rating(),
    service_rating: rating(),
    organisation_rating: rating(),
    nps: Math.max(0, Math.min(10, base * 2 + r.int(-2, 1))),
    issues,
  };
}

/** Records `visits` home visits spread over the last `months` months; returns how many were written. */
export async function seedDemoFeedback(db: Db, today: IsoDate, at: number, o: FeedbackSeedOptions): Promise<number> {
  const r = createRandom(o.seed ?? 7);
  let query = db.kysely
    .selectFrom('households as h')
    .innerJoin('projects as p', 'p.id', 'h.project_id')
    .innerJoin('employees as e', 'e.id', 'h.owner_employee_id')
    .select(['h.id as household', 'e.id as employee', 'h.project_id as project', 'p.region_id as region'])
    .where('e.active', '=', 1);
  if (o.regionId) query = query.where('p.region_id', '=', o.regionId);
  const targets: Target[] = await query.orderBy('h.id').limit(5000).execute();
  if (targets.length === 0) return 0;
  const version = (await currentFormVersion(db, 7))!;
  const refs = await categoryRefs(db);
  const categories = new Map((await listCategories(db)).map((c) => [c.code, c.id]));
  // Each recurring problem lives in a few projects, as real ones do.
  const projects = [...new Set(targets.map((t) => t.project))];
  const homes = RECURRING_PROBLEMS.map((_, i) => new Set(projects.filter((__, j) => (i + j) % 3 === 0).slice(0, 3)));
  let written = 0;
  for (let n = 0; n < o.visits; n++) {
    const t = r.pick(targets);
    const issues: Record<string, unknown>[] = [];
    RECURRING_PROBLEMS.forEach((p, i) => {
      if (homes[i]!.has(t.project) && r.chance(0.18)) {
        issues.push({
          dimension: p.dimension,
          categoryId: categories.get(p.category)!,
          severity: r.pick(['general', 'general', 'major']),
          building: '',
          unit: '',
          room: '',
          area: '',
          description: r.pick(p.phrasings),
          photos: [],
        });
      }
    });
    if (r.chance(0.06)) {
      const one = r.pick(ONE_OFFS);
      issues.push({
        dimension: one.dimension,
        categoryId: categories.get(one.category)!,
        severity: 'minor',
        building: '',
        unit: '',
        room: '',
        area: '',
        description: one.text,
        photos: [],
      });
    }
    const valid = validateAnswers(version.definition, answersFor(r, issues), refs);
    if (!valid.ok) throw new Error(`demo feedback does not fit the form: ${JSON.stringify(valid.error)}`);
    const visitedOn = addDaysIso(today, -r.int(1, o.months * 30));
    await writeMadeUpVisit(
      db,
      {
        clientId: `00000000-0000-4000-a000-${String(n + 1).padStart(12, '0')}`,
        employeeId: t.employee,
        dutyId: null,
        bookingId: null,
        checkpoint: 7,
        formVersionId: version.id,
        definition: version.definition,
        projectId: t.project,
        regionId: t.region,
        channel: 'home_visit',
        visitedOn,
        visitedAt: `${String(r.int(9, 19)).padStart(2, '0')}:${r.pick(['00', '15', '30', '45'])}`,
        householdIds: [t.household],
        staffIds: [],
        answers: valid.value,
        photoIds: [],
      },
      { actorId: t.employee, at },
    );
    written++;
  }
  return written;
}
