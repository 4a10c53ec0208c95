import {
  getCommonIssue,
  getImprovementPlan,
  listCommonIssues,
  openActionsOf,
  overdueActions,
  runPlan,
  searchDefects,
  type MailSettings,
  type PlanOptions,
} from '@frontline/db';
import { createTestDatabase, factories, testSql } from '@frontline/db/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { T0 } from '../../testing/harness.ts';
import { createWorld, type World } from '../../testing/world.ts';
import { defectReport } from '../analysis/service.ts';
import { confirmCommonIssue, runDetection } from '../common-issues/service.ts';
import {
  addImprovementPlanAction,
  completeImprovementPlanAction,
  createImprovementPlan,
  moveImprovementPlan,
  recordVerification,
  setImprovementPlanEvidence,
  type ImprovementPlanInput,
} from './service.ts';

const AT = T0;
const TODAY = '2026-11-23';
const mail: MailSettings = {
  from: { name: '一线', email: 'frontline@frontline.test' },
  origin: 'https://frontline.test',
  host: 'frontline.test',
  alarmMinutes: 30,
};

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function world(): Promise<World> {
  const w = await createWorld();
  cleanups.push(w.cleanup);
  return w;
}

/** One factory set per world: its counter keeps the visits' client ids apart. */
const factoriesOf = (() => {
  const made = new WeakMap<World, ReturnType<typeof factories>>();
  return (w: World) => made.get(w) ?? made.set(w, factories(w.db, AT)).get(w)!;
})();

/** Five households of P001 report the same leak; detection suggests it and customer relations confirm it. */
async function confirmedLeak(w: World): Promise<number> {
  const f = factoriesOf(w);
  const households = await w.sql.all<{ id: number; owner: number | null }>(
    'select id, owner_employee_id as owner from households where project_id = ? order by id limit 5',
    w.ids.project,
  );
  for (const h of households) {
    await f.visitWithIssue({
      employeeId: h.owner ?? w.id('staff'),
      householdId: h.id,
      projectId: w.ids.project,
      regionId: w.ids.east,
      description: '卫生间吊顶漏水',
    });
  }
  await runDetection(w.db, { today: TODAY, mail }, { actorId: w.id('cr'), at: AT });
  const [issue] = await listCommonIssues(w.db, { status: 'suggested' });
  if (!issue) throw new Error('no suggestion');
  expect(await confirmCommonIssue(w.db, issue.id, '卫生间吊顶渗漏', { actorId: w.id('cr'), at: AT })).toEqual({
    ok: true,
    value: undefined,
  });
  return issue.id;
}

const futureImprovementPlan = (issueId: number, owner: number): ImprovementPlanInput => ({
  commonIssueId: issueId,
  kind: 'future',
  title: '卫生间防水标准升级',
  description: '卫生间顶板与上层地面防水加做一道',
  cause: '上层卫生间防水层收口不到位',
  standardChange: '卫生间防水上翻 300 mm，闭水试验 48 小时',
  ownerLine: 'engineering',
  ownerId: owner,
  projectId: null,
  sampleSize: 3,
  actions: [{ title: '修订防水施工标准', ownerId: owner, dueOn: '2026-11-20' }],
});

/** A plan for future projects taken through to closed: its one action done, evidence filed, every revisit finding it fixed. */
async function closedFutureImprovementPlan(w: World, issueId: number): Promise<number> {
  const ctx = { actorId: w.id('cr'), at: AT };
  const created = await createImprovementPlan(w.db, futureImprovementPlan(issueId, w.id('staff')), ctx);
  if (!created.ok) throw new Error(JSON.stringify(created.error));
  const planId = created.value;
  await moveImprovementPlan(w.db, planId, 'approve', TODAY, mail, ctx);
  const action = (await getImprovementPlan(w.db, planId, TODAY))!.actionList[0]!;
  await completeImprovementPlanAction(w.db, planId, action.id, '标准已发布', TODAY, ctx);
  await setImprovementPlanEvidence(w.db, planId, '标准文件与交底记录已归档', [], ctx);
  expect(await moveImprovementPlan(w.db, planId, 'submit', TODAY, mail, ctx)).toEqual({
    ok: true,
    value: 'awaiting_verification',
  });
  for (const v of (await getImprovementPlan(w.db, planId, TODAY))!.verifications) {
    await recordVerification(w.db, planId, v.id, { outcome: 'fixed', notes: '', visitedOn: TODAY }, TODAY, {
      actorId: v.employeeId,
      at: AT,
    });
  }
  expect((await getImprovementPlan(w.db, planId, TODAY))!.status).toBe('closed');
  return planId;
}

describe('an improvement plan from draft to verified', () => {
  it('runs a plan from draft to closed through verification by someone other than the owner', async () => {
    const w = await world();
    const issueId = await confirmedLeak(w);
    const ctx = () => ({ actorId: w.id('cr'), at: AT });
    const owner = w.id('staff');
    const created = await createImprovementPlan(w.db, futureImprovementPlan(issueId, owner), ctx());
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    const planId = created.value;
    expect(
      await createImprovementPlan(
        w.db,
        {
          commonIssueId: issueId,
          kind: 'future',
          title: 'dup',
          description: 'd',
          cause: '',
          standardChange: '',
          ownerLine: 'engineering',
          ownerId: owner,
          projectId: null,
          sampleSize: 3,
          actions: [],
        },
        ctx(),
      ),
    ).toMatchObject({
      ok: false,
      error: { code: 'PLAN_EXISTS' },
    });
    expect(await moveImprovementPlan(w.db, planId, 'submit', TODAY, mail, ctx())).toMatchObject({
      ok: false,
      error: { code: 'PLAN_TRANSITION' },
    });
    expect(await moveImprovementPlan(w.db, planId, 'approve', TODAY, mail, ctx())).toEqual({
      ok: true,
      value: 'approved',
    });

    // The approved plan's overdue action is on its owner's list and the compliance board.
    expect((await openActionsOf(w.db, owner, TODAY))[0]).toMatchObject({ planId, overdue: true });
    expect((await overdueActions(w.db, TODAY, {})).some((a) => a.planId === planId)).toBe(true);

    const plan = (await getImprovementPlan(w.db, planId, TODAY))!;
    expect(
      await completeImprovementPlanAction(w.db, planId, plan.actionList[0]!.id, '标准已发布', TODAY, ctx()),
    ).toEqual({ ok: true, value: undefined });
    expect((await getImprovementPlan(w.db, planId, TODAY))!.status).toBe('in_progress');
    expect(
      await addImprovementPlanAction(w.db, planId, { title: '设计交底', ownerId: owner, dueOn: '2026-12-10' }, ctx()),
    ).toMatchObject({ ok: true });
    expect(await moveImprovementPlan(w.db, planId, 'submit', TODAY, mail, ctx())).toMatchObject({
      ok: false,
      error: { code: 'PLAN_ACTIONS_OPEN' },
    });
    const second = (await getImprovementPlan(w.db, planId, TODAY))!.actionList.find((a) => a.doneOn === null)!;
    await completeImprovementPlanAction(w.db, planId, second.id, '', TODAY, ctx());
    expect(await moveImprovementPlan(w.db, planId, 'submit', TODAY, mail, ctx())).toMatchObject({
      ok: false,
      error: { code: 'PLAN_NO_EVIDENCE' },
    });
    expect(await setImprovementPlanEvidence(w.db, planId, '标准文件与交底记录已归档', [], ctx())).toEqual({
      ok: true,
      value: undefined,
    });
    expect(await moveImprovementPlan(w.db, planId, 'submit', TODAY, mail, ctx())).toEqual({
      ok: true,
      value: 'awaiting_verification',
    });

    const submitted = (await getImprovementPlan(w.db, planId, TODAY))!;
    expect(submitted.verifications).toHaveLength(3);
    for (const v of submitted.verifications) {
      expect(v.employeeId).not.toBe(owner);
      const duty = await w.sql.get('select kind, employee_id, household_id, status from duties where id = ?', v.dutyId);
      expect(duty).toEqual({
        kind: 'verification',
        employee_id: v.employeeId,
        household_id: v.householdId,
        status: 'planned',
      });
    }
    expect(await w.sql.value<number>(`select count(*) from outbox where ref = ?`, `plan:${planId}`)).toBeGreaterThan(0);

    const [first, ...rest] = submitted.verifications;
    expect(
      await recordVerification(w.db, planId, first!.id, { outcome: 'fixed', notes: '', visitedOn: TODAY }, TODAY, {
        actorId: owner,
        at: AT,
      }),
    ).toMatchObject({ ok: false, error: { code: 'VERIFICATION_NOT_YOURS' } });
    expect(
      await recordVerification(
        w.db,
        planId,
        first!.id,
        { outcome: 'not_fixed', notes: '仍有渗水', visitedOn: TODAY },
        TODAY,
        { actorId: first!.employeeId, at: AT },
      ),
    ).toEqual({ ok: true, value: 'awaiting_verification' });
    for (const v of rest)
      await recordVerification(w.db, planId, v.id, { outcome: 'fixed', notes: '', visitedOn: TODAY }, TODAY, {
        actorId: v.employeeId,
        at: AT,
      });
    // One household still had the problem: back to work, and a new round once resubmitted.
    expect((await getImprovementPlan(w.db, planId, TODAY))!.status).toBe('in_progress');
    expect(await moveImprovementPlan(w.db, planId, 'submit', TODAY, mail, ctx())).toEqual({
      ok: true,
      value: 'awaiting_verification',
    });
    const round2 = (await getImprovementPlan(w.db, planId, TODAY))!.verifications.filter((v) => v.round === 2);
    expect(round2).toHaveLength(3);
    for (const v of round2)
      await recordVerification(w.db, planId, v.id, { outcome: 'fixed', notes: '', visitedOn: TODAY }, TODAY, {
        actorId: v.employeeId,
        at: AT,
      });
    const closed = (await getImprovementPlan(w.db, planId, TODAY))!;
    expect(closed).toMatchObject({ status: 'closed', closedOn: TODAY });
    expect(closed.events.map((e) => e.move)).toEqual([
      'create',
      'approve',
      'start',
      'submit',
      'fail',
      'submit',
      'verify',
    ]);
    // The history says what the system did as figures, which each reader's language words.
    expect(closed.events.map((e) => e.note)).toEqual([
      null,
      null,
      null,
      { kind: 'round_opened', round: 1, households: 3 },
      { kind: 'not_fixed', households: 1 },
      { kind: 'round_opened', round: 2, households: 3 },
      null,
    ]);
    expect(await w.sql.value(`select status from duties where id = ?`, round2[0]!.dutyId)).toBe('done');
  });

  it('puts the closed plan for future projects in the defect library, found by other words for the same thing', async () => {
    const w = await world();
    const planId = await closedFutureImprovementPlan(w, await confirmedLeak(w));
    const [hit] = await searchDefects(w.db, { q: '厕所渗水' });
    expect(hit).toMatchObject({ planId, title: '卫生间防水标准升级' });
    expect(hit!.occurrences).toBeGreaterThanOrEqual(5);
    expect(await searchDefects(w.db, { q: '电梯噪音' })).toEqual([]);
  });

  it('reopens the plan when one of its households reports the problem again, and tells the owner', async () => {
    const w = await world();
    const issueId = await confirmedLeak(w);
    const planId = await closedFutureImprovementPlan(w, issueId);
    const plan = (await getImprovementPlan(w.db, planId, TODAY))!;
    // The owner reads English: the message is written in it.
    await w.sql.run(`update employees set language = 'en' where id = ?`, plan.ownerId);
    const household = await w.sql.value<number>(
      `select vh.household_id from common_issue_items ci join visit_issues vi on vi.id = ci.item_id join visit_households vh on vh.visit_id = vi.visit_id where ci.common_issue_id = ? order by vh.household_id limit 1`,
      issueId,
    );
    const owner = await w.sql.value<number | null>('select owner_employee_id from households where id = ?', household);
    await factoriesOf(w).visitWithIssue({
      employeeId: owner ?? w.id('staff'),
      householdId: household,
      projectId: w.ids.project,
      regionId: w.ids.east,
      description: '卫生间吊顶又漏水了',
      visitedOn: '2026-11-24',
    });
    const report = await runDetection(w.db, { today: '2026-11-24', mail }, { actorId: w.id('cr'), at: AT });
    expect(report?.reopened).toBe(1);
    const reopened = (await getImprovementPlan(w.db, planId, '2026-11-24'))!;
    expect(reopened.status).toBe('reopened');
    expect(reopened.events.at(-1)).toMatchObject({ move: 'reopen', from: 'closed', to: 'reopened' });
    expect(reopened.events.at(-1)!.note).toMatchObject({ kind: 'reported_again', items: [expect.any(Number)] });
    expect(
      await w.sql.value(
        `select count(*) from outbox where ref = ? and to_employee_id = ? and subject like '[Frontline] Plan reopened: %' and body_text like 'Hello %'`,
        `plan:${planId}`,
        plan.ownerId,
      ),
    ).toBe(1);
  });

  it('reports the month for a region', async () => {
    const w = await world();
    const issueId = await confirmedLeak(w);
    const planId = await closedFutureImprovementPlan(w, issueId);
    const region = await w.sql.value<number>(
      `select region_id from projects where id = ?`,
      (await getCommonIssue(w.db, issueId))!.projects[0]!.id,
    );
    const report = (await defectReport(w.db, region, '2026-11', TODAY))!;
    expect(report.topIssues.length).toBeGreaterThan(0);
    expect(report.newCommonIssues.map((c) => c.id)).toContain(issueId);
    expect(report.plans.map((p) => p.id)).toContain(planId);
  });
});

describe('a plan awaiting verification, then a planning run', () => {
  const options: PlanOptions = { horizon: { from: TODAY, to: '2027-11-22' }, today: TODAY, allowUnknownYears: false };
  const ctx = { actorId: null, at: AT };

  it('completes the run and leaves the verification revisits alone', async () => {
    const db = await createTestDatabase();
    cleanups.push(db.cleanup);
    const sql = testSql(db);
    const f = factories(db);
    const region = await f.region();
    const project = await f.project(region.id);
    const staff = [];
    for (let i = 0; i < 3; i++) staff.push(await f.employee({ regionId: region.id, projectId: project.id }));
    await f.employee({
      position: 'project_head',
      line: 'president_office',
      regionId: region.id,
      projectId: project.id,
    });
    const households = [];
    for (let i = 0; i < 6; i++) households.push(await f.household(project.id, { room: String(1501 + i) }));
    const first = await runPlan(db, options, ctx);
    expect(first.duties.created).toBeGreaterThan(0);

    // Five households report the same leak: a common issue, confirmed, with a plan that is submitted.
    for (const h of households.slice(0, 5)) {
      const owner = await sql.value<number>('select owner_employee_id from households where id = ?', h.id);
      await f.visitWithIssue({
        employeeId: owner,
        householdId: h.id,
        projectId: project.id,
        regionId: region.id,
        description: '卫生间吊顶漏水',
      });
    }
    await runDetection(db, { today: TODAY, mail: null }, ctx);
    const [issue] = await listCommonIssues(db, { status: 'suggested' });
    expect(issue).toBeDefined();
    expect(await confirmCommonIssue(db, issue!.id, '卫生间漏水', ctx)).toEqual({ ok: true, value: undefined });
    const plan = await createImprovementPlan(
      db,
      {
        commonIssueId: issue!.id,
        kind: 'targeted',
        title: '卫生间返修',
        description: '逐户返修',
        cause: '防水收口',
        standardChange: '',
        ownerLine: 'engineering',
        ownerId: staff[0]!.id,
        projectId: project.id,
        sampleSize: 3,
        actions: [{ title: '返修', ownerId: staff[0]!.id, dueOn: '2026-11-30' }],
      },
      ctx,
    );
    if (!plan.ok) throw new Error(JSON.stringify(plan.error));
    expect(await moveImprovementPlan(db, plan.value, 'approve', TODAY, null, ctx)).toEqual({
      ok: true,
      value: 'approved',
    });
    const action = (await getImprovementPlan(db, plan.value, TODAY))!.actionList[0]!;
    expect((await completeImprovementPlanAction(db, plan.value, action.id, '已返修', TODAY, ctx)).ok).toBe(true);
    expect(
      (await setImprovementPlanEvidence(db, plan.value, '返修记录', [], { actorId: staff[0]!.id, at: AT })).ok,
    ).toBe(true);
    expect(await moveImprovementPlan(db, plan.value, 'submit', TODAY, null, ctx)).toEqual({
      ok: true,
      value: 'awaiting_verification',
    });
    const revisits = () =>
      sql.all<{ id: number; employee_id: number; status: string; due_to: string }>(
        `select id, employee_id, status, due_to from duties where kind = 'verification' order by id`,
      );
    const before = await revisits();
    expect(before).toHaveLength(3);

    const report = await runPlan(db, options, ctx);
    expect(report.regions).toBe(1);
    expect(await revisits()).toEqual(before);
    expect((await getImprovementPlan(db, plan.value, TODAY))!.status).toBe('awaiting_verification');
  });
});
