import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analysisView } from './analysis.ts';
import { commonIssueItems, confirmCommonIssue, dismissCommonIssue, getCommonIssue, listCommonIssues, mergeCommonIssue, runDetection, splitCommonIssue } from './common-issues.ts';
import { searchDefects } from './defects.ts';
import { defectReport } from './defect-report.ts';
import { categoryRefs, currentFormVersion, listCategories } from './repositories/forms.ts';
import { addPlanAction, completePlanAction, createPlan, getPlan, movePlan, openActionsOf, overdueActions, recordVerification, setPlanEvidence } from './improvement-plans.ts';
import type { MailSettings } from '@frontline/core';
import { planDemo, seedDemoFeedback, seedGroup } from './seed/index.ts';
import { createTestDatabase } from './testing/index.ts';
import { writeMadeUpVisit } from './bulk/visits.ts';
import { validateAnswers } from '@frontline/core';

const AT = Date.UTC(2026, 10, 23, 2);
const TODAY = '2026-11-23';
const mail: MailSettings = { from: { name: '一线', email: 'frontline@frontline.test' }, origin: 'https://frontline.test', host: 'frontline.test', alarmMinutes: 30 };
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let cr: number;
const ctx = () => ({ actorId: cr, at: AT });

beforeAll(async () => {
  db = await createTestDatabase();
  await seedGroup(db, { passwordHash: 'x' });
  await planDemo(db, TODAY, AT);
  await seedDemoFeedback(db, TODAY, AT, { visits: 500, months: 6 });
  cr = db.sqlite.prepare(`select id from employees where login = 'cr'`).pluck().get() as number;
}, 60_000);
afterAll(async () => db.cleanup());

describe('monthly totals', () => {
  it('equal the raw responses they summarise', () => {
    const view = analysisView(db, { from: '2026-05', to: '2026-11' });
    const raw = db.sqlite
      .prepare(
        `select sum(a.num) as s, count(*) as n, sum(a.num >= 4) as sat from visit_answers a join visits v on v.id = a.visit_id
         where a.question_key = 'overall' and v.visited_on between '2026-05-01' and '2026-11-30'`,
      )
      .get() as { s: number; n: number; sat: number };
    expect(view.summary.ratings).toBe(raw.n);
    expect(view.summary.average).toBeCloseTo(raw.s / raw.n, 10);
    expect(view.summary.satisfiedShare).toBeCloseTo(raw.sat / raw.n, 10);
    expect(view.summary.visits).toBe(db.sqlite.prepare(`select count(*) from visits where visited_on between '2026-05-01' and '2026-11-30'`).pluck().get());
    expect(view.summary.issues).toBe(db.sqlite.prepare(`select count(*) from visit_issues where visited_on between '2026-05-01' and '2026-11-30'`).pluck().get());
    const cells = view.heatmap.cells.reduce((n, [, , c]) => n + c, 0);
    expect(cells).toBe(view.summary.issues);
    const nps = db.sqlite.prepare(`select sum(num >= 9) as p, sum(num <= 6) as d, count(*) as n from visit_answers a join visits v on v.id = a.visit_id where a.type = 'nps' and v.visited_on >= '2026-05-01'`).get() as { p: number; d: number; n: number };
    expect(view.summary.nps).toBeCloseTo(((nps.p - nps.d) / nps.n) * 100, 10);
  });

  it('filter by dimension and scope', () => {
    const all = analysisView(db, { from: '2026-05', to: '2026-11' });
    const engineering = analysisView(db, { from: '2026-05', to: '2026-11', dimension: 'engineering' });
    expect(engineering.summary.issues).toBeLessThan(all.summary.issues);
    expect(engineering.topCategories.every((c) => c.dimension === 'engineering')).toBe(true);
    const project = all.byProject[0]!.projectId;
    const one = analysisView(db, { from: '2026-05', to: '2026-11', projectIds: [project] });
    expect(one.byProject.map((p) => p.projectId)).toEqual([project]);
    expect(analysisView(db, { from: '2026-05', to: '2026-11', regionIds: [] }).summary.visits).toBe(0);
  });
});

describe('from feedback to a verified plan', () => {
  let issueId: number;
  let planId: number;

  it('suggests the recurring problems and ignores one-off remarks', async () => {
    const report = await runDetection(db, { today: TODAY, mail }, ctx());
    expect(report.suggestions).toBeGreaterThanOrEqual(4);
    const suggestions = await listCommonIssues(db, { status: 'suggested' });
    const bathroom = suggestions.find((s) => s.keywords.includes('卫生间'));
    expect(bathroom).toBeDefined();
    expect(bathroom!.households).toBeGreaterThanOrEqual(5);
    const items = await commonIssueItems(db, bathroom!.id, bathroom!.keywords);
    expect(items.every((i) => i.shared.length > 0)).toBe(true);
    expect(items.some((i) => i.description.includes('窗'))).toBe(false);
    // One-off remarks never reach the threshold.
    expect(suggestions.some((s) => s.keywords.includes('草坪'))).toBe(false);
    issueId = bathroom!.id;
  });

  it('keeps suggestion ids across runs, and reviewed issues absorb new reports', async () => {
    const before = (await listCommonIssues(db, { status: 'suggested' })).map((s) => s.id).sort();
    await runDetection(db, { today: TODAY, mail }, ctx());
    expect((await listCommonIssues(db, { status: 'suggested' })).map((s) => s.id).sort()).toEqual(before);
  });

  it('confirms, merges, splits and dismisses, refusing what does not fit', async () => {
    expect(await confirmCommonIssue(db, issueId, '卫生间吊顶渗漏', ctx())).toEqual({ ok: true, value: undefined });
    expect(await confirmCommonIssue(db, issueId, 'x', ctx())).toMatchObject({ ok: false, error: { code: 'COMMON_ISSUE_STATUS' } });
    const others = await listCommonIssues(db, { status: 'suggested' });
    const own = (await getCommonIssue(db, issueId))!.categoryId;
    const otherCategory = others.find((o) => o.categoryId !== own)!;
    expect(await mergeCommonIssue(db, otherCategory.id, issueId, ctx())).toMatchObject({ ok: false, error: { code: 'COMMON_ISSUE_CATEGORY' } });
    expect(await dismissCommonIssue(db, otherCategory.id, '属个别情况', ctx())).toEqual({ ok: true, value: undefined });
    expect((await getCommonIssue(db, otherCategory.id))!).toMatchObject({ status: 'dismissed', dismissReason: '属个别情况' });

    const issue = (await getCommonIssue(db, issueId))!;
    const items = await commonIssueItems(db, issueId, issue.keywords);
    const split = await splitCommonIssue(db, issueId, [items[0]!.id], '拆出的一条', ctx());
    expect(split.ok).toBe(true);
    if (!split.ok) return;
    expect((await getCommonIssue(db, split.value))!).toMatchObject({ status: 'confirmed', items: 1 });
    expect(await splitCommonIssue(db, split.value, [items[0]!.id], 'all', ctx())).toMatchObject({ ok: false, error: { code: 'COMMON_ISSUE_SPLIT' } });
    expect(await mergeCommonIssue(db, split.value, issueId, ctx())).toEqual({ ok: true, value: undefined });
    expect((await getCommonIssue(db, issueId))!.items).toBe(issue.items);
    expect((await getCommonIssue(db, split.value))!).toMatchObject({ status: 'merged', mergedInto: issueId });
  });

  it('runs a plan from draft to closed through verification by someone other than the owner', async () => {
    const issue = (await getCommonIssue(db, issueId))!;
    const owner = db.sqlite.prepare(`select id from employees where project_id = ? and active = 1 and position = 'staff' order by id limit 1`).pluck().get(issue.projects[0]!.id) as number;
    const created = await createPlan(
      db,
      {
        commonIssueId: issueId, kind: 'future', title: '卫生间防水标准升级', description: '卫生间顶板与上层地面防水加做一道', cause: '上层卫生间防水层收口不到位',
        standardChange: '卫生间防水上翻 300 mm，闭水试验 48 小时', ownerLine: 'engineering', ownerId: owner, projectId: null, sampleSize: 3,
        actions: [{ title: '修订防水施工标准', ownerId: owner, dueOn: '2026-11-20' }],
      },
      ctx(),
    );
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    planId = created.value;
    expect(await createPlan(db, { commonIssueId: issueId, kind: 'future', title: 'dup', description: 'd', cause: '', standardChange: '', ownerLine: 'engineering', ownerId: owner, projectId: null, sampleSize: 3, actions: [] }, ctx())).toMatchObject({
      ok: false,
      error: { code: 'PLAN_EXISTS' },
    });
    expect(await movePlan(db, planId, 'submit', TODAY, mail, ctx())).toMatchObject({ ok: false, error: { code: 'PLAN_TRANSITION' } });
    expect(await movePlan(db, planId, 'approve', TODAY, mail, ctx())).toEqual({ ok: true, value: 'approved' });

    // The approved plan's overdue action is on its owner's list and the compliance board.
    expect((await openActionsOf(db, owner, TODAY))[0]).toMatchObject({ planId, overdue: true });
    expect((await overdueActions(db, TODAY, {})).some((a) => a.planId === planId)).toBe(true);

    const plan = (await getPlan(db, planId, TODAY))!;
    expect(await completePlanAction(db, planId, plan.actionList[0]!.id, '标准已发布', TODAY, ctx())).toEqual({ ok: true, value: undefined });
    expect((await getPlan(db, planId, TODAY))!.status).toBe('in_progress');
    expect(await addPlanAction(db, planId, { title: '设计交底', ownerId: owner, dueOn: '2026-12-10' }, ctx())).toMatchObject({ ok: true });
    expect(await movePlan(db, planId, 'submit', TODAY, mail, ctx())).toMatchObject({ ok: false, error: { code: 'PLAN_ACTIONS_OPEN' } });
    const second = (await getPlan(db, planId, TODAY))!.actionList.find((a) => a.doneOn === null)!;
    await completePlanAction(db, planId, second.id, '', TODAY, ctx());
    expect(await movePlan(db, planId, 'submit', TODAY, mail, ctx())).toMatchObject({ ok: false, error: { code: 'PLAN_NO_EVIDENCE' } });
    expect(await setPlanEvidence(db, planId, '标准文件与交底记录已归档', [], { ...ctx(), actorId: cr })).toEqual({ ok: true, value: undefined });
    expect(await movePlan(db, planId, 'submit', TODAY, mail, ctx())).toEqual({ ok: true, value: 'awaiting_verification' });

    const submitted = (await getPlan(db, planId, TODAY))!;
    expect(submitted.verifications).toHaveLength(3);
    for (const v of submitted.verifications) {
      expect(v.employeeId).not.toBe(owner);
      const duty = db.sqlite.prepare('select kind, employee_id, household_id, status from duties where id = ?').get(v.dutyId) as { kind: string; employee_id: number; household_id: number; status: string };
      expect(duty).toEqual({ kind: 'verification', employee_id: v.employeeId, household_id: v.householdId, status: 'planned' });
    }
    expect(db.sqlite.prepare(`select count(*) from outbox where ref = ?`).pluck().get(`plan:${planId}`)).toBeGreaterThan(0);

    const [first, ...rest] = submitted.verifications;
    expect(await recordVerification(db, planId, first!.id, { outcome: 'fixed', notes: '', visitedOn: TODAY }, TODAY, { actorId: owner, at: AT })).toMatchObject({ ok: false, error: { code: 'VERIFICATION_NOT_YOURS' } });
    expect(await recordVerification(db, planId, first!.id, { outcome: 'not_fixed', notes: '仍有渗水', visitedOn: TODAY }, TODAY, { actorId: first!.employeeId, at: AT })).toEqual({ ok: true, value: 'awaiting_verification' });
    for (const v of rest) await recordVerification(db, planId, v.id, { outcome: 'fixed', notes: '', visitedOn: TODAY }, TODAY, { actorId: v.employeeId, at: AT });
    // One household still had the problem: back to work, and a new round once resubmitted.
    expect((await getPlan(db, planId, TODAY))!.status).toBe('in_progress');
    expect(await movePlan(db, planId, 'submit', TODAY, mail, ctx())).toEqual({ ok: true, value: 'awaiting_verification' });
    const round2 = (await getPlan(db, planId, TODAY))!.verifications.filter((v) => v.round === 2);
    expect(round2).toHaveLength(3);
    for (const v of round2) await recordVerification(db, planId, v.id, { outcome: 'fixed', notes: '', visitedOn: TODAY }, TODAY, { actorId: v.employeeId, at: AT });
    const closed = (await getPlan(db, planId, TODAY))!;
    expect(closed).toMatchObject({ status: 'closed', closedOn: TODAY });
    expect(closed.events.map((e) => e.move)).toEqual(['create', 'approve', 'start', 'submit', 'fail', 'submit', 'verify']);
    expect(db.sqlite.prepare(`select status from duties where id = ?`).pluck().get(round2[0]!.dutyId)).toBe('done');
  });

  it('puts the closed plan for future projects in the defect library, found by other words for the same thing', async () => {
    const [hit] = await searchDefects(db, { q: '厕所渗水' });
    expect(hit).toMatchObject({ planId, title: '卫生间防水标准升级' });
    expect(hit!.occurrences).toBeGreaterThanOrEqual(5);
    expect(await searchDefects(db, { q: '电梯噪音' })).toEqual([]);
  });

  it('reopens the plan when one of its households reports the problem again, and tells the owner', async () => {
    const plan = (await getPlan(db, planId, TODAY))!;
    const household = db.sqlite
      .prepare(`select vh.household_id from common_issue_items ci join visit_issues vi on vi.id = ci.item_id join visit_households vh on vh.visit_id = vi.visit_id where ci.common_issue_id = ? limit 1`)
      .pluck()
      .get(issueId) as number;
    const h = db.sqlite.prepare('select h.owner_employee_id as employee, h.project_id as project, p.region_id as region from households h join projects p on p.id = h.project_id where h.id = ?').get(household) as {
      employee: number; project: number; region: number;
    };
    const version = (await currentFormVersion(db, 7))!;
    const leak = (await listCategories(db)).find((c) => c.code === 'leaks')!;
    const answers = validateAnswers(version.definition, { overall: 2, overall_reason: '又漏了', household_status: 'living', issues: [{ dimension: 'engineering', categoryId: leak.id, severity: 'major', building: '', unit: '', room: '', area: '', description: '卫生间吊顶又漏水了', photos: [] }] }, await categoryRefs(db));
    if (!answers.ok) throw new Error(JSON.stringify(answers.error));
    await writeMadeUpVisit(db, { clientId: '00000000-0000-4000-b000-000000000001', employeeId: h.employee, dutyId: null, bookingId: null, checkpoint: 7, formVersionId: version.id, definition: version.definition, projectId: h.project, regionId: h.region, channel: 'home_visit', visitedOn: '2026-11-24', visitedAt: '10:00', householdIds: [household], staffIds: [], answers: answers.value, photoIds: [] }, { actorId: h.employee, at: AT });
    const report = await runDetection(db, { today: '2026-11-24', mail }, ctx());
    expect(report.reopened).toBe(1);
    const reopened = (await getPlan(db, planId, '2026-11-24'))!;
    expect(reopened.status).toBe('reopened');
    expect(reopened.events.at(-1)).toMatchObject({ move: 'reopen', from: 'closed', to: 'reopened' });
    expect(db.sqlite.prepare(`select count(*) from outbox where ref = ? and to_employee_id = ? and subject like '%reopened%'`).pluck().get(`plan:${planId}`, plan.ownerId)).toBe(1);
  });

  it('reports the month for a region', async () => {
    const region = db.sqlite.prepare(`select region_id from projects where id = ?`).pluck().get((await getCommonIssue(db, issueId))!.projects[0]!.id) as number;
    const report = (await defectReport(db, region, '2026-11', TODAY))!;
    expect(report.topIssues.length).toBeGreaterThan(0);
    expect(report.newCommonIssues.map((c) => c.id)).toContain(issueId);
    expect(report.plans.map((p) => p.id)).toContain(planId);
  });
});
