import { getReceptionDay, type MailSettings, type ReceptionDay } from '@frontline/db';
import { factories, testSql } from '@frontline/db/testing';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { T0 } from '../../testing/harness.ts';
import { createWorld, type World } from '../../testing/world.ts';
import {
  bookSlot,
  cancelBooking,
  cancelReceptionDay,
  createReceptionDay,
  moveReceptionDay,
  rebook,
  updateReceptionSlots,
} from './service.ts';

/**
 * Each slot counts its live bookings (migration 012), and every change the
 * reception service makes keeps the count right: bookings, cancellations,
 * rebookings within a day and across days, slot changes, moves and
 * cancellations of the day. On the small group planned from T0 (Monday
 * 2026-11-23).
 */
let w: World;
beforeEach(async () => {
  w = await createWorld();
});
afterEach(async () => w.cleanup());

const ctx = { actorId: null, at: T0, today: '2026-11-23' };
const mail: MailSettings = {
  from: { name: '一线', email: 'frontline@frontline.test' },
  origin: 'https://frontline.test',
  host: 'frontline.test',
  alarmMinutes: 30,
};
/** Working days of December 2026 a day may be set up on or moved to. */
const DATES = ['2026-12-07', '2026-12-08', '2026-12-09', '2026-12-10', '2026-12-11'] as const;

async function setUp(households = 6) {
  const f = factories(w.db, T0);
  const q = testSql(w.db);
  const owners = [w.id('staff'), w.id('staff.cr'), w.ids.colleague];
  const hs: { id: number; owner_employee_id: number }[] = [];
  for (let i = 0; i < households; i++) {
    const owner = owners[i % owners.length]!;
    hs.push({ id: (await f.household(w.ids.project, { ownerEmployeeId: owner })).id, owner_employee_id: owner });
  }
  let executives = 0;
  /** A day of a new executive's reception duty (December), two 30-minute slots of `capacity` from 09:00. */
  async function newDay(date: string, capacity: number, executiveId?: number): Promise<ReceptionDay> {
    const executive =
      executiveId ??
      (
        await f.employee({
          employeeNo: `EXEC${++executives}`,
          position: 'project_head',
          regionId: w.ids.east,
          projectId: w.ids.project,
        })
      ).id;
    const duty = await f.receptionDuty({
      employeeId: executive,
      regionId: w.ids.east,
      projectId: w.ids.project,
      dueFrom: '2026-12-01',
      dueTo: '2026-12-31',
    });
    const r = await createReceptionDay(
      w.db,
      {
        dutyId: duty.id,
        date,
        projectId: w.ids.project,
        venueKind: 'customer_centre',
        topic: '交付沟通',
        startTime: '09:00',
        endTime: '10:00',
        slotMinutes: 30,
        slotCapacity: capacity,
      },
      ctx,
      mail,
    );
    if (!r.ok) throw new Error(r.error.code);
    return r.value;
  }
  /** Every slot whose count is not its live bookings (none, as long as the counts are kept). */
  const miscounted = () =>
    q.all(
      `select s.id, s.active, s.capacity, s.booked,
         (select count(*) from reception_bookings b where b.slot_id = s.id and b.status = 'booked') as live
       from reception_slots s
       where s.booked <> (select count(*) from reception_bookings b where b.slot_id = s.id and b.status = 'booked')`,
    );
  const booked = (slotIds: readonly number[]) =>
    Promise.all(slotIds.map((id) => q.value<number>(`select booked from reception_slots where id = ?`, id)));
  return { f, q, households: hs, newDay, miscounted, booked };
}

const book = (slotId: number, h: { id: number; owner_employee_id: number }) =>
  bookSlot(w.db, { slotId, householdId: h.id, bookedBy: h.owner_employee_id, note: '' }, ctx, mail);

describe('a slot’s count of live bookings, through the reception service', () => {
  type Op =
    | { kind: 'book'; household: number; slot: number }
    | { kind: 'cancel'; pick: number }
    | { kind: 'rebook'; pick: number; slot: number }
    | { kind: 'slots'; slotMinutes: 30 | 60; capacity: number }
    | { kind: 'move'; date: number }
    | { kind: 'cancelDay' };
  const op: fc.Arbitrary<Op> = fc.oneof(
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('book' as const), household: fc.nat(5), slot: fc.nat(3) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('rebook' as const), pick: fc.nat(), slot: fc.nat(3) }) },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('slots' as const),
        slotMinutes: fc.constantFrom(30 as const, 60 as const),
        capacity: fc.integer({ min: 1, max: 3 }),
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('move' as const), date: fc.nat(DATES.length - 1) }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'cancelDay' as const }) },
  );

  it('equals the slot’s live bookings after any sequence of bookings, cancellations, rebookings, slot changes, moves and cancellations of days', async () => {
    const s = await setUp();
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 15 }), async (ops) => {
        // Two days of their own each run (one to rebook into), a place or two in each slot.
        const days = [await s.newDay('2026-12-08', 1), await s.newDay('2026-12-09', 2)];
        const dayIds = days.map((d) => d.id);
        const activeSlots = () =>
          s.q.values<number>(
            `select id from reception_slots where day_id in (?, ?) and active = 1 order by day_id, starts_at`,
            ...dayIds,
          );
        for (const o of ops) {
          const slots = await activeSlots();
          const live = await s.q.values<number>(
            `select id from reception_bookings where day_id in (?, ?) and status = 'booked' order by id`,
            ...dayIds,
          );
          const pick = (n: number) => live[n % Math.max(live.length, 1)];
          const slotOf = (n: number) => slots[n % slots.length]!;
          if (o.kind === 'book') {
            const slot = slotOf(o.slot);
            const r = await book(slot, s.households[o.household]!);
            if (!r.ok && r.error.code === 'SLOT_FULL') {
              // Refused as full only when it is.
              const { capacity, here } = (await s.q.get<{ capacity: number; here: number }>(
                `select capacity, (select count(*) from reception_bookings where slot_id = ? and status = 'booked') as here from reception_slots where id = ?`,
                slot,
                slot,
              ))!;
              expect(Number(here)).toBe(capacity);
            }
          } else if (o.kind === 'cancel') {
            const id = pick(o.pick);
            if (id !== undefined) await cancelBooking(w.db, id, '客户取消', ctx, mail);
          } else if (o.kind === 'rebook') {
            const id = pick(o.pick);
            if (id !== undefined) await rebook(w.db, id, slotOf(o.slot), '客户改时间', ctx, mail);
          } else {
            const day = await getReceptionDay(w.db, dayIds[0]!);
            if (!day || day.status !== 'open') continue;
            if (o.kind === 'slots')
              await updateReceptionSlots(
                w.db,
                day,
                { startTime: '09:00', endTime: '10:00', slotMinutes: o.slotMinutes, slotCapacity: o.capacity },
                ctx,
                mail,
              );
            else if (o.kind === 'move') await moveReceptionDay(w.db, day, DATES[o.date]!, '领导行程调整', ctx, mail);
            else await cancelReceptionDay(w.db, day, '领导临时出差', ctx, mail);
          }
          expect(await s.miscounted()).toEqual([]);
        }
        // The runs' days go, so the next run's households are free on those dates.
        for (const id of dayIds) {
          const day = await getReceptionDay(w.db, id);
          if (day?.status === 'open') await cancelReceptionDay(w.db, day, '测试结束', ctx, mail);
        }
        expect(await s.miscounted()).toEqual([]);
      }),
      { numRuns: 20 },
    );
  });

  it('the last place of a slot, raced by parallel bookings of different households: exactly one wins, the rest are SLOT_FULL', async () => {
    const s = await setUp();
    const day = await s.newDay('2026-12-10', 2);
    const slot = day.slots[0]!.id;
    const [first, ...racers] = s.households;
    expect((await book(slot, first!)).ok).toBe(true);
    const outcomes = await Promise.all(racers.map((h) => book(slot, h)));
    expect(outcomes.filter((r) => r.ok)).toHaveLength(1);
    expect(outcomes.flatMap((r) => (r.ok ? [] : [r.error]))).toEqual(
      Array(racers.length - 1).fill({ code: 'SLOT_FULL', fields: { slotId: 'SLOT_FULL' } }),
    );
    expect(await s.booked([slot])).toEqual([2]);
  });

  it('lowering a capacity below what a slot holds is refused (409, zh/en message), and the counts stay', async () => {
    const s = await setUp();
    const day = await s.newDay('2026-12-10', 2, w.id('president'));
    const [a, b] = s.households;
    await book(day.slots[1]!.id, a!);
    await book(day.slots[1]!.id, b!);
    const lower = await updateReceptionSlots(
      w.db,
      day,
      { startTime: '09:00', endTime: '10:00', slotMinutes: 30, slotCapacity: 1 },
      ctx,
      mail,
    );
    expect(lower).toEqual({ ok: false, error: { code: 'RECEPTION_BOOKINGS_DO_NOT_FIT', params: { time: '09:30' } } });
    expect(await s.booked(day.slots.map((x) => x.id))).toEqual([0, 2]);
    // Through the API: a 409 with the message in the caller's language.
    const res = await w.request(`/api/reception-days/${day.id}/slots`, {
      method: 'PUT',
      cookie: await w.as('president'),
      json: { startTime: '09:00', endTime: '10:00', slotMinutes: 30, slotCapacity: 1 },
    });
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({
      error: {
        code: 'RECEPTION_BOOKINGS_DO_NOT_FIT',
        message: '09:30 的已有预约在新的时段安排中放不下，请先改约或取消。',
      },
    });
    expect(await s.booked(day.slots.map((x) => x.id))).toEqual([0, 2]);
  });

  it('replaced slots give their places to the new ones; a cancelled day’s slots hold none', async () => {
    const s = await setUp();
    const day = await s.newDay('2026-12-10', 2);
    const [a, b, c] = s.households;
    await book(day.slots[0]!.id, a!);
    await book(day.slots[1]!.id, b!);
    await book(day.slots[1]!.id, c!);
    const wider = await updateReceptionSlots(
      w.db,
      day,
      { startTime: '09:00', endTime: '10:00', slotMinutes: 60, slotCapacity: 3 },
      ctx,
      mail,
    );
    if (!wider.ok) throw new Error(wider.error.code);
    expect(await s.booked(day.slots.map((x) => x.id))).toEqual([0, 0]);
    expect(wider.value.slots.map((x) => x.booked)).toEqual([3]);
    const cancelled = await cancelReceptionDay(w.db, wider.value, '领导临时出差', ctx, mail);
    if (!cancelled.ok) throw new Error(cancelled.error.code);
    expect(await s.booked([...day.slots, ...wider.value.slots].map((x) => x.id))).toEqual([0, 0, 0]);
    expect(await s.miscounted()).toEqual([]);
  });
});
