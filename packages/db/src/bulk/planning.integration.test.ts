import { OWNERSHIP_STAGES, personReplan } from '@frontline/core';
import { afterEach, describe, expect, it } from 'vitest';
import { getEmployee, updateEmployeeActive } from '../repositories/org.ts';
import { loadWorkCalendar, replaceCalendarYear } from '../repositories/calendar.ts';
import { complianceBoard } from '../repositories/compliance.ts';
import { markOverdueMissed } from '../repositories/duties.ts';
import { seedGroup } from '../seed/index.ts';
import { createTestDatabase, testSql } from '../testing/index.ts';
import { unitOfWork } from '../unit-of-work.ts';
import { runPlan, type PlanOptions } from './planning.ts';

/**
 * The planning run on the demo group: the one place the planner meets a
 * whole group's worth of people, projects and households (the smoke test
 * of the seed as well). Other tests build their own small worlds.
 */

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

const ctx = { actorId: null, at: Date.UTC(2026, 10, 23, 2) };
const options: PlanOptions = {
  horizon: { from: '2026-11-23', to: '2027-11-22' },
  today: '2026-11-23',
  allowUnknownYears: false,
};

async function planned() {
  const db = await createTestDatabase();
  cleanups.push(db.cleanup);
  await seedGroup(db, { passwordHash: 'x' });
  const report = await runPlan(db, options, ctx);
  const sql = testSql(db);
  const count = (q: string, ...args: unknown[]) => sql.value<number>(q, ...args);
  return { db, report, count, sql };
}

describe('planning run on the demo group', () => {
  it('gives every delivering or occupied household one owner, balanced within each project', async () => {
    const { report, count, sql } = await planned();
    const stages = OWNERSHIP_STAGES.map((s) => `'${s}'`).join(',');
    expect(
      await count(
        `select count(*) from households h join projects p on p.id = h.project_id where p.stage in (${stages}) and h.owner_employee_id is null`,
      ),
    ).toBe(0);
    expect(
      await count(
        `select count(*) from households h join projects p on p.id = h.project_id where p.stage not in (${stages}) and h.owner_employee_id is not null`,
      ),
    ).toBe(0);
    const spread = await sql.all<{ spread: number }>(
      `select project_id, max(n) - min(n) as spread from (
         select e.project_id, e.id, (select count(*) from households h where h.owner_employee_id = e.id) as n
         from employees e join projects p on p.id = e.project_id
         where e.active = 1 and e.position = 'staff' and p.stage in (${stages})) as staff_load group by project_id`,
    );
    expect(spread.length).toBeGreaterThan(0);
    expect(spread.every((s) => s.spread <= 1)).toBe(true);
    expect(report.ownership.moved).toBe(
      await count('select count(*) from household_assignments where reason = ?', 'initial'),
    );
  });

  it('plans into 2027 on the law alone (its notice is not out), and says so', async () => {
    const { db, report, count, sql } = await planned();
    expect(report.unknownYears).toEqual([]);
    expect(report.provisionalYears).toEqual([2027]);
    expect(report.unplaced.some((u) => u.reason === 'unknown_year')).toBe(false);
    expect(
      await count("select count(*) from duties where due_from >= '2027-01-01' and kind = 'reception'"),
    ).toBeGreaterThan(0);
    expect(
      await count("select count(*) from duties where due_from >= '2027-01-01' and kind = 'home_visit'"),
    ).toBeGreaterThan(0);
    // No reception proposed on a statutory holiday, nor on a likely one.
    const calendar = await loadWorkCalendar(db);
    const proposed = await sql.values<string>(
      `select proposed_on from duties where kind = 'reception' and proposed_on >= '2027-01-01' order by proposed_on`,
    );
    expect(proposed.length).toBeGreaterThan(0);
    for (const d of proposed) {
      expect(calendar.isWorkingDay(d)).toBe(true);
      expect(calendar.isLikelyHoliday(d)).toBe(false);
    }
  });

  it('is idempotent: a second run creates, changes and removes nothing, and keeps what people fixed', async () => {
    const { db, report, count, sql } = await planned();
    const total = await count('select count(*) from duties');
    expect(report.duties.created).toBe(total);
    const reception = (await sql.get<{ id: number; proposed_on: string }>(
      "select id, proposed_on from duties where kind = 'reception' order by id limit 1",
    ))!;
    await sql.run("update duties set status = 'scheduled', scheduled_on = proposed_on where id = ?", reception.id);
    const again = await runPlan(db, options, ctx);
    expect(again.duties).toEqual({ created: 0, updated: 0, unchanged: total - 1, kept: 1, removed: 0 });
    expect(again.ownership.moved).toBe(0);
    expect(await count('select count(*) from duties')).toBe(total);
    expect(await count("select count(*) from duties where id = ? and status = 'scheduled'", reception.id)).toBe(1);
  });

  it('when an employee leaves, only their households move and their open duties go', async () => {
    const { db, count, sql } = await planned();
    const leaver = await count(
      'select owner_employee_id from households where owner_employee_id is not null order by id limit 1',
    );
    const theirs = await count('select count(*) from households where owner_employee_id = ?', leaver);
    const before = new Map(
      (
        await sql.all<{ id: number; o: number | null }>('select id, owner_employee_id as o from households order by id')
      ).map((h) => [h.id, h.o]),
    );
    await db.kysely.transaction().execute((tx) => updateEmployeeActive(tx, leaver, false, '2026-11-23', ctx.at));
    const report = await runPlan(db, { ...options, ...personReplan((await getEmployee(db, leaver))!)! }, ctx);
    expect(report!.ownership.moved).toBe(theirs);
    const after = await sql.all<{ id: number; o: number | null }>(
      'select id, owner_employee_id as o from households order by id',
    );
    const changed = after.filter((h) => before.get(h.id) !== h.o);
    expect(changed).toHaveLength(theirs);
    expect(changed.every((h) => before.get(h.id) === leaver && h.o !== leaver && h.o !== null)).toBe(true);
    expect(
      await count(
        "select count(*) from household_assignments where reason = 'leaver' and from_employee_id = ?",
        leaver,
      ),
    ).toBe(theirs);
    expect(
      await count("select count(*) from duties where employee_id = ? and status in ('planned', 'scheduled')", leaver),
    ).toBe(0);
  });

  it('marks missed duties once, however often the daily job runs', async () => {
    const { db, count } = await planned();
    const open = await count(
      "select count(*) from duties where due_to < '2026-12-01' and status in ('planned','scheduled','delegated')",
    );
    expect(open).toBeGreaterThan(0);
    const markMissed = async () => db.kysely.transaction().execute((tx) => markOverdueMissed(tx, '2026-12-01', ctx.at));
    expect(await markMissed()).toBe(open);
    expect(await markMissed()).toBe(0);
    const board = await complianceBoard(db, {
      from: '2026-11-01',
      to: '2026-11-30',
      groupBy: 'region',
      scope: { kind: 'group' },
    });
    expect(board.reduce((n, r) => n + r.missed, 0)).toBe(open);
    expect(board.every((r) => r.assigned === r.done + r.missed + r.excused + r.open)).toBe(true);
  });
});

describe('calendar data', () => {
  it('ships 2024–2026 and takes an admin’s new year (the calendar feature audits it)', async () => {
    const db = await createTestDatabase();
    cleanups.push(db.cleanup);
    expect((await loadWorkCalendar(db)).years).toEqual([2024, 2025, 2026]);
    await unitOfWork(db, (tx) =>
      replaceCalendarYear(
        tx,
        { year: 2027, source: 'test', days: [{ date: '2027-01-01', kind: 'holiday', name: '元旦' }] },
        undefined,
        ctx,
      ),
    );
    const calendar = await loadWorkCalendar(db);
    expect(calendar.status('2027-01-01')).toEqual({ date: '2027-01-01', kind: 'holiday', name: '元旦' });
    expect(calendar.isWorkingDay('2027-01-04')).toBe(true);
  });
});
