import {
  yearOf,
  yearStateOf,
  buildSlots,
  bookingNotice,
  inviteMail,
  isSafeEmail,
  maskRoom,
  remapBookings,
  VENUE_KIND_LABELS,
  type AppError,
  type CalendarParty,
  type ClockTime,
  type InviteChange,
  type IsoDate,
  type ReceptionDayEvent,
  type Result,
  type SlotPlan,
  type VenueKind,
} from '@frontline/core';
import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import { writeAudit, type AuditContext } from './audit.ts';
import { enqueueMail } from './outbox.ts';
import { Refusal, refusing as refuse, type ConstraintMap } from './refusal.ts';
import type { Db } from './open.ts';
import type { Database, ReceptionBookingTable, ReceptionDayTable } from './schema.ts';

/**
 * Reception days and their bookings. Every change and the messages it causes
 * (invites, cancellations, notices to the households' owners) are written in
 * one transaction: the outbox never says something the database does not.
 */

/** What invites need from the deployment: who sends, where the app lives, the reminder. */
export type MailSettings = { from: CalendarParty; origin: string; host: string; alarmMinutes: number };

export type ReceptionSlot = { id: number; startsAt: ClockTime; endsAt: ClockTime; capacity: number; booked: number };

export type ReceptionDay = {
  id: number;
  dutyId: number;
  employeeId: number;
  employeeName: string;
  projectId: number;
  projectName: string;
  regionId: number;
  venueKind: VenueKind;
  venue: string;
  date: IsoDate;
  startTime: ClockTime;
  endTime: ClockTime;
  slotMinutes: number;
  slotCapacity: number;
  topic: string;
  status: 'open' | 'cancelled';
  cancelReason: string | null;
  uid: string;
  sequence: number;
  updatedAt: number;
  slots: ReceptionSlot[];
  /** The day's year has no notice yet: its date may still have to move. */
  provisional: boolean;
  /**
   * Set when the calendar changed under the day: its date is no longer a
   * working day, and this is where it could move (null: nowhere in its
   * window), with what the date is now. Cleared when the day moves.
   */
  proposal: { date: IsoDate | null; now: { zh: string; en: string } } | null;
};

export type BookingStatus = 'booked' | 'cancelled' | 'released';

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

/** A refusal inside a transaction: thrown to roll back, returned as a Result. */
/** The database's own refusals of a booking, as the rules they enforce. */
const bookingConstraints: ConstraintMap = (code, message): AppError | undefined => {
  if (code === 'SQLITE_CONSTRAINT_TRIGGER' && message.includes('SLOT_FULL')) return { code: 'SLOT_FULL', fields: { slotId: 'SLOT_FULL' } };
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' && message.includes('reception_bookings')) {
    return { code: 'HOUSEHOLD_BOOKED_THAT_DAY', fields: { householdId: 'HOUSEHOLD_BOOKED_THAT_DAY' } };
  }
  return undefined;
};

const refusing = <T>(work: () => Promise<T>) => refuse(work, bookingConstraints);

export const venueLabel = (projectName: string, kind: VenueKind) => `${projectName} ${VENUE_KIND_LABELS[kind].zh}`;

type DayRow = Selectable<ReceptionDayTable> & { employee_name: string; project_name: string; region_id: number; notice_year: number | null };

function dayQuery(db: Kysely<Database>) {
  return db
    .selectFrom('reception_days as d')
    .innerJoin('employees as e', 'e.id', 'd.employee_id')
    .innerJoin('projects as p', 'p.id', 'd.project_id')
    // Whether the day's year has its notice: without one, the date is provisional.
    .leftJoin('calendar_years as y', (j) => j.on(sql<boolean>`y.year = cast(substr(d.date, 1, 4) as integer)`))
    .selectAll('d')
    .select(['e.name as employee_name', 'p.name as project_name', 'p.region_id', 'y.year as notice_year']);
}

async function slotsOf(db: Kysely<Database>, dayIds: number[]): Promise<Map<number, ReceptionSlot[]>> {
  const out = new Map<number, ReceptionSlot[]>(dayIds.map((id) => [id, []]));
  if (!dayIds.length) return out;
  const rows = await db
    .selectFrom('reception_slots as s')
    .leftJoin('reception_bookings as b', (j) => j.onRef('b.slot_id', '=', 's.id').on('b.status', '=', 'booked'))
    .select(['s.id', 's.day_id', 's.starts_at', 's.ends_at', 's.capacity', (eb) => eb.fn.count<number>('b.id').as('booked')])
    .where('s.day_id', 'in', dayIds)
    .where('s.active', '=', 1)
    .groupBy('s.id')
    .orderBy('s.starts_at')
    .execute();
  for (const r of rows) out.get(r.day_id)!.push({ id: r.id, startsAt: r.starts_at, endsAt: r.ends_at, capacity: r.capacity, booked: Number(r.booked) });
  return out;
}

function toDay(r: DayRow, slots: ReceptionSlot[]): ReceptionDay {
  const venueKind = r.venue_kind as VenueKind;
  return {
    id: r.id, dutyId: r.duty_id, employeeId: r.employee_id, employeeName: r.employee_name, projectId: r.project_id,
    projectName: r.project_name, regionId: r.region_id, venueKind, venue: venueLabel(r.project_name, venueKind), date: r.date,
    startTime: r.start_time, endTime: r.end_time, slotMinutes: r.slot_minutes, slotCapacity: r.slot_capacity, topic: r.topic,
    status: r.status, cancelReason: r.cancel_reason, uid: r.uid, sequence: r.sequence, updatedAt: r.updated_at, slots,
    provisional: yearStateOf(yearOf(r.date), r.notice_year !== null) === 'provisional',
    proposal: r.proposed_reason === null ? null : { date: r.proposed_date, now: JSON.parse(r.proposed_reason) as { zh: string; en: string } },
  };
}

export async function getReceptionDay(db: Db | Kysely<Database>, id: number): Promise<ReceptionDay | undefined> {
  const k = 'kysely' in db ? db.kysely : db;
  const row = await dayQuery(k).where('d.id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  return toDay(row, (await slotsOf(k, [id])).get(id)!);
}

export async function getReceptionDayOfDuty(db: Db, dutyId: number): Promise<ReceptionDay | undefined> {
  const row = await db.kysely.selectFrom('reception_days').select('id').where('duty_id', '=', dutyId).executeTakeFirst();
  return row ? getReceptionDay(db, row.id) : undefined;
}

export type ReceptionDayFilter = { from: IsoDate; to: IsoDate; regionIds?: number[] | undefined; projectId?: number | undefined; employeeIds?: number[] | undefined; ids?: number[] | undefined };

export async function listReceptionDays(db: Db, f: ReceptionDayFilter): Promise<ReceptionDay[]> {
  let q = dayQuery(db.kysely).where('d.date', '>=', f.from).where('d.date', '<=', f.to);
  if (f.regionIds) q = q.where('p.region_id', 'in', f.regionIds.length ? f.regionIds : [-1]);
  if (f.projectId) q = q.where('d.project_id', '=', f.projectId);
  if (f.employeeIds) q = q.where('d.employee_id', 'in', f.employeeIds.length ? f.employeeIds : [-1]);
  if (f.ids) q = q.where('d.id', 'in', f.ids.length ? f.ids : [-1]);
  const rows = await q.orderBy('d.date').orderBy('d.start_time').limit(500).execute();
  const slots = await slotsOf(db.kysely, rows.map((r) => r.id));
  return rows.map((r) => toDay(r, slots.get(r.id)!));
}

/** Who may run a day: the executive, their deputy on the duty, or their assistant. */
export async function receptionManagers(db: Db, day: Pick<ReceptionDay, 'employeeId' | 'dutyId'>): Promise<number[]> {
  const duty = await db.kysely.selectFrom('duties').select('deputy_id').where('id', '=', day.dutyId).executeTakeFirst();
  const assistants = await db.kysely.selectFrom('employees').select('id').where('assists_employee_id', '=', day.employeeId).where('active', '=', 1).execute();
  return [day.employeeId, ...(duty?.deputy_id ? [duty.deputy_id] : []), ...assistants.map((a) => a.id)];
}

function bookingQuery(db: Kysely<Database>) {
  return db
    .selectFrom('reception_bookings as b')
    .innerJoin('reception_slots as s', 's.id', 'b.slot_id')
    .innerJoin('employees as e', 'e.id', 'b.booked_by')
    .selectAll('b')
    .select(['s.starts_at', 's.ends_at', 'e.name as booked_by_name']);
}

type BookingRow = Selectable<ReceptionBookingTable> & { starts_at: string; ends_at: string; booked_by_name: string };

function toBooking(r: BookingRow): Booking {
  return {
    id: r.id, dayId: r.day_id, slotId: r.slot_id, startsAt: r.starts_at, endsAt: r.ends_at, householdId: r.household_id,
    bookedBy: r.booked_by, bookedByName: r.booked_by_name, date: r.date, note: r.note, status: r.status, reason: r.reason, createdAt: r.created_at,
  };
}

export async function getBooking(db: Db, id: number): Promise<Booking | undefined> {
  const row = await bookingQuery(db.kysely).where('b.id', '=', id).executeTakeFirst();
  return row && toBooking(row);
}

export async function listBookingsOfDay(db: Db, dayId: number): Promise<Booking[]> {
  const rows = await bookingQuery(db.kysely).where('b.day_id', '=', dayId).orderBy('s.starts_at').orderBy('b.id').execute();
  return rows.map(toBooking);
}

export type HouseholdBookingHistory = Booking & { dayTopic: string; executiveName: string; venue: string };

/** Every booking of these households (any day), newest first: the roster's "history so far". */
export async function bookingHistoryOf(db: Db, householdIds: number[]): Promise<HouseholdBookingHistory[]> {
  if (!householdIds.length) return [];
  const rows = await bookingQuery(db.kysely)
    .innerJoin('reception_days as d', 'd.id', 'b.day_id')
    .innerJoin('employees as x', 'x.id', 'd.employee_id')
    .innerJoin('projects as p', 'p.id', 'd.project_id')
    .select(['d.topic', 'd.venue_kind', 'x.name as executive_name', 'p.name as project_name'])
    .where('b.household_id', 'in', householdIds)
    .orderBy('b.date', 'desc')
    .execute();
  return rows.map((r) => ({
    ...toBooking(r),
    dayTopic: r.topic,
    executiveName: r.executive_name,
    venue: venueLabel(r.project_name, r.venue_kind as VenueKind),
  }));
}

// ——— messages ———

type Party = CalendarParty & { employeeId: number };

/** The people's names and (safe) addresses, for mail. */
export async function partiesOf(trx: Kysely<Database>, ids: readonly number[]): Promise<Map<number, Party>> {
  if (!ids.length) return new Map();
  const rows = await trx.selectFrom('employees').select(['id', 'name', 'email']).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.filter((r) => r.email && isSafeEmail(r.email)).map((r) => [r.id, { employeeId: r.id, name: r.name, email: r.email! }]));
}

/** The day as calendars see it. The executive's address comes from `parties` when known (invites need it to mark them required). */
export function receptionEvent(day: ReceptionDay, mail: Pick<MailSettings, 'from' | 'origin'>, parties?: ReadonlyMap<number, CalendarParty>): ReceptionDayEvent {
  return {
    uid: day.uid, sequence: day.sequence, date: day.date, startTime: day.startTime, endTime: day.endTime, topic: day.topic,
    venue: day.venue, executive: parties?.get(day.employeeId) ?? { name: day.employeeName, email: mail.from.email }, provisional: day.provisional,
    rosterUrl: `${mail.origin}/receptions/${day.id}`, cancelled: day.status === 'cancelled',
  };
}

async function attendeeIds(trx: Kysely<Database>, dayId: number): Promise<number[]> {
  return (await trx.selectFrom('reception_attendees').select('employee_id').where('day_id', '=', dayId).execute()).map((r) => r.employee_id);
}

/**
 * Sends the day as it now stands (loaded after `sequence` was raised) to
 * `recipients`, each in their own message, listing `attendees` in the invite.
 */
async function sendDay(
  trx: Kysely<Database>,
  day: ReceptionDay,
  o: { method: 'REQUEST' | 'CANCEL'; change: InviteChange; recipients: readonly number[]; attendees: readonly number[]; note?: string },
  mail: MailSettings,
  at: number,
): Promise<void> {
  const parties = await partiesOf(trx, [day.employeeId, ...o.recipients, ...o.attendees]);
  const input = {
    method: o.method,
    event: receptionEvent(day, mail, parties),
    organizer: mail.from,
    attendees: o.attendees.flatMap((id) => parties.get(id) ?? []),
    stamp: at,
    alarmMinutes: mail.alarmMinutes,
  };
  for (const id of new Set(o.recipients)) {
    const to = parties.get(id);
    if (to) await enqueueMail(trx, { ...inviteMail(input, to, o.change, o.note), employeeId: id }, at, mail.host);
  }
}

/** Raises SEQUENCE for a change about to be sent; returns the day as it now stands. */
async function bumpSequence(trx: Kysely<Database>, dayId: number, at: number): Promise<ReceptionDay> {
  await trx.updateTable('reception_days').set((eb) => ({ sequence: eb('sequence', '+', 1), updated_at: at })).where('id', '=', dayId).execute();
  return (await getReceptionDay(trx, dayId))!;
}

/** Tells each affected household's owner (and whoever booked it) what happened to the bookings. */
async function noticeOwners(
  trx: Kysely<Database>,
  day: ReceptionDay,
  bookingIds: readonly number[],
  change: 'moved' | 'released',
  reason: string,
  mail: MailSettings,
  at: number,
): Promise<void> {
  if (!bookingIds.length) return;
  const rows = await trx
    .selectFrom('reception_bookings as b')
    .innerJoin('households as h', 'h.id', 'b.household_id')
    .select(['b.booked_by', 'h.owner_employee_id', 'h.id as household_id', 'h.building', 'h.unit', 'h.room'])
    .where('b.id', 'in', [...bookingIds])
    .execute();
  const byPerson = new Map<number, string[]>();
  for (const r of rows) {
    const label = `${r.building}-${r.unit}-${maskRoom(r.room)}`;
    for (const id of new Set([r.owner_employee_id, r.booked_by].filter((x): x is number => x !== null))) {
      byPerson.set(id, [...(byPerson.get(id) ?? []), label]);
    }
  }
  const parties = await partiesOf(trx, [day.employeeId, ...byPerson.keys()]);
  const event = receptionEvent(day, mail, parties);
  for (const [id, households] of byPerson) {
    const to = parties.get(id);
    if (!to) continue;
    await enqueueMail(trx, { ...bookingNotice({ to, change, event, households, reason, link: event.rosterUrl }), employeeId: id }, at, mail.host);
  }
}

// ——— changes ———

export type NewReceptionDay = SlotPlan & { dutyId: number; date: IsoDate; projectId: number; venueKind: VenueKind; topic: string };

/** Turns a reception duty into a day at a venue with slots, schedules the duty, and invites the executive. */
export async function createReceptionDay(db: Db, input: NewReceptionDay, ctx: AuditContext, mail: MailSettings): Promise<Result<ReceptionDay, AppError>> {
  const slots = buildSlots(input);
  if (!slots.ok) return slots;
  return refusing(() =>
    db.kysely.transaction().execute(async (trx) => {
      const duty = await trx.selectFrom('duties').select(['id', 'kind', 'employee_id', 'status']).where('id', '=', input.dutyId).executeTakeFirst();
      if (!duty || duty.kind !== 'reception') throw new Refusal({ code: 'RECEPTION_NOT_RECEPTION_DUTY', fields: { dutyId: 'RECEPTION_NOT_RECEPTION_DUTY' } });
      const existing = await trx.selectFrom('reception_days').select('id').where('duty_id', '=', duty.id).executeTakeFirst();
      if (existing) throw new Refusal({ code: 'RECEPTION_EXISTS', fields: { dutyId: 'RECEPTION_EXISTS' } });
      const scheduled = await trx
        .updateTable('duties')
        .set((eb) => ({
          scheduled_on: input.date,
          status: eb.case().when('status', '=', 'planned').then('scheduled').else(eb.ref('status')).end(),
          updated_at: ctx.at,
        }))
        .where('id', '=', duty.id)
        .where('status', 'in', ['planned', 'scheduled', 'delegated'])
        .executeTakeFirst();
      if (Number(scheduled.numUpdatedRows) !== 1) throw new Refusal({ code: 'CONFLICT' });
      const { id } = await trx
        .insertInto('reception_days')
        .values({
          duty_id: duty.id, employee_id: duty.employee_id, project_id: input.projectId, venue_kind: input.venueKind, date: input.date,
          start_time: input.startTime, end_time: input.endTime, slot_minutes: input.slotMinutes, slot_capacity: input.slotCapacity,
          topic: input.topic, status: 'open', uid: `reception-${randomUUID()}@${mail.host}`, sequence: 0, created_by: ctx.actorId,
          created_at: ctx.at, updated_at: ctx.at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx.insertInto('reception_slots').values(slots.value.map((s) => ({ day_id: id, starts_at: s.startsAt, ends_at: s.endsAt, capacity: s.capacity, active: 1 }))).execute();
      await trx.insertInto('reception_attendees').values({ day_id: id, employee_id: duty.employee_id }).execute();
      const day = (await getReceptionDay(trx, id))!;
      await sendDay(trx, day, { method: 'REQUEST', change: 'new', recipients: [duty.employee_id], attendees: [duty.employee_id] }, mail, ctx.at);
      await writeAudit(trx, ctx, { action: 'reception.create', entity: 'reception_day', entityId: id, after: input });
      return day;
    }),
  );
}

async function openDay(trx: Kysely<Database>, dayId: number, expectedUpdatedAt?: number): Promise<ReceptionDay> {
  const day = await getReceptionDay(trx, dayId);
  if (!day) throw new Refusal({ code: 'NOT_FOUND' });
  if (day.status === 'cancelled') throw new Refusal({ code: 'RECEPTION_CANCELLED' });
  if (expectedUpdatedAt !== undefined && expectedUpdatedAt !== day.updatedAt) throw new Refusal({ code: 'CONFLICT' });
  return day;
}

/**
 * Moves a day to another date: bookings move with it, except a household that
 * already has a booking on the new date, whose booking here is released. The
 * attendees get an updated invite, the households' owners a notice.
 */
export async function moveReceptionDay(db: Db, dayId: number, date: IsoDate, reason: string, ctx: AuditContext, mail: MailSettings): Promise<Result<ReceptionDay, AppError>> {
  return refusing(() =>
    db.kysely.transaction().execute(async (trx) => {
      const day = await openDay(trx, dayId);
      if (day.date === date) return day;
      const live = await trx.selectFrom('reception_bookings').select(['id', 'household_id']).where('day_id', '=', dayId).where('status', '=', 'booked').execute();
      const clashes = live.length
        ? await trx
            .selectFrom('reception_bookings')
            .select('household_id')
            .where('date', '=', date)
            .where('status', '=', 'booked')
            .where('household_id', 'in', live.map((b) => b.household_id))
            .execute()
        : [];
      const clashing = new Set(clashes.map((c) => c.household_id));
      const released = live.filter((b) => clashing.has(b.household_id)).map((b) => b.id);
      const moved = live.filter((b) => !clashing.has(b.household_id)).map((b) => b.id);
      if (released.length) {
        await trx.updateTable('reception_bookings').set({ status: 'released', reason: `改期冲突 / clash after move: ${reason}`, updated_at: ctx.at }).where('id', 'in', released).execute();
      }
      await trx.updateTable('reception_bookings').set({ date, updated_at: ctx.at }).where('day_id', '=', dayId).execute();
      await trx.updateTable('reception_days').set({ date, proposed_date: null, proposed_reason: null }).where('id', '=', dayId).execute();
      await trx.updateTable('duties').set({ scheduled_on: date, updated_at: ctx.at }).where('id', '=', day.dutyId).execute();
      const after = await bumpSequence(trx, dayId, ctx.at);
      const attendees = await attendeeIds(trx, dayId);
      await sendDay(trx, after, { method: 'REQUEST', change: 'moved', recipients: attendees, attendees, note: reason }, mail, ctx.at);
      await noticeOwners(trx, after, moved, 'moved', reason, mail, ctx.at);
      await noticeOwners(trx, after, released, 'released', reason, mail, ctx.at);
      await writeAudit(trx, ctx, { action: 'reception.move', entity: 'reception_day', entityId: dayId, before: { date: day.date }, after: { date, reason, released: released.length } });
      return after;
    }),
  );
}

/** Changes the time range, slot length or capacity (and topic); bookings are remapped or the change refused. */
export async function updateReceptionSlots(
  db: Db,
  dayId: number,
  plan: SlotPlan & { topic?: string | undefined },
  ctx: AuditContext,
  mail: MailSettings,
): Promise<Result<ReceptionDay, AppError>> {
  const slots = buildSlots(plan);
  if (!slots.ok) return slots;
  return refusing(() =>
    db.kysely.transaction().execute(async (trx) => {
      const day = await openDay(trx, dayId);
      const live = await bookingQuery(trx).where('b.day_id', '=', dayId).where('b.status', '=', 'booked').orderBy('s.starts_at').orderBy('b.id').execute();
      const placed = remapBookings(live.map((b) => ({ id: b.id, startsAt: b.starts_at })), slots.value);
      if (!placed.ok) throw new Refusal(placed.error);
      await trx.updateTable('reception_slots').set({ active: 0 }).where('day_id', '=', dayId).execute();
      const ids: number[] = [];
      for (const s of slots.value) {
        const { id } = await trx.insertInto('reception_slots').values({ day_id: dayId, starts_at: s.startsAt, ends_at: s.endsAt, capacity: s.capacity, active: 1 }).returning('id').executeTakeFirstOrThrow();
        ids.push(id);
      }
      for (const [bookingId, index] of placed.value) {
        await trx.updateTable('reception_bookings').set({ slot_id: ids[index]!, updated_at: ctx.at }).where('id', '=', bookingId).execute();
      }
      const topic = plan.topic ?? day.topic;
      await trx
        .updateTable('reception_days')
        .set({ start_time: plan.startTime, end_time: plan.endTime, slot_minutes: plan.slotMinutes, slot_capacity: plan.slotCapacity, topic, updated_at: ctx.at })
        .where('id', '=', dayId)
        .execute();
      // Only what the calendar shows (times, topic) is worth an updated invite.
      if (plan.startTime !== day.startTime || plan.endTime !== day.endTime || topic !== day.topic) {
        const attendees = await attendeeIds(trx, dayId);
        await sendDay(trx, await bumpSequence(trx, dayId, ctx.at), { method: 'REQUEST', change: 'updated', recipients: attendees, attendees }, mail, ctx.at);
      }
      await writeAudit(trx, ctx, {
        action: 'reception.slots', entity: 'reception_day', entityId: dayId,
        before: { startTime: day.startTime, endTime: day.endTime, slotMinutes: day.slotMinutes, slotCapacity: day.slotCapacity, topic: day.topic },
        after: { ...plan, topic },
      });
      return (await getReceptionDay(trx, dayId))!;
    }),
  );
}

/** Cancels a day: bookings released, every attendee sent a CANCEL, owners told, the duty owed again. */
export async function cancelReceptionDay(db: Db, dayId: number, reason: string, ctx: AuditContext, mail: MailSettings): Promise<Result<ReceptionDay, AppError>> {
  return refusing(() =>
    db.kysely.transaction().execute(async (trx) => {
      const day = await openDay(trx, dayId);
      const live = (await trx.selectFrom('reception_bookings').select('id').where('day_id', '=', dayId).where('status', '=', 'booked').execute()).map((b) => b.id);
      if (live.length) await trx.updateTable('reception_bookings').set({ status: 'released', reason, updated_at: ctx.at }).where('id', 'in', live).execute();
      await trx.updateTable('reception_days').set({ status: 'cancelled', cancel_reason: reason, proposed_date: null, proposed_reason: null }).where('id', '=', dayId).execute();
      await trx
        .updateTable('duties')
        .set((eb) => ({ scheduled_on: null, status: eb.case().when('status', '=', 'scheduled').then('planned').else(eb.ref('status')).end(), updated_at: ctx.at }))
        .where('id', '=', day.dutyId)
        .where('status', 'in', ['scheduled', 'delegated'])
        .execute();
      const after = await bumpSequence(trx, dayId, ctx.at);
      const attendees = await attendeeIds(trx, dayId);
      await sendDay(trx, after, { method: 'CANCEL', change: 'cancelled', recipients: attendees, attendees, note: reason }, mail, ctx.at);
      await noticeOwners(trx, after, live, 'released', reason, mail, ctx.at);
      await writeAudit(trx, ctx, { action: 'reception.cancel', entity: 'reception_day', entityId: dayId, after: { reason, released: live.length } });
      return after;
    }),
  );
}

/** Adds the booker to the day's attendees (with their own invite) if they are not on it yet. */
async function addAttendee(trx: Kysely<Database>, dayId: number, employeeId: number, mail: MailSettings, at: number): Promise<void> {
  const attendees = await attendeeIds(trx, dayId);
  if (attendees.includes(employeeId)) return;
  await trx.insertInto('reception_attendees').values({ day_id: dayId, employee_id: employeeId }).execute();
  await sendDay(trx, await bumpSequence(trx, dayId, at), { method: 'REQUEST', change: 'new', recipients: [employeeId], attendees: [...attendees, employeeId] }, mail, at);
}

/** Removes an employee with no live booking left on the day (never the executive), telling just them. */
async function dropAttendeeIfIdle(trx: Kysely<Database>, day: ReceptionDay, employeeId: number, mail: MailSettings, at: number): Promise<void> {
  if (employeeId === day.employeeId) return;
  const still = await trx.selectFrom('reception_bookings').select('id').where('day_id', '=', day.id).where('booked_by', '=', employeeId).where('status', '=', 'booked').executeTakeFirst();
  if (still) return;
  const removed = await trx.deleteFrom('reception_attendees').where('day_id', '=', day.id).where('employee_id', '=', employeeId).executeTakeFirst();
  if (Number(removed.numDeletedRows) !== 1) return;
  await sendDay(trx, await bumpSequence(trx, day.id, at), { method: 'CANCEL', change: 'removed', recipients: [employeeId], attendees: [employeeId] }, mail, at);
}

export type NewBooking = { slotId: number; householdId: number; bookedBy: number; note: string };

async function insertBooking(trx: Kysely<Database>, b: NewBooking, today: IsoDate, at: number): Promise<{ id: number; day: ReceptionDay }> {
  const slot = await trx.selectFrom('reception_slots').select(['id', 'day_id', 'active']).where('id', '=', b.slotId).executeTakeFirst();
  if (!slot || !slot.active) throw new Refusal({ code: 'NOT_FOUND', fields: { slotId: 'NOT_FOUND' } });
  const day = await openDay(trx, slot.day_id);
  if (day.date < today) throw new Refusal({ code: 'RECEPTION_PAST' });
  const { id } = await trx
    .insertInto('reception_bookings')
    .values({ day_id: day.id, slot_id: slot.id, household_id: b.householdId, booked_by: b.bookedBy, date: day.date, note: b.note, status: 'booked', created_at: at, updated_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id, day };
}

/** Books a household into a slot. The database refuses a full slot or a second booking that day, whatever the race. */
export async function bookSlot(db: Db, b: NewBooking, today: IsoDate, ctx: AuditContext, mail: MailSettings): Promise<Result<Booking, AppError>> {
  return refusing(() =>
    db.kysely.transaction().execute(async (trx) => {
      const { id, day } = await insertBooking(trx, b, today, ctx.at);
      await addAttendee(trx, day.id, b.bookedBy, mail, ctx.at);
      await writeAudit(trx, ctx, { action: 'booking.create', entity: 'reception_booking', entityId: id, after: { dayId: day.id, ...b } });
      return toBooking(await bookingQuery(trx).where('b.id', '=', id).executeTakeFirstOrThrow());
    }),
  );
}

/** Cancels a booking with a reason; an employee left with no booking that day is taken off the invite. */
export async function cancelBooking(db: Db, bookingId: number, reason: string, ctx: AuditContext, mail: MailSettings): Promise<Result<Booking, AppError>> {
  return refusing(() =>
    db.kysely.transaction().execute(async (trx) => {
      const changed = await trx
        .updateTable('reception_bookings')
        .set({ status: 'cancelled', reason, updated_at: ctx.at })
        .where('id', '=', bookingId)
        .where('status', '=', 'booked')
        .executeTakeFirst();
      if (Number(changed.numUpdatedRows) !== 1) throw new Refusal({ code: 'BOOKING_NOT_ACTIVE' });
      const booking = toBooking(await bookingQuery(trx).where('b.id', '=', bookingId).executeTakeFirstOrThrow());
      const day = (await getReceptionDay(trx, booking.dayId))!;
      await dropAttendeeIfIdle(trx, day, booking.bookedBy, mail, ctx.at);
      await writeAudit(trx, ctx, { action: 'booking.cancel', entity: 'reception_booking', entityId: bookingId, after: { reason } });
      return booking;
    }),
  );
}

/** Moves a booking to another slot (of this or another day): the old one is cancelled with the reason, the new one made, or neither. */
export async function rebook(db: Db, bookingId: number, slotId: number, reason: string, today: IsoDate, ctx: AuditContext, mail: MailSettings): Promise<Result<Booking, AppError>> {
  return refusing(() =>
    db.kysely.transaction().execute(async (trx) => {
      const old = await bookingQuery(trx).where('b.id', '=', bookingId).executeTakeFirst();
      if (!old || old.status !== 'booked') throw new Refusal({ code: 'BOOKING_NOT_ACTIVE' });
      await trx.updateTable('reception_bookings').set({ status: 'cancelled', reason: `改约 / rebooked: ${reason}`, updated_at: ctx.at }).where('id', '=', bookingId).execute();
      const { id, day } = await insertBooking(trx, { slotId, householdId: old.household_id, bookedBy: old.booked_by, note: old.note }, today, ctx.at);
      if (day.id !== old.day_id) {
        await addAttendee(trx, day.id, old.booked_by, mail, ctx.at);
        await dropAttendeeIfIdle(trx, (await getReceptionDay(trx, old.day_id))!, old.booked_by, mail, ctx.at);
      }
      await writeAudit(trx, ctx, { action: 'booking.rebook', entity: 'reception_booking', entityId: id, before: { bookingId, slotId: old.slot_id }, after: { slotId, reason } });
      return toBooking(await bookingQuery(trx).where('b.id', '=', id).executeTakeFirstOrThrow());
    }),
  );
}

/** The executive this employee assists, if any. */
export async function assistedExecutive(db: Db, employeeId: number): Promise<number | null> {
  const row = await db.kysely.selectFrom('employees').select('assists_employee_id').where('id', '=', employeeId).executeTakeFirst();
  return row?.assists_employee_id ?? null;
}

export async function dayOfActiveSlot(db: Db, slotId: number): Promise<number | undefined> {
  const row = await db.kysely.selectFrom('reception_slots').select('day_id').where('id', '=', slotId).where('active', '=', 1).executeTakeFirst();
  return row?.day_id;
}

/** One assistant per executive: naming a new one clears the old. Audited. */
export async function setAssistant(db: Db, executiveId: number, assistantId: number | null, ctx: AuditContext): Promise<void> {
  await db.kysely.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('employees').select('id').where('assists_employee_id', '=', executiveId).execute();
    await trx.updateTable('employees').set({ assists_employee_id: null, updated_at: ctx.at }).where('assists_employee_id', '=', executiveId).execute();
    if (assistantId !== null) await trx.updateTable('employees').set({ assists_employee_id: executiveId, updated_at: ctx.at }).where('id', '=', assistantId).execute();
    await writeAudit(trx, ctx, { action: 'reception.assistant', entity: 'employee', entityId: executiveId, before: before.map((b) => b.id), after: assistantId });
  });
}

/** Open reception days from `from` to `to`, with their duty's window, for a calendar change to check. */
export async function openReceptionDaysBetween(x: Kysely<Database>, from: IsoDate, to: IsoDate) {
  return x
    .selectFrom('reception_days as r')
    .innerJoin('duties as d', 'd.id', 'r.duty_id')
    .innerJoin('employees as e', 'e.id', 'r.employee_id')
    .innerJoin('projects as p', 'p.id', 'r.project_id')
    .select([
      'r.id', 'r.date', 'r.employee_id as employeeId', 'r.project_id as projectId', 'e.name as employeeName', 'p.name as projectName',
      'd.id as dutyId', 'd.due_from as dueFrom', 'd.due_to as dueTo',
    ])
    .where('r.status', '=', 'open')
    .where('r.date', '>=', from)
    .where('r.date', '<=', to)
    .orderBy('r.date')
    .orderBy('r.id')
    .execute();
}

/** The other dates a person holds open reception days on. */
export async function receptionDayDatesOf(x: Kysely<Database>, employeeId: number, exceptDayId: number): Promise<IsoDate[]> {
  const rows = await x.selectFrom('reception_days').select('date').where('employee_id', '=', employeeId).where('status', '=', 'open').where('id', '!=', exceptDayId).execute();
  return rows.map((r) => r.date);
}

/** Marks (or, with null, clears) where a day should move now that its date is no longer a working day. */
export async function setReceptionDateProposal(tx: Kysely<Database>, dayId: number, proposal: { date: IsoDate | null; now: { zh: string; en: string } } | null): Promise<void> {
  await tx
    .updateTable('reception_days')
    .set({ proposed_date: proposal?.date ?? null, proposed_reason: proposal ? JSON.stringify(proposal.now) : null })
    .where('id', '=', dayId)
    .execute();
}

/** Clears the proposals of days from `from` to `to` other than `keep`. */
export async function clearReceptionDateProposals(tx: Kysely<Database>, from: IsoDate, to: IsoDate, keep: readonly number[]): Promise<void> {
  let q = tx.updateTable('reception_days').set({ proposed_date: null, proposed_reason: null }).where('date', '>=', from).where('date', '<=', to).where('proposed_reason', 'is not', null);
  if (keep.length) q = q.where('id', 'not in', [...keep]);
  await q.execute();
}
