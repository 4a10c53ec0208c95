import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { bookingConstraints } from '../dialect/sqlite.ts';
import { createTestDatabase, factories, testDialect, testSql } from '../testing/index.ts';
import { unitOfWork } from '../unit-of-work.ts';
import { insertBooking } from './bookings.ts';

/** The database's own guards on bookings (migration 003), whatever the code above it does. */
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

/** A reception day of two 30-minute slots for two households each, and five households of the project, each looked after by its own employee. */
async function setUp() {
  const db = await createTestDatabase();
  cleanups.push(db.cleanup);
  const f = factories(db);
  const region = await f.region();
  const project = await f.project(region.id);
  const executive = await f.employee({ position: 'project_head', regionId: region.id, projectId: project.id });
  const households: { id: number; owner_employee_id: number }[] = [];
  for (let i = 0; i < 5; i++) {
    const owner = await f.employee({ regionId: region.id, projectId: project.id });
    households.push({
      id: (await f.household(project.id, { ownerEmployeeId: owner.id })).id,
      owner_employee_id: owner.id,
    });
  }
  const day = await f.receptionDay({
    employeeId: executive.id,
    regionId: region.id,
    projectId: project.id,
    date: '2026-12-10',
    capacity: 2,
  });
  return { db, f, day, households };
}

describe('the database refuses what the code might let through', () => {
  it('a raw insert over a slot’s capacity, or a second booking of a household that day, fails', async () => {
    const { db, day, households } = await setUp();
    const insert = (...row: unknown[]) =>
      testSql(db).run(
        `insert into reception_bookings (day_id, slot_id, household_id, booked_by, date, note, status, created_at, updated_at) values (?, ?, ?, ?, ?, '', 'booked', 0, 0)`,
        ...row,
      );
    const slot = day.slots[0]!.id;
    await insert(day.id, slot, households[0]!.id, households[0]!.owner_employee_id, day.date);
    await insert(day.id, slot, households[1]!.id, households[1]!.owner_employee_id, day.date);
    await expect(insert(day.id, slot, households[2]!.id, households[2]!.owner_employee_id, day.date)).rejects.toThrow(
      'SLOT_FULL',
    );
    // SQLite says UNIQUE constraint failed; PostgreSQL, violates unique constraint.
    await expect(
      insert(day.id, day.slots[1]!.id, households[0]!.id, households[0]!.owner_employee_id, day.date),
    ).rejects.toThrow(/unique/i);
  });

  // Races better-sqlite3 connections on the SQLite file in worker threads: SQLite's own locking.
  it.skipIf(testDialect() !== 'sqlite')(
    'eight connections racing for the last place in a slot: exactly one wins',
    async () => {
      const { db, day, households } = await setUp();
      const slot = day.slots[0]!.id;
      // One place left.
      db.sqlite
        .prepare(
          `insert into reception_bookings (day_id, slot_id, household_id, booked_by, date, note, status, created_at, updated_at) values (?, ?, ?, ?, ?, '', 'booked', 0, 0)`,
        )
        .run(day.id, slot, households[0]!.id, households[0]!.owner_employee_id, day.date);
      const racers = households.slice(1, 5).flatMap((h) => [h, h]);
      const code = `
      const { workerData, parentPort } = require('node:worker_threads');
      const Database = require(workerData.driver);
      const db = new Database(workerData.path);
      db.pragma('busy_timeout = 5000');
      const insert = db.prepare("insert into reception_bookings (day_id, slot_id, household_id, booked_by, date, note, status, created_at, updated_at) values (?, ?, ?, ?, ?, '', 'booked', 0, 0)");
      const view = new Int32Array(workerData.gate);
      Atomics.wait(view, 0, 0);
      try { insert.run(...workerData.row); parentPort.postMessage('ok'); } catch (e) { parentPort.postMessage(String(e.message)); }
      db.close();`;
      const gate = new SharedArrayBuffer(4);
      const driver = (await import('node:module')).createRequire(import.meta.url).resolve('better-sqlite3');
      const results = racers.map(
        (h) =>
          new Promise<string>((resolve, reject) => {
            const w = new Worker(code, {
              eval: true,
              workerData: { path: db.path, driver, gate, row: [day.id, slot, h.id, h.owner_employee_id, day.date] },
            });
            w.once('message', resolve);
            w.once('error', reject);
          }),
      );
      await new Promise((r) => setTimeout(r, 300));
      Atomics.store(new Int32Array(gate), 0, 1);
      Atomics.notify(new Int32Array(gate), 0);
      const outcomes = await Promise.all(results);
      expect(outcomes.filter((o) => o === 'ok')).toHaveLength(1);
      expect(outcomes.filter((o) => o !== 'ok').every((o) => /SLOT_FULL|UNIQUE/.test(o))).toBe(true);
      expect(
        db.sqlite
          .prepare(`select count(*) from reception_bookings where slot_id = ? and status = 'booked'`)
          .pluck()
          .get(slot),
      ).toBe(2);
    },
  );
});

describe('what the refusals mean', () => {
  it('a unit of work given bookingConstraints answers a full slot and a second booking that day as the rules they enforce', async () => {
    const { db, f, day, households } = await setUp();
    const [a, b, c] = households;
    const slot = day.slots[0]!.id;
    await f.booking({ day, slotId: slot, householdId: a!.id, bookedBy: a!.owner_employee_id });
    await f.booking({ day, slotId: slot, householdId: b!.id, bookedBy: b!.owner_employee_id });
    const book = (householdId: number, slotId: number) =>
      unitOfWork(
        db,
        (tx) =>
          insertBooking(
            tx,
            { dayId: day.id, date: day.date, slotId, householdId, bookedBy: a!.owner_employee_id, note: '' },
            0,
          ),
        bookingConstraints,
      );
    expect(await book(c!.id, slot)).toEqual({
      ok: false,
      error: { code: 'SLOT_FULL', fields: { slotId: 'SLOT_FULL' } },
    });
    expect(await book(a!.id, day.slots[1]!.id)).toEqual({
      ok: false,
      error: { code: 'HOUSEHOLD_BOOKED_THAT_DAY', fields: { householdId: 'HOUSEHOLD_BOOKED_THAT_DAY' } },
    });
    expect((await book(c!.id, day.slots[1]!.id)).ok).toBe(true);
  });
});
