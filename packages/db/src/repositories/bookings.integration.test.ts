import fc from 'fast-check';
import { Migrator } from 'kysely/migration';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../migrations/index.ts';
import { migrateToLatest, openDatabase } from '../open.ts';
import { createTestDatabase, factories, testDialect, testSql } from '../testing/index.ts';
import type { RacerData } from '../testing/booking-racer.ts';
import { unitOfWork } from '../unit-of-work.ts';
import { bookingConstraints, bookPlace, endBooking, moveBookingsToSlots, releaseBookings } from './bookings.ts';
import { insertReceptionDay } from './reception-days.ts';

/** The slots' counts of live bookings (migration 012) and the database's own guards on bookings. */
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

/** A reception day of two 30-minute slots for two households each, and six households of the project, each looked after by its own employee. */
async function setUp() {
  const db = await createTestDatabase();
  cleanups.push(db.cleanup);
  const f = factories(db);
  const region = await f.region();
  const project = await f.project(region.id);
  const executive = await f.employee({ position: 'project_head', regionId: region.id, projectId: project.id });
  const households: { id: number; owner_employee_id: number }[] = [];
  for (let i = 0; i < 6; i++) {
    const owner = await f.employee({ regionId: region.id, projectId: project.id });
    households.push({
      id: (await f.household(project.id, { ownerEmployeeId: owner.id })).id,
      owner_employee_id: owner.id,
    });
  }
  const newDay = (date: string, capacity = 2) =>
    f.receptionDay({ employeeId: executive.id, regionId: region.id, projectId: project.id, date, capacity });
  const day = await newDay('2026-12-10');
  return { db, f, day, households, newDay, q: testSql(db) };
}

type Setup = Awaited<ReturnType<typeof setUp>>;

/** Each slot of the day: its count as kept, and its live bookings as counted. */
async function countsOf(q: Setup['q'], dayId: number) {
  return q.all<{ id: number; capacity: number; booked: number; live: number }>(
    `select s.id, s.capacity, s.booked,
       (select count(*) from reception_bookings b where b.slot_id = s.id and b.status = 'booked') as live
     from reception_slots s where s.day_id = ? order by s.id`,
    dayId,
  );
}

/** Books the household into the slot the way the app does: one unit of work, refusals as results. */
function book(s: Setup, day: Setup['day'], slotId: number, h: { id: number; owner_employee_id: number }) {
  return unitOfWork(
    s.db,
    (tx) =>
      bookPlace(
        tx,
        { dayId: day.id, date: day.date, slotId, householdId: h.id, bookedBy: h.owner_employee_id, note: '' },
        0,
      ),
    bookingConstraints,
  );
}

describe('the database refuses what the code might let through', () => {
  it('a slot’s count above its capacity or below zero, or a second live booking of a household that day, fails', async () => {
    const s = await setUp();
    const [a] = s.households;
    const slot = s.day.slots[0]!.id;
    await expect(s.q.run(`update reception_slots set booked = capacity + 1 where id = ?`, slot)).rejects.toThrow(
      /CHECK/i,
    );
    await expect(s.q.run(`update reception_slots set booked = -1 where id = ?`, slot)).rejects.toThrow(/CHECK/i);
    await s.f.booking({ day: s.day, slotId: slot, householdId: a!.id, bookedBy: a!.owner_employee_id });
    const raw = `insert into reception_bookings (day_id, slot_id, household_id, booked_by, date, note, status, created_at, updated_at) values (?, ?, ?, ?, ?, '', 'booked', 0, 0)`;
    await expect(s.q.run(raw, s.day.id, s.day.slots[1]!.id, a!.id, a!.owner_employee_id, s.day.date)).rejects.toThrow(
      /UNIQUE|duplicate key/i,
    );
  });

  it.skipIf(testDialect() !== 'sqlite')(
    'migration 012 counts the live bookings already there and drops the capacity triggers',
    async () => {
      const s = await setUp();
      await s.db.close();
      // A database as migration 011 left it, with bookings written under the triggers.
      const path = `${s.db.path}.011`;
      const old = openDatabase(path);
      cleanups.push(() => old.close());
      const migrator = new Migrator({ db: old.kysely, provider: { getMigrations: async () => migrations } });
      expect((await migrator.migrateTo('011-tickets')).error).toBeUndefined();
      const q = testSql(old);
      const f = factories(old);
      const region = await f.region();
      const project = await f.project(region.id);
      const owner = await f.employee({ regionId: region.id, projectId: project.id });
      const dutyId = (
        await f.receptionDuty({ employeeId: owner.id, regionId: region.id, dueFrom: '2026-12-10', dueTo: '2026-12-10' })
      ).id;
      const dayId = await insertReceptionDay(
        old.kysely,
        {
          dutyId,
          employeeId: owner.id,
          projectId: project.id,
          venueKind: 'customer_centre',
          date: '2026-12-10',
          startTime: '09:00',
          endTime: '10:00',
          slotMinutes: 30,
          slotCapacity: 3,
          topic: '接待',
          createdBy: null,
        },
        [
          { startsAt: '09:00', endsAt: '09:30', capacity: 3 },
          { startsAt: '09:30', endsAt: '10:00', capacity: 3 },
        ],
        'frontline.test',
        0,
      );
      const [first, second] = await q.values<number>(
        `select id from reception_slots where day_id = ? order by id`,
        dayId,
      );
      const raw = `insert into reception_bookings (day_id, slot_id, household_id, booked_by, date, note, status, created_at, updated_at) values (?, ?, ?, ?, '2026-12-10', '', ?, 0, 0)`;
      for (const [slot, status] of [
        [first, 'booked'],
        [first, 'booked'],
        [first, 'cancelled'],
        [second, 'released'],
      ] as const) {
        const h = await f.household(project.id, { ownerEmployeeId: owner.id });
        await q.run(raw, dayId, slot, h.id, owner.id, status);
      }
      await migrateToLatest(old);
      expect(await countsOf(q, dayId)).toEqual([
        { id: first, capacity: 3, booked: 2, live: 2 },
        { id: second, capacity: 3, booked: 0, live: 0 },
      ]);
      expect(
        await q.values(
          `select name from sqlite_master where type = 'trigger' and name like 'reception_bookings_capacity%'`,
        ),
      ).toEqual([]);
    },
  );
});

describe('what the refusals mean', () => {
  it('a unit of work answers a full slot and a second booking that day as the rules they enforce', async () => {
    const s = await setUp();
    const [a, b, c] = s.households;
    const slot = s.day.slots[0]!.id;
    await s.f.booking({ day: s.day, slotId: slot, householdId: a!.id, bookedBy: a!.owner_employee_id });
    await s.f.booking({ day: s.day, slotId: slot, householdId: b!.id, bookedBy: b!.owner_employee_id });
    expect(await book(s, s.day, slot, c!)).toEqual({
      ok: false,
      error: { code: 'SLOT_FULL', fields: { slotId: 'SLOT_FULL' } },
    });
    expect(await book(s, s.day, s.day.slots[1]!.id, a!)).toEqual({
      ok: false,
      error: { code: 'HOUSEHOLD_BOOKED_THAT_DAY', fields: { householdId: 'HOUSEHOLD_BOOKED_THAT_DAY' } },
    });
    // Neither refusal left a place taken.
    expect((await countsOf(s.q, s.day.id)).map((r) => r.booked)).toEqual([2, 0]);
    expect((await book(s, s.day, s.day.slots[1]!.id, c!)).ok).toBe(true);
  });
});

describe('a slot’s count of live bookings', () => {
  type Op =
    | { kind: 'book'; household: number; slot: number }
    | { kind: 'cancel'; pick: number }
    | { kind: 'release'; picks: number[] }
    | { kind: 'move'; pick: number; slot: number };
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ kind: fc.constant('book' as const), household: fc.nat(5), slot: fc.nat(1) }),
    fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }),
    fc.record({ kind: fc.constant('release' as const), picks: fc.array(fc.nat(), { maxLength: 3 }) }),
    fc.record({ kind: fc.constant('move' as const), pick: fc.nat(), slot: fc.nat(1) }),
  );

  it('equals the slot’s live bookings after any sequence of bookings, cancellations, releases and moves', async () => {
    const s = await setUp();
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 25 }), async (ops) => {
        // Each run on a day (and date) of its own, of two slots for one household each.
        const day = await s.newDay(`2027-01-${String(++run).padStart(2, '0')}`, 1);
        const slots = day.slots.map((x) => x.id);
        for (const o of ops) {
          const all = await s.q.values<number>(
            `select id from reception_bookings where day_id = ? order by id`,
            day.id,
          );
          const pick = (n: number) => all[n % Math.max(all.length, 1)];
          if (o.kind === 'book') {
            const slot = slots[o.slot]!;
            const r = await book(s, day, slot, s.households[o.household]!);
            if (!r.ok) {
              const here = await s.q.value<number>(
                `select count(*) from reception_bookings where slot_id = ? and status = 'booked'`,
                slot,
              );
              // Refused only for a reason that holds: the slot is full, or the household is booked that day.
              if (r.error.code === 'SLOT_FULL') expect(Number(here)).toBe(1);
              else expect(r.error.code).toBe('HOUSEHOLD_BOOKED_THAT_DAY');
            }
          } else if (o.kind === 'cancel') {
            const id = pick(o.pick);
            if (id !== undefined) await unitOfWork(s.db, (tx) => endBooking(tx, id, 'cancelled', '取消', 0));
          } else if (o.kind === 'release') {
            const chosen = o.picks.flatMap((n) => pick(n) ?? []);
            await unitOfWork(s.db, (tx) => releaseBookings(tx, chosen, '释放', 0));
          } else {
            const id = pick(o.pick);
            if (id === undefined) continue;
            const r = await unitOfWork(s.db, (tx) => moveBookingsToSlots(tx, new Map([[id, slots[o.slot]!]]), 0));
            if (!r.ok) expect(r.error.code).toBe('RECEPTION_BOOKINGS_DO_NOT_FIT');
          }
          for (const c of await countsOf(s.q, day.id)) expect(c.booked).toBe(Number(c.live));
        }
      }),
      { numRuns: 25 },
    );
  });

  it('the last place, raced by parallel bookings of different households on one connection: exactly one wins', async () => {
    const s = await setUp();
    const slot = s.day.slots[0]!.id;
    const [first, ...racers] = s.households;
    await s.f.booking({ day: s.day, slotId: slot, householdId: first!.id, bookedBy: first!.owner_employee_id });
    const outcomes = await Promise.all(racers.map(async (h) => book(s, s.day, slot, h)));
    expect(outcomes.filter((r) => r.ok)).toHaveLength(1);
    expect(outcomes.filter((r) => !r.ok).map((r) => !r.ok && r.error.code)).toEqual(Array(4).fill('SLOT_FULL'));
    expect((await countsOf(s.q, s.day.id))[0]).toMatchObject({ booked: 2, live: 2 });
  });

  it('the last place, raced by bookings on two connections to the same database: exactly one wins', async () => {
    const s = await setUp();
    const slot = s.day.slots[0]!.id;
    const [first, ...racers] = s.households;
    await s.f.booking({ day: s.day, slotId: slot, householdId: first!.id, bookedBy: first!.owner_employee_id });
    const row = (h: { id: number; owner_employee_id: number }) => ({
      dayId: s.day.id,
      date: s.day.date,
      slotId: slot,
      householdId: h.id,
      bookedBy: h.owner_employee_id,
      note: '',
    });
    const gate = new SharedArrayBuffer(4);
    // Two connections, two households each, every booking in flight at once.
    const workers = [racers.slice(0, 2), racers.slice(2, 4)].map((hs) => {
      const data: RacerData = { path: s.db.path, gate, bookings: hs.map(row) };
      const w = new Worker(new URL('../testing/booking-racer.ts', import.meta.url), { workerData: data });
      let isReady: () => void;
      const ready = new Promise<void>((resolve) => (isReady = resolve));
      const done = new Promise<string[]>((resolve, reject) => {
        w.on('message', (m: 'ready' | string[]) => (m === 'ready' ? isReady() : resolve(m)));
        w.once('error', reject);
      });
      return { ready: Promise.race([ready, done.then(() => undefined)]), done };
    });
    await Promise.all(workers.map((w) => w.ready));
    Atomics.store(new Int32Array(gate), 0, 1);
    Atomics.notify(new Int32Array(gate), 0);
    const outcomes = (await Promise.all(workers.map((w) => w.done))).flat();
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(1);
    expect(outcomes.filter((o) => o !== 'ok')).toEqual(Array(3).fill('SLOT_FULL'));
    expect((await countsOf(s.q, s.day.id))[0]).toMatchObject({ booked: 2, live: 2 });
  });

  it('a move into a full slot is refused and leaves both counts as they were', async () => {
    const s = await setUp();
    const [a, b, c] = s.households;
    const [one, two] = s.day.slots.map((x) => x.id);
    await s.f.booking({ day: s.day, slotId: one!, householdId: a!.id, bookedBy: a!.owner_employee_id });
    await s.f.booking({ day: s.day, slotId: one!, householdId: b!.id, bookedBy: b!.owner_employee_id });
    const moving = await s.f.booking({ day: s.day, slotId: two!, householdId: c!.id, bookedBy: c!.owner_employee_id });
    const r = await unitOfWork(s.db, (tx) => moveBookingsToSlots(tx, new Map([[moving.id, one!]]), 0));
    expect(r).toEqual({ ok: false, error: { code: 'RECEPTION_BOOKINGS_DO_NOT_FIT', params: { time: '09:30' } } });
    expect((await countsOf(s.q, s.day.id)).map((x) => x.booked)).toEqual([2, 1]);
  });
});
