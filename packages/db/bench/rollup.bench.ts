/**
 * Roll-up benchmarks.
 *
 * 1. Common-issue detection over 200,000 issue items (the recurring demo
 *    problems in their many phrasings, spread over 500 projects, plus one-off
 *    remarks), against a baseline in the same process that only groups the
 *    same items by category and project (what detection must at least do).
 * 2. The analysis view of a demo region given 500,000 responses (each with an
 *    overall rating, four dimension ratings and NPS; 1 in 3 with an issue
 *    item), read from the monthly totals, against the same figures aggregated
 *    straight from the response rows with their indexes. Query plans printed.
 *
 * On PostgreSQL the responses are loaded with raw `pg` multi-row inserts and
 * the baseline's aggregations run in PostgreSQL's spelling through raw `pg`.
 *
 *   node bench/rollup.bench.ts
 *   node bench/rollup.bench.ts --quick     a tenth of the items and responses, for a quick look
 */
import { performance } from 'node:perf_hooks';
import { detectCommonIssues, type GroupingItem } from '@frontline/core';
import { rebuildMonthlyTotals } from '../src/bulk/monthly-totals.ts';
import { analysisQueryPlans, analysisView } from '../src/repositories/analysis.ts';
import { openMigratedDatabase } from '../src/open.ts';
import { RECURRING_PROBLEMS } from '../src/seed/feedback.ts';
import { createRandom } from '../src/seed/random.ts';
import { seedGroup } from '../src/seed/index.ts';
import { testSql } from '../src/testing/sql.ts';
import { benchDatabases, quick, rawPgInsert, rawPgTransaction, recordFigure } from './databases.ts';

const fmt = (n: number) => Math.round(n).toLocaleString('en');
const r = createRandom(11);
const databases = benchDatabases('rollup');

function time<T>(work: () => T): [T, number] {
  const t = performance.now();
  const value = work();
  return [value, performance.now() - t];
}

try {
  // 1. Detection
  const ITEMS = quick ? 20_000 : 200_000;
  const remarks = [
    '希望增加儿童游乐设施',
    '快递柜数量不够',
    '中庭的樱花树死了两棵',
    '次卧地面不平整',
    '橱柜板材有异味',
    '阳台推拉门有点卡',
    '停水停电没有提前通知',
    '钥匙少给了一把',
  ];
  const items: GroupingItem[] = [];
  for (let i = 0; i < ITEMS; i++) {
    const recurring = r.chance(0.8);
    const p = RECURRING_PROBLEMS[r.int(0, RECURRING_PROBLEMS.length - 1)]!;
    const description = recurring ? r.pick(p.phrasings) : `${r.pick(remarks)}${r.int(1, 30)}号`;
    items.push({
      id: i + 1,
      categoryId: recurring ? RECURRING_PROBLEMS.indexOf(p) + 1 : 20 + r.int(0, 7),
      projectId: r.int(1, 500),
      checkpoint: r.pick([5, 6, 7]),
      visitedOn: `2026-${String(r.int(1, 11)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`,
      householdIds: [r.int(1, 1_000_000)],
      description,
    });
  }
  const [baseline, baseMs] = time(() => {
    const groups = new Map<string, Set<number>>();
    for (const item of items) {
      const key = `${item.categoryId}:${item.projectId}`;
      const set = groups.get(key) ?? new Set<number>();
      for (const h of item.householdIds) set.add(h);
      groups.set(key, set);
    }
    return groups.size;
  });
  const [detection, detectMs] = time(() => detectCommonIssues(items, [], () => 400));
  const grouped = detection.suggestions.reduce((n, s) => n + s.items.length, 0);
  console.log(
    `detection — ${fmt(ITEMS)} issue items, ${RECURRING_PROBLEMS.length} recurring problems in ${RECURRING_PROBLEMS.reduce((n, p) => n + p.phrasings.length, 0)} phrasings + one-off remarks, 500 projects`,
  );
  console.log(
    `  detectCommonIssues: ${fmt(detectMs)} ms → ${detection.suggestions.length} suggestions holding ${fmt(grouped)} items, ${fmt(detection.belowThreshold)} groups below threshold`,
  );
  console.log(
    `  baseline (group by category × project only): ${fmt(baseMs)} ms → ${fmt(baseline)} groups; ratio ${(baseMs / detectMs).toFixed(3)} (detection does ${(detectMs / baseMs).toFixed(0)}× the work of plain grouping)`,
  );

  // 2. Analysis
  const VISITS = quick ? 50_000 : 500_000;
  const db = await openMigratedDatabase(await databases.fresh('rollup'));
  const q = testSql(db);
  await seedGroup(db, { passwordHash: 'x' });
  const projects = (await q.values('select id from projects where region_id = 1')).map(Number);
  const employee = Number(await q.value('select min(id) from employees where region_id = 1'));
  const version = Number(
    await q.value('select id from form_versions where status = ? order by id limit 1', 'published'),
  );
  const categories = (await q.values('select id from issue_categories')).map(Number);
  const load = performance.now();
  let rawMs: number;
  if (db.dialect === 'sqlite') {
    const s = db.sqlite;
    const visit = s.prepare(
      `insert into visits (client_id, employee_id, checkpoint, form_version_id, project_id, region_id, channel, visited_on, visited_at, answers, issue_count, created_at) values (?, ?, ?, ?, ?, 1, 'home_visit', ?, '10:00', '{}', ?, 0)`,
    );
    const answer = s.prepare(
      'insert into visit_answers (visit_id, question_key, type, dimension, num, text) values (?, ?, ?, ?, ?, null)',
    );
    const issue = s.prepare(
      `insert into visit_issues (visit_id, question_key, position, dimension, category_id, severity, building, unit, room, area, description, project_id, checkpoint, visited_on) values (?, 'issues', 0, 'engineering', ?, 'general', '', '', '', '', '漏水', ?, ?, ?)`,
    );
    s.transaction(() => {
      for (let i = 0; i < VISITS; i++) {
        const p = r.pick(projects);
        const point = r.int(1, 7);
        const on = `${r.pick(['2025', '2026'])}-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`;
        const withIssue = r.chance(1 / 3);
        const id = Number(visit.run(`v-${i}`, employee, point, version, p, on, withIssue ? 1 : 0).lastInsertRowid);
        answer.run(id, 'overall', 'rating', null, r.int(1, 5));
        for (const d of ['product', 'engineering', 'service', 'organisation'])
          answer.run(id, `${d}_rating`, 'rating', d, r.int(1, 5));
        answer.run(id, 'nps', 'nps', null, r.int(0, 10));
        if (withIssue) issue.run(id, r.pick(categories), p, point, on);
      }
    })();
  } else {
    // The same rows in the same order, with ids given, as raw multi-row inserts in one transaction.
    const first = Number(await q.value('select coalesce(max(id), 0) + 1 from visits'));
    const visitRows: unknown[][] = [];
    const answerRows: unknown[][] = [];
    const issueRows: unknown[][] = [];
    for (let i = 0; i < VISITS; i++) {
      const p = r.pick(projects);
      const point = r.int(1, 7);
      const on = `${r.pick(['2025', '2026'])}-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`;
      const withIssue = r.chance(1 / 3);
      const id = first + i;
      visitRows.push([
        id,
        `v-${i}`,
        employee,
        point,
        version,
        p,
        1,
        'home_visit',
        on,
        '10:00',
        '{}',
        withIssue ? 1 : 0,
        0,
      ]);
      answerRows.push([id, 'overall', 'rating', null, r.int(1, 5), null]);
      for (const d of ['product', 'engineering', 'service', 'organisation'])
        answerRows.push([id, `${d}_rating`, 'rating', d, r.int(1, 5), null]);
      answerRows.push([id, 'nps', 'nps', null, r.int(0, 10), null]);
      if (withIssue)
        issueRows.push([
          id,
          'issues',
          0,
          'engineering',
          r.pick(categories),
          'general',
          '',
          '',
          '',
          '',
          '漏水',
          p,
          point,
          on,
        ]);
    }
    await rawPgTransaction(db.pool, async (client) => {
      await rawPgInsert(
        client,
        'visits',
        [
          'id',
          'client_id',
          'employee_id',
          'checkpoint',
          'form_version_id',
          'project_id',
          'region_id',
          'channel',
          'visited_on',
          'visited_at',
          'answers',
          'issue_count',
          'created_at',
        ],
        visitRows,
      );
      await rawPgInsert(
        client,
        'visit_answers',
        ['visit_id', 'question_key', 'type', 'dimension', 'num', 'text'],
        answerRows,
      );
      await rawPgInsert(
        client,
        'visit_issues',
        [
          'visit_id',
          'question_key',
          'position',
          'dimension',
          'category_id',
          'severity',
          'building',
          'unit',
          'room',
          'area',
          'description',
          'project_id',
          'checkpoint',
          'visited_on',
        ],
        issueRows,
      );
      await client.query(`select setval(pg_get_serial_sequence('visits', 'id'), (select max(id) from visits))`);
    });
  }
  await rebuildMonthlyTotals(db);
  if (db.dialect === 'postgres') await q.run('analyze');
  const answers = Number(await q.value('select count(*) from visit_answers'));
  console.log(
    `analysis — region with ${fmt(VISITS)} responses (${fmt(answers)} answer rows, ${fmt(Number(await q.value('select count(*) from visit_issues')))} issue items, ${projects.length} projects, 2 years); loaded in ${fmt(performance.now() - load)} ms`,
  );
  console.log(
    `  monthly totals: ${fmt(Number(await q.value('select count(*) from feedback_monthly')))} feedback cells, ${fmt(Number(await q.value('select count(*) from issue_monthly')))} issue cells`,
  );
  const filter = { from: '2025-01', to: '2026-12', regionIds: [1] };
  await analysisView(db, filter);
  const runs = 20;
  const viewStart = performance.now();
  for (let i = 0; i < runs; i++) await analysisView(db, filter);
  const viewMs = performance.now() - viewStart;
  if (db.dialect === 'sqlite') {
    const s = db.sqlite;
    const raw = () => {
      s.prepare(
        `select v.project_id, avg(a.num), sum(a.num >= 4), count(*) from visit_answers a join visits v on v.id = a.visit_id where v.region_id = 1 and v.visited_on between '2025-01-01' and '2026-12-31' and a.question_key = 'overall' group by 1`,
      ).all();
      s.prepare(
        `select substr(v.visited_on, 1, 7), avg(a.num) from visit_answers a join visits v on v.id = a.visit_id where v.region_id = 1 and v.visited_on between '2025-01-01' and '2026-12-31' and a.question_key = 'overall' group by 1`,
      ).all();
      s.prepare(
        `select v.checkpoint, sum(a.num >= 9), sum(a.num <= 6), count(*) from visit_answers a join visits v on v.id = a.visit_id where v.region_id = 1 and v.visited_on between '2025-01-01' and '2026-12-31' and a.type = 'nps' group by 1`,
      ).all();
      s.prepare(
        `select a.dimension, avg(a.num) from visit_answers a join visits v on v.id = a.visit_id where v.region_id = 1 and v.visited_on between '2025-01-01' and '2026-12-31' and a.type = 'rating' group by 1`,
      ).all();
      s.prepare(
        `select i.project_id, i.category_id, count(*) from visit_issues i where i.visited_on between '2025-01-01' and '2026-12-31' group by 1, 2`,
      ).all();
    };
    rawMs = time(raw)[1];
  } else {
    // The same five aggregations in PostgreSQL's spelling (booleans are summed as integers), on one raw client.
    const client = await db.pool!.connect();
    const t = performance.now();
    const where = `v.region_id = 1 and v.visited_on between '2025-01-01' and '2026-12-31'`;
    await client.query(
      `select v.project_id, avg(a.num), sum((a.num >= 4)::int), count(*) from visit_answers a join visits v on v.id = a.visit_id where ${where} and a.question_key = 'overall' group by 1`,
    );
    await client.query(
      `select substr(v.visited_on, 1, 7), avg(a.num) from visit_answers a join visits v on v.id = a.visit_id where ${where} and a.question_key = 'overall' group by 1`,
    );
    await client.query(
      `select v.checkpoint, sum((a.num >= 9)::int), sum((a.num <= 6)::int), count(*) from visit_answers a join visits v on v.id = a.visit_id where ${where} and a.type = 'nps' group by 1`,
    );
    await client.query(
      `select a.dimension, avg(a.num) from visit_answers a join visits v on v.id = a.visit_id where ${where} and a.type = 'rating' group by 1`,
    );
    await client.query(
      `select i.project_id, i.category_id, count(*) from visit_issues i where i.visited_on between '2025-01-01' and '2026-12-31' group by 1, 2`,
    );
    rawMs = performance.now() - t;
    client.release();
  }
  console.log(
    `  analysisView (summary, by project/checkpoint/dimension, 24-month trend, heat map, top categories): ${(viewMs / runs).toFixed(1)} ms per view (mean of ${runs})`,
  );
  console.log(
    `  baseline: five of those aggregations straight from the response rows: ${fmt(rawMs)} ms; ratio ${(rawMs / (viewMs / runs)).toFixed(0)}× in favour of the monthly totals`,
  );
  for (const [name, plan] of Object.entries(await analysisQueryPlans(db, filter)))
    console.log(`  query plan (${name}): ${plan.join(' | ')}`);
  await db.close();
  recordFigure({
    bench: 'rollup',
    dialect: databases.dialect,
    size: `${fmt(ITEMS)} issue items`,
    figure: 'common-issue detection (baseline: plain grouping)',
    value: detectMs,
    baseline: baseMs,
    ratio: baseMs / detectMs,
    unit: 'ms',
  });
  recordFigure({
    bench: 'rollup',
    dialect: databases.dialect,
    size: `${fmt(VISITS)} responses`,
    figure: 'analysis view from monthly totals (baseline: from response rows)',
    value: viewMs / runs,
    baseline: rawMs,
    ratio: rawMs / (viewMs / runs),
    unit: 'ms',
  });
} finally {
  await databases.dispose();
}
