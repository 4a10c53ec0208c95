import {
  VENUE_KINDS,
  venueLabel,
  type AppError,
  type ClockTime,
  type IsoDate,
  type NoticedBooking,
  type TimelineKey,
} from '@frontline/core';
import { isUniqueOn } from '../dialect/violation.ts';
import type { ConstraintMap } from '../refusal.ts';
import { sql, type Selectable } from 'kysely';
import type { ReceptionBookingTable } from '../schema.ts';
import { Refusal } from '../refusal.ts';
import { executorOf, type Executor, type Reader } from '../unit-of-work.ts';
import { oneOf } from './columns.ts';
import { afterTimelineKey } from './timeline-keyset.ts';

/**
 * Bookings of households into reception days' slots. Each slot counts its
 * live bookings (`reception_slots.booked`, migration 012): a booking takes a
 * place with a conditional update of the slot's row, and every write that
 * ends or moves a live booking gives its place back, in the same
 * transaction, so racing writers queue on the row instead of counting and
 * then inserting. The database itself refuses a second live booking of a
 * household on a date (migration 003); `bookingConstraints` says what that
 * refusal means.
 */

/**
 * The rule behind a booking's refusal by the database: the partial unique
 * index that holds a household to one live booking a date. Give it to the
 * unit of work that books. (A full slot is no constraint error: the
 * conditional update of the slot's count finds no place, migration 012.)
 */
export const bookingConstraints: ConstraintMap = (v): AppError | undefined => {
  if (isUniqueOn(v, 'reception_bookings'))
    return { code: 'HOUSEHOLD_BOOKED_THAT_DAY', fields: { householdId: 'HOUSEHOLD_BOOKED_THAT_DAY' } };
  return undefined;
};

export type BookingStatus = ReceptionBookingTable['status'];

export type Booking = {
  id: number;
  dayId: number;
  slotId: number;
  startsAt: ClockTime;
  endsAt: ClockTime;
  householdId: number;
  bookedBy: number;
  bookedByName: string;
  date: IsoDate;
  note: string;
  status: BookingStatus;
  reason: string | null;
  createdAt: number;
};

function bookingQuery(k: Executor) {
  return k
    .selectFrom('reception_bookings as b')
    .innerJoin('reception_slots as s', 's.id', 'b.slot_id')
    .innerJoin('employees as e', 'e.id', 'b.booked_by')
    .selectAll('b')
    .select(['s.starts_at', 's.ends_at', 'e.name as booked_by_name']);
}

type BookingRow = Selectable<ReceptionBookingTable> & { starts_at: string; ends_at: string; booked_by_name: string };

function toBooking(r: BookingRow): Booking {
  return {
    id: r.id,
    dayId: r.day_id,
    slotId: r.slot_id,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    householdId: r.household_id,
    bookedBy: r.booked_by,
    bookedByName: r.booked_by_name,
    date: r.date,
    note: r.note,
    status: r.status,
    reason: r.reason,
    createdAt: r.created_at,
  };
}

export async function getBooking(x: Reader, id: number): Promise<Booking | undefined> {
  const row = await bookingQuery(executorOf(x)).where('b.id', '=', id).executeTakeFirst();
  return row && toBooking(row);
}

export async function listBookingsOfDay(x: Reader, dayId: number): Promise<Booking[]> {
  const rows = await bookingQuery(executorOf(x))
    .where('b.day_id', '=', dayId)
    .orderBy('s.starts_at')
    .orderBy('b.id')
    .execute();
  return rows.map(toBooking);
}

/** The day's live bookings, in slot order. */
export async function liveBookingsOfDay(x: Reader, dayId: number): Promise<Booking[]> {
  const rows = await bookingQuery(executorOf(x))
    .where('b.day_id', '=', dayId)
    .where('b.status', '=', 'booked')
    .orderBy('s.starts_at')
    .orderBy('b.id')
    .execute();
  return rows.map(toBooking);
}

export type HouseholdBookingHistory = Booking & { dayTopic: string; executiveName: string; venue: string };

function historyQuery(k: Executor) {
  return bookingQuery(k)
    .innerJoin('reception_days as d', 'd.id', 'b.day_id')
    .innerJoin('employees as x', 'x.id', 'd.employee_id')
    .innerJoin('projects as p', 'p.id', 'd.project_id')
    .select(['d.topic', 'd.venue_kind', 'x.name as executive_name', 'p.name as project_name']);
}

function toHistory(
  r: BookingRow & { topic: string; venue_kind: string; executive_name: string; project_name: string },
): HouseholdBookingHistory {
  return {
    ...toBooking(r),
    dayTopic: r.topic,
    executiveName: r.executive_name,
    venue: venueLabel(r.project_name, oneOf(VENUE_KINDS, r.venue_kind, 'reception_days.venue_kind')),
  };
}

/**
 * The latest `perHousehold` bookings of each of these households (any day, any status), newest
 * first: the roster's "history so far". One query, ranked per household on the database (a window
 * function both SQLite and PostgreSQL have), so a day of many households with long histories stays
 * a bounded answer; `bookingCountsOf` says how many each has in all.
 */
export async function bookingHistoryOf(
  x: Reader,
  householdIds: readonly number[],
  perHousehold: number,
): Promise<HouseholdBookingHistory[]> {
  if (!householdIds.length) return [];
  const k = executorOf(x);
  const ranked = historyQuery(k)
    .select(
      sql<number>`row_number() over (partition by b.household_id order by b.date desc, s.starts_at desc, b.id desc)`.as(
        'n',
      ),
    )
    .where('b.household_id', 'in', [...householdIds]);
  const rows = await k
    .selectFrom(ranked.as('r'))
    .selectAll()
    .where('r.n', '<=', perHousehold)
    .orderBy('r.date', 'desc')
    .orderBy('r.starts_at', 'desc')
    .orderBy('r.id', 'desc')
    .execute();
  return rows.map(toHistory);
}

/** How many bookings (any day, any status) each of these households has. */
export async function bookingCountsOf(x: Reader, householdIds: readonly number[]): Promise<Map<number, number>> {
  if (!householdIds.length) return new Map();
  const rows = await executorOf(x)
    .selectFrom('reception_bookings')
    .select((eb) => ['household_id', eb.fn.countAll<number>().as('n')])
    .where('household_id', 'in', [...householdIds])
    .groupBy('household_id')
    .execute();
  return new Map(rows.map((r) => [r.household_id, Number(r.n)]));
}

/**
 * A page of one household's bookings in the timeline's order (newest first: date, slot start, id),
 * those after `after` when given: keyset paging on reception_bookings (household_id, date), the
 * database stopping at `limit` rows.
 */
export async function householdBookingsPage(
  x: Reader,
  householdId: number,
  page: { after?: TimelineKey | undefined; limit: number },
): Promise<HouseholdBookingHistory[]> {
  let q = historyQuery(executorOf(x)).where('b.household_id', '=', householdId);
  const k = page.after;
  if (k) {
    q = q.where((eb) =>
      afterTimelineKey(eb, 'booking', k, { on: eb.ref('b.date'), at: eb.ref('s.starts_at'), id: eb.ref('b.id') }),
    );
  }
  const rows = await q
    .orderBy('b.date', 'desc')
    .orderBy('s.starts_at', 'desc')
    .orderBy('b.id', 'desc')
    .limit(page.limit)
    .execute();
  return rows.map(toHistory);
}

/** Of these households, those holding a live booking on `date`. */
export async function householdsBookedOn(
  x: Reader,
  date: IsoDate,
  householdIds: readonly number[],
): Promise<Set<number>> {
  if (!householdIds.length) return new Set();
  const rows = await executorOf(x)
    .selectFrom('reception_bookings')
    .select('household_id')
    .where('date', '=', date)
    .where('status', '=', 'booked')
    .where('household_id', 'in', [...householdIds])
    .execute();
  return new Set(rows.map((r) => r.household_id));
}

/** Whether the employee still holds a live booking on the day. */
export async function holdsBookingOn(x: Reader, dayId: number, employeeId: number): Promise<boolean> {
  const row = await executorOf(x)
    .selectFrom('reception_bookings')
    .select('id')
    .where('day_id', '=', dayId)
    .where('booked_by', '=', employeeId)
    .where('status', '=', 'booked')
    .executeTakeFirst();
  return row !== undefined;
}

/** An active slot and its day, to book into. */
export async function activeSlot(x: Reader, slotId: number): Promise<{ id: number; dayId: number } | undefined> {
  const row = await executorOf(x)
    .selectFrom('reception_slots')
    .select(['id', 'day_id'])
    .where('id', '=', slotId)
    .where('active', '=', 1)
    .executeTakeFirst();
  return row && { id: row.id, dayId: row.day_id };
}

export type NewBookingRow = {
  dayId: number;
  slotId: number;
  householdId: number;
  bookedBy: number;
  date: IsoDate;
  note: string;
};

/**
 * Takes a place in an active slot if one is left (`booked < capacity`);
 * answers whether it did. One statement on the slot's row: a racing booking
 * waits for this transaction and then sees the place gone, on any database.
 */
export async function takePlace(tx: Executor, slotId: number): Promise<boolean> {
  const changed = await tx
    .updateTable('reception_slots')
    .set((eb) => ({ booked: eb('booked', '+', 1) }))
    .where('id', '=', slotId)
    .where('active', '=', 1)
    .whereRef('booked', '<', 'capacity')
    .executeTakeFirst();
  return Number(changed.numUpdatedRows) === 1;
}

/**
 * Gives back the places of bookings that stopped being live (one slot id per
 * booking), slot by slot in id order: writers that lock several slots' rows
 * take them in one order, so they wait for each other instead of deadlocking.
 */
async function givePlacesBack(tx: Executor, slotIds: readonly number[]): Promise<void> {
  const counts = new Map<number, number>();
  for (const id of [...slotIds].sort((a, b) => a - b)) counts.set(id, (counts.get(id) ?? 0) + 1);
  for (const [slotId, n] of counts)
    await tx
      .updateTable('reception_slots')
      .set((eb) => ({ booked: eb('booked', '-', n) }))
      .where('id', '=', slotId)
      .execute();
}

/** Takes a place in the slot and writes the booking into it; a slot with no place left is refused as SLOT_FULL. */
export async function bookPlace(tx: Executor, b: NewBookingRow, at: number): Promise<Booking> {
  if (!(await takePlace(tx, b.slotId))) throw new Refusal({ code: 'SLOT_FULL', fields: { slotId: 'SLOT_FULL' } });
  return insertBooking(tx, b, at);
}

/** The row of a live booking whose place `takePlace` has taken in this transaction (else use `bookPlace`). */
export async function insertBooking(tx: Executor, b: NewBookingRow, at: number): Promise<Booking> {
  const { id } = await tx
    .insertInto('reception_bookings')
    .values({
      day_id: b.dayId,
      slot_id: b.slotId,
      household_id: b.householdId,
      booked_by: b.bookedBy,
      date: b.date,
      note: b.note,
      status: 'booked',
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return toBooking(await bookingQuery(tx).where('b.id', '=', id).executeTakeFirstOrThrow());
}

/**
 * Ends a live booking (cancelled by a person, or released by a change of its
 * day) with the reason; only one still live: answers whether it was.
 */
export async function endBooking(
  tx: Executor,
  bookingId: number,
  status: 'cancelled' | 'released',
  reason: string,
  at: number,
): Promise<boolean> {
  const ended = await tx
    .updateTable('reception_bookings')
    .set({ status, reason, updated_at: at })
    .where('id', '=', bookingId)
    .where('status', '=', 'booked')
    .returning('slot_id')
    .execute();
  await givePlacesBack(
    tx,
    ended.map((r) => r.slot_id),
  );
  return ended.length === 1;
}

/** Releases those of these bookings still live with the reason, giving their places back. */
export async function releaseBookings(
  tx: Executor,
  bookingIds: readonly number[],
  reason: string,
  at: number,
): Promise<void> {
  if (!bookingIds.length) return;
  const released = await tx
    .updateTable('reception_bookings')
    .set({ status: 'released', reason, updated_at: at })
    .where('id', 'in', [...bookingIds])
    .where('status', '=', 'booked')
    .returning('slot_id')
    .execute();
  await givePlacesBack(
    tx,
    released.map((r) => r.slot_id),
  );
}

/**
 * Puts live bookings into other slots (after the day's slots were replaced):
 * each takes a place in its new slot and gives back the old one. A new slot
 * without a place refuses the move, naming the booking's time, as core's
 * `remapBookings` does.
 */
export async function moveBookingsToSlots(
  tx: Executor,
  placed: ReadonlyMap<number, number>,
  at: number,
): Promise<void> {
  for (const [bookingId, slotId] of placed) {
    const old = await bookingQuery(tx)
      .where('b.id', '=', bookingId)
      .where('b.status', '=', 'booked')
      .executeTakeFirst();
    if (!old || old.slot_id === slotId) continue;
    if (!(await takePlace(tx, slotId)))
      throw new Refusal({ code: 'RECEPTION_BOOKINGS_DO_NOT_FIT', params: { time: old.starts_at } });
    const moved = await tx
      .updateTable('reception_bookings')
      .set({ slot_id: slotId, updated_at: at })
      .where('id', '=', bookingId)
      .where('slot_id', '=', old.slot_id)
      .where('status', '=', 'booked')
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) throw new Refusal({ code: 'CONFLICT' });
    await givePlacesBack(tx, [old.slot_id]);
  }
}

/** The bookings' households as a notice names them, and who to tell. */
export async function noticedBookings(x: Reader, bookingIds: readonly number[]): Promise<NoticedBooking[]> {
  if (!bookingIds.length) return [];
  const rows = await executorOf(x)
    .selectFrom('reception_bookings as b')
    .innerJoin('households as h', 'h.id', 'b.household_id')
    .select(['b.booked_by', 'h.owner_employee_id', 'h.building', 'h.unit', 'h.room'])
    .where('b.id', 'in', [...bookingIds])
    .execute();
  return rows.map((r) => ({
    bookedBy: r.booked_by,
    ownerEmployeeId: r.owner_employee_id,
    building: r.building,
    unit: r.unit,
    room: r.room,
  }));
}
