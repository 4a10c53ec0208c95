import {
  VENUE_KINDS,
  venueLabel,
  yearOf,
  yearStateOf,
  type ClockTime,
  type IsoDate,
  type ReceptionDayFacts,
  type Slot,
  type VenueKind,
} from '@frontline/core';
import { randomUUID } from 'node:crypto';
import { sql, type Selectable } from 'kysely';
import { z } from 'zod';
import type { ReceptionDayTable } from '../schema.ts';
import { executorOf, type Executor, type Reader } from '../unit-of-work.ts';
import { oneOf } from './columns.ts';

/**
 * Reception days as stored: the day at its venue, its slots (replaced slots
 * stay for the bookings that point at them, inactive), who has the current
 * invite, and the day's duty's date. What a change may do is the reception
 * feature's; here are the reads and the plain writes it is made of.
 */

export type ReceptionSlot = { id: number; startsAt: ClockTime; endsAt: ClockTime; capacity: number; booked: number };

export type ReceptionDateProposal = { date: IsoDate | null; now: { zh: string; en: string } };

export type ReceptionDay = ReceptionDayFacts & {
  dutyId: number;
  projectId: number;
  regionId: number;
  /** The venue in words, as the screens show it (mail and calendars name it in each reader's language). */
  venue: string;
  slotMinutes: number;
  slotCapacity: number;
  cancelReason: string | null;
  updatedAt: number;
  slots: ReceptionSlot[];
  /**
   * Set when the calendar changed under the day: its date is no longer a
   * working day, and this is where it could move (null: nowhere in its
   * window), with what the date is now. Cleared when the day moves.
   */
  proposal: ReceptionDateProposal | null;
};

/** What the date is now, as stored with a proposal (JSON). */
const proposalReason = z.object({ zh: z.string(), en: z.string() });

function dayQuery(k: Executor) {
  return (
    k
      .selectFrom('reception_days as d')
      .innerJoin('employees as e', 'e.id', 'd.employee_id')
      .innerJoin('projects as p', 'p.id', 'd.project_id')
      // Whether the day's year has its notice: without one, the date is provisional.
      .leftJoin('calendar_years as y', (j) => j.on(sql<boolean>`y.year = cast(substr(d.date, 1, 4) as integer)`))
      .selectAll('d')
      .select(['e.name as employee_name', 'p.name as project_name', 'p.region_id', 'y.year as notice_year'])
  );
}

type DayRow = Selectable<ReceptionDayTable> & {
  employee_name: string;
  project_name: string;
  region_id: number;
  notice_year: number | null;
};

async function slotsOf(k: Executor, dayIds: number[]): Promise<Map<number, ReceptionSlot[]>> {
  const out = new Map<number, ReceptionSlot[]>(dayIds.map((id) => [id, []]));
  if (!dayIds.length) return out;
  const rows = await k
    .selectFrom('reception_slots')
    .select(['id', 'day_id', 'starts_at', 'ends_at', 'capacity', 'booked'])
    .where('day_id', 'in', dayIds)
    .where('active', '=', 1)
    .orderBy('starts_at')
    .execute();
  for (const r of rows)
    out
      .get(r.day_id)
      ?.push({ id: r.id, startsAt: r.starts_at, endsAt: r.ends_at, capacity: r.capacity, booked: r.booked });
  return out;
}

function toDay(r: DayRow, slots: ReceptionSlot[]): ReceptionDay {
  const venueKind = oneOf(VENUE_KINDS, r.venue_kind, 'reception_days.venue_kind');
  return {
    id: r.id,
    dutyId: r.duty_id,
    employeeId: r.employee_id,
    employeeName: r.employee_name,
    projectId: r.project_id,
    projectName: r.project_name,
    regionId: r.region_id,
    venueKind,
    venue: venueLabel(r.project_name, venueKind),
    date: r.date,
    startTime: r.start_time,
    endTime: r.end_time,
    slotMinutes: r.slot_minutes,
    slotCapacity: r.slot_capacity,
    topic: r.topic,
    status: r.status,
    cancelReason: r.cancel_reason,
    uid: r.uid,
    sequence: r.sequence,
    updatedAt: r.updated_at,
    slots,
    provisional: yearStateOf(yearOf(r.date), r.notice_year !== null) === 'provisional',
    proposal:
      r.proposed_reason === null
        ? null
        : { date: r.proposed_date, now: proposalReason.parse(JSON.parse(r.proposed_reason)) },
  };
}

export async function getReceptionDay(x: Reader, id: number): Promise<ReceptionDay | undefined> {
  const k = executorOf(x);
  const row = await dayQuery(k).where('d.id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  return toDay(row, (await slotsOf(k, [id])).get(id) ?? []);
}

export async function getReceptionDayOfDuty(x: Reader, dutyId: number): Promise<ReceptionDay | undefined> {
  const row = await executorOf(x)
    .selectFrom('reception_days')
    .select('id')
    .where('duty_id', '=', dutyId)
    .executeTakeFirst();
  return row ? getReceptionDay(x, row.id) : undefined;
}

export type ReceptionDayFilter = {
  from: IsoDate;
  to: IsoDate;
  regionIds?: number[] | undefined;
  projectId?: number | undefined;
  employeeIds?: number[] | undefined;
  ids?: number[] | undefined;
};

export async function listReceptionDays(x: Reader, f: ReceptionDayFilter): Promise<ReceptionDay[]> {
  const k = executorOf(x);
  let q = dayQuery(k).where('d.date', '>=', f.from).where('d.date', '<=', f.to);
  if (f.regionIds) q = q.where('p.region_id', 'in', f.regionIds.length ? f.regionIds : [-1]);
  if (f.projectId) q = q.where('d.project_id', '=', f.projectId);
  if (f.employeeIds) q = q.where('d.employee_id', 'in', f.employeeIds.length ? f.employeeIds : [-1]);
  if (f.ids) q = q.where('d.id', 'in', f.ids.length ? f.ids : [-1]);
  const rows = await q.orderBy('d.date').orderBy('d.start_time').limit(500).execute();
  const slots = await slotsOf(
    k,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toDay(r, slots.get(r.id) ?? []));
}

/** Reception days a person runs or attends (by booking), in a date range: what their calendar feed shows. */
export async function receptionDayIdsFor(x: Reader, employeeId: number, from: IsoDate, to: IsoDate): Promise<number[]> {
  const rows = await executorOf(x)
    .selectFrom('reception_days as d')
    .select('d.id')
    .where('d.date', '>=', from)
    .where('d.date', '<=', to)
    .where((eb) =>
      eb.or([
        eb('d.employee_id', '=', employeeId),
        eb.exists(
          eb
            .selectFrom('reception_attendees as a')
            .select('a.day_id')
            .whereRef('a.day_id', '=', 'd.id')
            .where('a.employee_id', '=', employeeId),
        ),
      ]),
    )
    .orderBy('d.date')
    .execute();
  return rows.map((r) => r.id);
}

/** The open reception days of a date: the reminder job's. */
export async function openReceptionDayIdsOn(x: Reader, date: IsoDate): Promise<number[]> {
  const rows = await executorOf(x)
    .selectFrom('reception_days')
    .select('id')
    .where('date', '=', date)
    .where('status', '=', 'open')
    .execute();
  return rows.map((r) => r.id);
}

/** Who runs a day: the executive, their deputy on the duty, and their assistant. */
export async function receptionManagers(x: Reader, day: { employeeId: number; dutyId: number }): Promise<number[]> {
  const k = executorOf(x);
  const duty = await k.selectFrom('duties').select('deputy_id').where('id', '=', day.dutyId).executeTakeFirst();
  const assistants = await k
    .selectFrom('employees')
    .select('id')
    .where('assists_employee_id', '=', day.employeeId)
    .where('active', '=', 1)
    .execute();
  return [day.employeeId, ...(duty?.deputy_id ? [duty.deputy_id] : []), ...assistants.map((a) => a.id)];
}

/** The executive this employee assists, if any. */
export async function assistedExecutive(x: Reader, employeeId: number): Promise<number | null> {
  const row = await executorOf(x)
    .selectFrom('employees')
    .select('assists_employee_id')
    .where('id', '=', employeeId)
    .executeTakeFirst();
  return row?.assists_employee_id ?? null;
}

/** The executive's assistants now (one, or none, as the app keeps it). */
export async function assistantsOf(x: Reader, executiveId: number): Promise<number[]> {
  return (
    await executorOf(x).selectFrom('employees').select('id').where('assists_employee_id', '=', executiveId).execute()
  ).map((r) => r.id);
}

/** Names the executive's assistant (null: none), clearing whoever assisted them before. */
export async function replaceAssistant(
  tx: Executor,
  executiveId: number,
  assistantId: number | null,
  at: number,
): Promise<void> {
  await tx
    .updateTable('employees')
    .set({ assists_employee_id: null, updated_at: at })
    .where('assists_employee_id', '=', executiveId)
    .execute();
  if (assistantId !== null)
    await tx
      .updateTable('employees')
      .set({ assists_employee_id: executiveId, updated_at: at })
      .where('id', '=', assistantId)
      .execute();
}

/** The day an active slot belongs to. */
export async function dayOfActiveSlot(x: Reader, slotId: number): Promise<number | undefined> {
  const row = await executorOf(x)
    .selectFrom('reception_slots')
    .select('day_id')
    .where('id', '=', slotId)
    .where('active', '=', 1)
    .executeTakeFirst();
  return row?.day_id;
}

export type NewReceptionDayRow = {
  dutyId: number;
  employeeId: number;
  projectId: number;
  venueKind: VenueKind;
  date: IsoDate;
  startTime: ClockTime;
  endTime: ClockTime;
  slotMinutes: number;
  slotCapacity: number;
  topic: string;
  createdBy: number | null;
};

/** A new open day with its slots and its executive as the first attendee; its iCalendar UID is made here, once. */
export async function insertReceptionDay(
  tx: Executor,
  d: NewReceptionDayRow,
  slots: readonly Slot[],
  host: string,
  at: number,
): Promise<number> {
  const { id } = await tx
    .insertInto('reception_days')
    .values({
      duty_id: d.dutyId,
      employee_id: d.employeeId,
      project_id: d.projectId,
      venue_kind: d.venueKind,
      date: d.date,
      start_time: d.startTime,
      end_time: d.endTime,
      slot_minutes: d.slotMinutes,
      slot_capacity: d.slotCapacity,
      topic: d.topic,
      status: 'open',
      uid: `reception-${randomUUID()}@${host}`,
      sequence: 0,
      created_by: d.createdBy,
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await tx
    .insertInto('reception_slots')
    .values(
      slots.map((s) => ({ day_id: id, starts_at: s.startsAt, ends_at: s.endsAt, capacity: s.capacity, active: 1 })),
    )
    .execute();
  await tx.insertInto('reception_attendees').values({ day_id: id, employee_id: d.employeeId }).execute();
  return id;
}

/**
 * Write-locks the day's slots for the rest of the transaction, before a
 * change of the whole day (its date, its slots, its cancellation) reads its
 * live bookings: a booking racing the change either took its place first
 * (and the change sees it) or waits here and then reads the day as changed.
 * A no-op update, the spelling of `select … for update` that SQLite also takes.
 */
export async function lockSlotsOfDay(tx: Executor, dayId: number): Promise<void> {
  await tx
    .updateTable('reception_slots')
    .set((eb) => ({ booked: eb.ref('booked') }))
    .where('day_id', '=', dayId)
    .execute();
}

/** Replaces the day's active slots by new ones; answers the new slots' ids in order. */
export async function replaceSlots(tx: Executor, dayId: number, slots: readonly Slot[]): Promise<number[]> {
  await tx.updateTable('reception_slots').set({ active: 0 }).where('day_id', '=', dayId).execute();
  const ids: number[] = [];
  for (const s of slots) {
    const { id } = await tx
      .insertInto('reception_slots')
      .values({ day_id: dayId, starts_at: s.startsAt, ends_at: s.endsAt, capacity: s.capacity, active: 1 })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.push(id);
  }
  return ids;
}

export async function saveDayPlan(
  tx: Executor,
  dayId: number,
  plan: { startTime: ClockTime; endTime: ClockTime; slotMinutes: number; slotCapacity: number; topic: string },
  at: number,
): Promise<void> {
  await tx
    .updateTable('reception_days')
    .set({
      start_time: plan.startTime,
      end_time: plan.endTime,
      slot_minutes: plan.slotMinutes,
      slot_capacity: plan.slotCapacity,
      topic: plan.topic,
      updated_at: at,
    })
    .where('id', '=', dayId)
    .execute();
}

/** Puts the day on another date, with its duty's date and its bookings'; a proposal to move it is done with. */
export async function setDayDate(
  tx: Executor,
  day: { id: number; dutyId: number },
  date: IsoDate,
  at: number,
): Promise<void> {
  await tx.updateTable('reception_bookings').set({ date, updated_at: at }).where('day_id', '=', day.id).execute();
  await tx
    .updateTable('reception_days')
    .set({ date, proposed_date: null, proposed_reason: null })
    .where('id', '=', day.id)
    .execute();
  await tx.updateTable('duties').set({ scheduled_on: date, updated_at: at }).where('id', '=', day.dutyId).execute();
}

export async function markDayCancelled(tx: Executor, dayId: number, reason: string): Promise<void> {
  await tx
    .updateTable('reception_days')
    .set({ status: 'cancelled', cancel_reason: reason, proposed_date: null, proposed_reason: null })
    .where('id', '=', dayId)
    .execute();
}

/** Raises SEQUENCE for a change about to be sent; returns the day as it now stands. */
export async function bumpSequence(tx: Executor, dayId: number, at: number): Promise<ReceptionDay> {
  await tx
    .updateTable('reception_days')
    .set((eb) => ({ sequence: eb('sequence', '+', 1), updated_at: at }))
    .where('id', '=', dayId)
    .execute();
  const day = await getReceptionDay(tx, dayId);
  if (!day) throw new Error(`reception day ${dayId} vanished inside its transaction`);
  return day;
}

/** Who has been sent the day's current invite. */
export async function attendeeIds(x: Reader, dayId: number): Promise<number[]> {
  return (
    await executorOf(x).selectFrom('reception_attendees').select('employee_id').where('day_id', '=', dayId).execute()
  ).map((r) => r.employee_id);
}

export async function addAttendeeRow(tx: Executor, dayId: number, employeeId: number): Promise<void> {
  await tx.insertInto('reception_attendees').values({ day_id: dayId, employee_id: employeeId }).execute();
}

/** Takes an attendee off the day; answers whether they were on it. */
export async function removeAttendeeRow(tx: Executor, dayId: number, employeeId: number): Promise<boolean> {
  const removed = await tx
    .deleteFrom('reception_attendees')
    .where('day_id', '=', dayId)
    .where('employee_id', '=', employeeId)
    .executeTakeFirst();
  return Number(removed.numDeletedRows) === 1;
}

/** Open reception days from `from` to `to`, with their duty's window, for a calendar change to check. */
export async function openReceptionDaysBetween(x: Reader, from: IsoDate, to: IsoDate) {
  return executorOf(x)
    .selectFrom('reception_days as r')
    .innerJoin('duties as d', 'd.id', 'r.duty_id')
    .innerJoin('employees as e', 'e.id', 'r.employee_id')
    .innerJoin('projects as p', 'p.id', 'r.project_id')
    .select([
      'r.id',
      'r.date',
      'r.employee_id as employeeId',
      'r.project_id as projectId',
      'e.name as employeeName',
      'p.name as projectName',
      'd.id as dutyId',
      'd.due_from as dueFrom',
      'd.due_to as dueTo',
    ])
    .where('r.status', '=', 'open')
    .where('r.date', '>=', from)
    .where('r.date', '<=', to)
    .orderBy('r.date')
    .orderBy('r.id')
    .execute();
}

/** The other dates a person holds open reception days on. */
export async function receptionDayDatesOf(x: Reader, employeeId: number, exceptDayId: number): Promise<IsoDate[]> {
  const rows = await executorOf(x)
    .selectFrom('reception_days')
    .select('date')
    .where('employee_id', '=', employeeId)
    .where('status', '=', 'open')
    .where('id', '!=', exceptDayId)
    .execute();
  return rows.map((r) => r.date);
}

/** Marks (or, with null, clears) where a day should move now that its date is no longer a working day. */
export async function setReceptionDateProposal(
  tx: Executor,
  dayId: number,
  proposal: ReceptionDateProposal | null,
): Promise<void> {
  await tx
    .updateTable('reception_days')
    .set({ proposed_date: proposal?.date ?? null, proposed_reason: proposal ? JSON.stringify(proposal.now) : null })
    .where('id', '=', dayId)
    .execute();
}

/** Clears the proposals of days from `from` to `to` other than `keep`. */
export async function clearReceptionDateProposals(
  tx: Executor,
  from: IsoDate,
  to: IsoDate,
  keep: readonly number[],
): Promise<void> {
  let q = tx
    .updateTable('reception_days')
    .set({ proposed_date: null, proposed_reason: null })
    .where('date', '>=', from)
    .where('date', '<=', to)
    .where('proposed_reason', 'is not', null);
  if (keep.length) q = q.where('id', 'not in', [...keep]);
  await q.execute();
}
