import { afterEach, describe, expect, it } from 'vitest';
import { getVisit } from '../repositories/visits.ts';
import {
  DEMO_GROUP,
  generateGroup,
  planDemo,
  SEED_COLUMNS,
  seedDemoHistory,
  seedGroup,
  type SeedTable,
} from '../seed/index.ts';
import { createTestDatabase, factories, testSql } from '../testing/index.ts';
import { validateAnswers } from '@frontline/core';
import { categoryRefs, currentFormVersion, listCategories } from '../repositories/forms.ts';
import { Refusal } from '../refusal.ts';
import { unitOfWork } from '../unit-of-work.ts';
import { rebuildMonthlyTotals } from './monthly-totals.ts';
import { runPlan } from './planning.ts';
import { openTicketClockInputs, writeTicketClocks } from './ticket-clocks.ts';
import { generateTicketHistory } from './tickets.ts';
import { insertVisitRows } from './visits.ts';

/**
 * The bulk writes on whichever database the run is given (SQLite, or
 * PostgreSQL under .ci/postgres.sh): the same rows, counts and reports on
 * both, each operation all or nothing. Assertions go through testSql, so
 * the one file checks both dialects' paths.
 */

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function database() {
  const db = await createTestDatabase();
  cleanups.push(db.cleanup);
  return { db, q: testSql(db) };
}

const TODAY = '2026-11-23';
const AT = Date.UTC(2026, 10, 23, 2);
const options = { horizon: { from: TODAY, to: '2027-11-22' }, today: TODAY, allowUnknownYears: false };
const SEED = 20261123;

/** What the generator emits for the demo group, table by table (it is deterministic). */
function expectedSeedCounts(): Record<SeedTable, number> {
  return generateGroup({ size: DEMO_GROUP, seed: SEED, passwordHash: 'x', createdAt: 0 }, () => {});
}

describe('the demo seed', () => {
  it('writes every generated row, and later inserts get fresh ids', async () => {
    const { db, q } = await database();
    const written = await seedGroup(db, { passwordHash: 'x', seed: SEED });
    const expected = expectedSeedCounts();
    expect(written).toEqual(expected);
    for (const table of Object.keys(SEED_COLUMNS) as SeedTable[])
      expect(Number(await q.value(`select count(*) from ${table}`)), table).toBe(expected[table]);
    // The seed gives ids; an insert without one must not collide with them.
    const f = factories(db);
    const region = await f.region();
    expect(region.id).toBe(Number(await q.value('select max(id) from regions')));
    expect(region.id).toBeGreaterThan(expected.regions);
    const employee = await f.employee();
    expect(employee.id).toBeGreaterThan(expected.employees);
  });

  it('writes nothing when a row fails', async () => {
    const { db, q } = await database();
    await factories(db).region(); // takes id 1, which the seed gives its first region
    await expect(seedGroup(db, { passwordHash: 'x', seed: SEED })).rejects.toThrow();
    expect(Number(await q.value('select count(*) from regions'))).toBe(1);
    expect(Number(await q.value('select count(*) from households'))).toBe(0);
  });
});

describe('the planning run', () => {
  it('plans the demo group once: a second run creates, changes and removes nothing', async () => {
    const { db, q } = await database();
    await seedGroup(db, { passwordHash: 'x', seed: SEED });
    const first = await planDemo(db, TODAY, AT);
    expect(first.duties.created).toBeGreaterThan(1000);
    expect(first.ownership.moved).toBeGreaterThan(1000);
    const duties = Number(await q.value('select count(*) from duties'));
    expect(duties).toBe(first.duties.created);
    expect(Number(await q.value('select count(*) from household_assignments'))).toBe(first.ownership.moved);
    expect(Number(await q.value('select count(*) from households where owner_employee_id is not null'))).toBe(
      first.ownership.moved - first.ownership.unassigned,
    );
    const again = await runPlan(db, options, { actorId: null, at: AT + 1 });
    expect(again.duties).toMatchObject({ created: 0, updated: 0, removed: 0 });
    expect(again.ownership.moved).toBe(0);
    expect(Number(await q.value('select count(*) from duties'))).toBe(duties);
  });

  it('writes nothing on a dry run', async () => {
    const { db, q } = await database();
    await seedGroup(db, { passwordHash: 'x', seed: SEED });
    const preview = await runPlan(db, options, { actorId: null, at: AT }, undefined, { dryRun: true });
    expect(preview.duties.created).toBeGreaterThan(1000);
    expect(Number(await q.value('select count(*) from duties'))).toBe(0);
    expect(Number(await q.value('select count(*) from household_assignments'))).toBe(0);
    expect(Number(await q.value('select count(*) from households where owner_employee_id is not null'))).toBe(0);
  });

  it('writes the demo history: every past duty gets an outcome', async () => {
    const { db, q } = await database();
    await seedGroup(db, { passwordHash: 'x', seed: SEED });
    const { duties } = await seedDemoHistory(db, '2026-09-01', TODAY, AT);
    expect(duties).toBeGreaterThan(100);
    const byStatus = await q.all<{ status: string; n: number }>(
      `select status, count(*) as n from duties where due_to < ? group by status order by status`,
      TODAY,
    );
    const settled = byStatus.filter((r) => ['done', 'missed', 'excused'].includes(r.status));
    expect(settled.reduce((sum, r) => sum + Number(r.n), 0)).toBe(duties);
    expect(settled.map((r) => r.status)).toEqual(['done', 'excused', 'missed']);
    expect(Number(await q.value(`select count(*) from duties where status = 'done' and completed_on is null`))).toBe(0);
  });
});

describe('a visit', () => {
  it('reads back with its households, answers, issue and monthly totals, which a rebuild reproduces', async () => {
    const { db, q } = await database();
    const f = factories(db);
    const region = await f.region();
    const project = await f.project(region.id);
    const employee = await f.employee({ regionId: region.id, projectId: project.id });
    const household = await f.household(project.id);
    const place = { employeeId: employee.id, householdId: household.id, projectId: project.id, regionId: region.id };
    const first = await f.visitWithIssue({ ...place, description: '卫生间吊顶渗水' });
    await f.visitWithIssue({ ...place, description: '窗户漏雨' });

    const visit = await getVisit(db, first.id);
    expect(visit?.answers).toMatchObject({ overall: 2, household_status: 'living' });
    expect(visit?.issues.map((i) => i.description)).toEqual(['卫生间吊顶渗水']);
    expect(await q.values('select household_id from visit_households where visit_id = ?', first.id)).toEqual([
      household.id,
    ]);
    expect(await q.values('select employee_id from visit_staff where visit_id = ?', first.id)).toEqual([employee.id]);

    const totals = async () => ({
      visits: await q.all('select region_id, project_id, checkpoint, month, visits from visit_monthly order by month'),
      feedback: await q.all(
        'select dimension, month, rating_sum, rating_count, rating_satisfied from feedback_monthly order by dimension, month',
      ),
      issues: await q.all('select category_id, month, items from issue_monthly order by category_id, month'),
    });
    const incremental = await totals();
    expect(incremental.visits).toEqual([
      { region_id: region.id, project_id: project.id, checkpoint: 7, month: '2026-11', visits: 2 },
    ]);
    expect(incremental.feedback).toContainEqual({
      dimension: 'overall',
      month: '2026-11',
      rating_sum: 4,
      rating_count: 2,
      rating_satisfied: 0,
    });
    expect(incremental.issues).toHaveLength(1);
    expect(Number(incremental.issues[0]!.items)).toBe(2);

    await rebuildMonthlyTotals(db);
    expect(await totals()).toEqual(incremental);
  });

  it('is written with its unit of work: a refusal after the rows leaves no row and no total', async () => {
    const { db, q } = await database();
    const f = factories(db);
    const region = await f.region();
    const project = await f.project(region.id);
    const employee = await f.employee({ regionId: region.id, projectId: project.id });
    const household = await f.household(project.id);
    const version = (await currentFormVersion(db, 7))!;
    const category = (await listCategories(db)).find((c) => c.code === 'leaks')!;
    const answers = validateAnswers(
      version.definition,
      {
        overall: 5,
        household_status: 'living',
        issues: [
          {
            dimension: category.dimension,
            categoryId: category.id,
            severity: 'major',
            building: '1',
            unit: '1',
            room: '101',
            area: '卫生间',
            description: '吊顶渗水',
            photos: [],
          },
        ],
      },
      await categoryRefs(db),
    );
    if (!answers.ok) throw new Error(JSON.stringify(answers.error));
    const refused = await unitOfWork(db, async (tx) => {
      const { issueCount } = await insertVisitRows(
        db,
        tx,
        {
          clientId: '00000000-0000-4000-9000-00000000beef',
          employeeId: employee.id,
          dutyId: null,
          bookingId: null,
          checkpoint: 7,
          formVersionId: version.id,
          definition: version.definition,
          projectId: project.id,
          regionId: region.id,
          channel: 'home_visit',
          visitedOn: '2026-11-20',
          visitedAt: '10:00',
          householdIds: [household.id, household.id],
          staffIds: [employee.id],
          answers: answers.value,
          photoIds: [],
        },
        AT,
      );
      expect(issueCount).toBe(1);
      expect(
        Number(await testSql({ kysely: tx, dialect: db.dialect }).value('select count(*) from visit_issues')),
      ).toBe(1);
      throw new Refusal({ code: 'CONFLICT' });
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    for (const table of [
      'visits',
      'visit_households',
      'visit_staff',
      'visit_answers',
      'visit_issues',
      'visit_monthly',
      'feedback_monthly',
      'issue_monthly',
    ])
      expect(Number(await q.value(`select count(*) from ${table}`)), table).toBe(0);
  });
});

describe('ticket history and clocks', () => {
  it('writes tickets with their events and follow-ups, reads open clocks back and writes their deadlines', async () => {
    const { db, q } = await database();
    await seedGroup(db, { passwordHash: 'x', seed: SEED });
    const made = await generateTicketHistory(db, { count: 400, endAt: AT, years: 1, seed: 3 });
    expect(made.tickets).toBe(400);
    expect(Number(await q.value('select count(*) from tickets'))).toBe(made.tickets);
    expect(Number(await q.value('select count(*) from ticket_events'))).toBe(made.events);
    expect(Number(await q.value('select count(*) from ticket_follow_ups'))).toBe(made.followUps);
    expect(Number(await q.value('select count(*) from ticket_monthly'))).toBe(made.monthlyCells);
    // Every follow-up's duty is the ticket's own.
    expect(
      Number(
        await q.value(
          'select count(*) from ticket_follow_ups f join duties d on d.id = f.duty_id where d.ticket_id = f.ticket_id',
        ),
      ),
    ).toBe(made.followUps);

    const open = await openTicketClockInputs(db);
    expect(open).toHaveLength(made.open);
    expect(open.map((t) => t.id)).toEqual([...open.map((t) => t.id)].sort((a, b) => a - b));
    for (const t of open) expect(t.events[0]!.at).toBe(t.acceptedAt);

    const target = open[0]!;
    await writeTicketClocks(db, [
      { id: target.id, firstResponseBy: 11, resolveBy: 22, breached: true, remindAt: null, escalateAt: 33 },
    ]);
    expect(
      await q.get(
        'select first_response_by, resolve_by, breached, remind_at, escalate_at from tickets where id = ?',
        target.id,
      ),
    ).toEqual({ first_response_by: 11, resolve_by: 22, breached: 1, remind_at: null, escalate_at: 33 });

    // A second history in the same database neither collides with the first's ids nor loses its monthly cells.
    const more = await generateTicketHistory(db, { count: 50, endAt: AT, years: 1, seed: 4, clientIdPrefix: 'more' });
    expect(Number(await q.value('select count(*) from tickets'))).toBe(made.tickets + more.tickets);
  });
});
