import { afterEach, describe, expect, it } from 'vitest';
import { confirmCommonIssue, listCommonIssues, runDetection } from './common-issues.ts';
import { currentFormVersion } from './repositories/forms.ts';
import { completePlanAction, createPlan, getPlan, movePlan, setPlanEvidence } from './improvement-plans.ts';
import { DUTY_DEPENDENTS, runPlan, type PlanOptions } from './bulk/planning.ts';
import { factories, createTestDatabase } from './testing/index.ts';

const AT = Date.UTC(2026, 10, 23, 2);
const TODAY = '2026-11-23';
const options: PlanOptions = { horizon: { from: TODAY, to: '2027-11-22' }, today: TODAY, allowUnknownYears: false };
const ctx = { actorId: null, at: AT };

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function database() {
  const db = await createTestDatabase();
  cleanups.push(db.cleanup);
  return db;
}

describe('what the planner may remove', () => {
  it('knows every table that refers to a duty', async () => {
    const db = await database();
    const tables = db.sqlite.prepare(`select name from sqlite_master where type = 'table'`).pluck().all() as string[];
    const referring = tables.flatMap((table) =>
      (db.sqlite.prepare(`select "table" as target, "from" as column from pragma_foreign_key_list(?)`).all(table) as { target: string; column: string }[])
        .filter((fk) => fk.target === 'duties')
        .map((fk) => `${table}.${fk.column}`),
    );
    expect(referring.sort()).toEqual(DUTY_DEPENDENTS.map((d) => `${d.table}.${d.column}`).sort());
  });
});

describe('a plan awaiting verification, then a planning run', () => {
  it('completes the run and leaves the verification revisits alone', async () => {
    const db = await database();
    const f = factories(db);
    const region = await f.region();
    const project = await f.project(region.id);
    const staff = [];
    for (let i = 0; i < 3; i++) staff.push(await f.employee({ regionId: region.id, projectId: project.id }));
    await f.employee({ position: 'project_head', line: 'president_office', regionId: region.id, projectId: project.id });
    const households = [];
    for (let i = 0; i < 6; i++) households.push(await f.household(project.id, { room: String(1501 + i) }));
    const first = await runPlan(db, options, ctx);
    expect(first.duties.created).toBeGreaterThan(0);

    // Five households report the same leak: a common issue, confirmed, with a plan that is submitted.
    for (const h of households.slice(0, 5)) {
      const owner = db.sqlite.prepare('select owner_employee_id from households where id = ?').pluck().get(h.id) as number;
      await f.visitWithIssue({ employeeId: owner, householdId: h.id, projectId: project.id, regionId: region.id, description: '卫生间吊顶漏水' });
    }
    await runDetection(db, { today: TODAY, mail: null }, ctx);
    const [issue] = await listCommonIssues(db, { status: 'suggested' });
    expect(issue).toBeDefined();
    expect(await confirmCommonIssue(db, issue!.id, '卫生间漏水', ctx)).toEqual({ ok: true, value: undefined });
    const plan = await createPlan(
      db,
      {
        commonIssueId: issue!.id, kind: 'targeted', title: '卫生间返修', description: '逐户返修', cause: '防水收口', standardChange: '', ownerLine: 'engineering',
        ownerId: staff[0]!.id, projectId: project.id, sampleSize: 3, actions: [{ title: '返修', ownerId: staff[0]!.id, dueOn: '2026-11-30' }],
      },
      ctx,
    );
    if (!plan.ok) throw new Error(JSON.stringify(plan.error));
    expect(await movePlan(db, plan.value, 'approve', TODAY, null, ctx)).toEqual({ ok: true, value: 'approved' });
    const action = (await getPlan(db, plan.value, TODAY))!.actionList[0]!;
    expect((await completePlanAction(db, plan.value, action.id, '已返修', TODAY, ctx)).ok).toBe(true);
    expect((await setPlanEvidence(db, plan.value, '返修记录', [], { actorId: staff[0]!.id, at: AT })).ok).toBe(true);
    expect(await movePlan(db, plan.value, 'submit', TODAY, null, ctx)).toEqual({ ok: true, value: 'awaiting_verification' });
    const revisits = () =>
      db.sqlite.prepare(`select id, employee_id, status, due_to from duties where kind = 'verification' order by id`).all() as { id: number; employee_id: number; status: string; due_to: string }[];
    const before = revisits();
    expect(before).toHaveLength(3);

    const report = await runPlan(db, options, ctx);
    expect(report.regions).toBe(1);
    expect(revisits()).toEqual(before);
    expect((await getPlan(db, plan.value, TODAY))!.status).toBe('awaiting_verification');
  });

  it('keeps a planned duty that a draft hangs on when its person leaves, and removes the others', async () => {
    const db = await database();
    const f = factories(db);
    const region = await f.region();
    const project = await f.project(region.id);
    const leaver = await f.employee({ regionId: region.id, projectId: project.id });
    await f.employee({ regionId: region.id, projectId: project.id });
    for (let i = 0; i < 4; i++) await f.household(project.id);
    await runPlan(db, options, ctx);
    const duties = db.sqlite.prepare(`select id from duties where employee_id = ? and status = 'planned' order by id`).pluck().all(leaver.id) as number[];
    expect(duties.length).toBeGreaterThan(1);
    const version = (await currentFormVersion(db, 7))!;
    db.sqlite
      .prepare(`insert into visit_drafts (client_id, employee_id, form_version_id, duty_id, payload, updated_at) values (?, ?, ?, ?, '{}', ?)`)
      .run('00000000-0000-4000-a000-0000000000aa', leaver.id, version.id, duties[0], AT);
    db.sqlite.prepare('update employees set active = 0 where id = ?').run(leaver.id);
    const report = await runPlan(db, options, ctx);
    const left = db.sqlite.prepare(`select id from duties where employee_id = ? and status = 'planned'`).pluck().all(leaver.id);
    expect(left).toEqual([duties[0]]);
    expect(report.duties.removed).toBeGreaterThan(0);
    expect(report.duties.kept).toBeGreaterThanOrEqual(1);
  });
});
