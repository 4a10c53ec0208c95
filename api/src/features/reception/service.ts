import {
  applyDutyAction,
  buildSlots,
  dutyAfterReceptionCancelled,
  err,
  receptionPastProblem,
  remapBookings,
  type Actor,
  type AppError,
  type IsoDate,
  type MailSettings,
  type Result,
  type SlotPlan,
  type VenueKind,
} from '@frontline/core';
import {
  activeSlot,
  assistantsOf,
  assistedExecutive,
  bookingCountsOf,
  bookingHistoryOf,
  bookingConstraints,
  dutyState,
  endBooking,
  getBooking,
  getDuty,
  getHouseholds,
  getReceptionDay,
  getReceptionDayOfDuty,
  householdsBookedOn,
  insertBooking,
  insertReceptionDay,
  listBookingsOfDay,
  listReceptionDays,
  liveBookingsOfDay,
  lockSlotsOfDay,
  markDayCancelled,
  moveBookingsToSlots,
  queueDayInvites,
  receptionManagers,
  Refusal,
  releaseBookings,
  replaceAssistant,
  replaceSlots,
  saveDayPlan,
  saveDutyState,
  setDayDate,
  takePlace,
  unitOfWork,
  writeAudit,
  type AuditContext,
  type Booking,
  type Db,
  type Duty,
  type Executor,
  type Reader,
  type ReceptionDay,
  inTransaction,
  openTicketsOfHouseholds,
} from '@frontline/db';
import { dutyDateProblem } from '../duties/service.ts';
import { addAttendee, dropAttendeeIfIdle, noticeOwners, tellAttendees } from './invites.ts';
import { dayListScope, managesListedDay, mayManageDay, mayViewDay, seesOnRoster } from './policy.ts';
import { dayView, rosterEntryView } from './views.ts';

/**
 * Reception days and their bookings. Every change and the messages it causes
 * (invites, cancellations, notices to the households' owners) are written in
 * one unit of work: the outbox never says something the database does not.
 * A day that is over takes no change and no booking (core's
 * `receptionPastProblem`). A booking takes its slot's place with a
 * conditional update of the slot's count before anything else, so racing
 * bookings queue on the slot's row whatever the database; a change of a
 * whole day write-locks its slots before reading its bookings
 * (`lockSlotsOfDay`), so a racing booking either is seen by it or comes
 * after it and reads the day as changed. The database refuses a second
 * booking of a household that day, and every unit of work here reads that
 * refusal with `bookingConstraints`.
 */

/** A change's audit context with the date it is made on (Shanghai). */
export type ReceptionContext = AuditContext & { today: IsoDate };

/** The day, who runs it and whether the caller does, if the caller may see it. */
export async function visibleDay(
  db: Db,
  actor: Actor,
  id: number,
): Promise<{ day: ReceptionDay; managers: number[]; mayManage: boolean } | undefined> {
  const day = await getReceptionDay(db, id);
  if (!day) return undefined;
  const managers = await receptionManagers(db, day);
  return mayViewDay(actor, day, managers) ? { day, managers, mayManage: mayManageDay(actor, managers) } : undefined;
}

/**
 * How many of a household's other bookings its roster entry lists, newest first. A day holds at most
 * 24 slots of 20 places, and a household's history has no end, so the whole history of every booked
 * household made one answer of hundreds of kilobytes; the latest few tell the executive what they
 * need at the table, the entry says how many there are in all, and the household's timeline (paged)
 * has the rest.
 */
export const ROSTER_HISTORY = 5;

/**
 * The day's bookings the caller may see, with their households (masked),
 * those households' latest other bookings (and how many there are) and their
 * open tickets: the executive meets the customer knowing what is still unresolved.
 */
export async function rosterOf(db: Db, actor: Actor, day: ReceptionDay, mayManage: boolean) {
  const bookings = await listBookingsOfDay(db, day.id);
  const ids = [...new Set(bookings.map((b) => b.householdId))];
  const [households, history, counts, tickets] = await Promise.all([
    getHouseholds(db, ids),
    // one more than shown: the entry's own booking may be among the latest
    bookingHistoryOf(db, ids, ROSTER_HISTORY + 1),
    bookingCountsOf(db, ids),
    openTicketsOfHouseholds(db, ids),
  ]);
  const byId = new Map(households.map((h) => [h.id, h]));
  return bookings.flatMap((b) => {
    const h = byId.get(b.householdId);
    return h && seesOnRoster(actor, b, h, mayManage)
      ? [
          rosterEntryView(actor, b, h, history, tickets, mayManage, {
            limit: ROSTER_HISTORY,
            total: (counts.get(b.householdId) ?? 1) - 1,
          }),
        ]
      : [];
  });
}

/** The days the caller runs (mine) or may book into, from `from` to `to`, each with whether the caller runs it. */
export async function listDaysFor(
  db: Db,
  actor: Actor,
  q: { from: IsoDate; to: IsoDate; projectId?: number | undefined; mine: boolean },
) {
  const assisted = await assistedExecutive(db, actor.employeeId);
  const days = await listReceptionDays(db, {
    from: q.from,
    to: q.to,
    projectId: q.projectId,
    ...dayListScope(actor, q.mine, assisted),
  });
  return days.map((d) => dayView(d, { mayManage: managesListedDay(actor, d, assisted) }));
}

// ——— days ———

/** The day inside a change's transaction, as long as it is still open. */
async function openDay(tx: Executor, dayId: number): Promise<ReceptionDay> {
  const day = await getReceptionDay(tx, dayId);
  if (!day) throw new Refusal({ code: 'NOT_FOUND' });
  if (day.status === 'cancelled') throw new Refusal({ code: 'RECEPTION_CANCELLED' });
  return day;
}

async function dayDuty(x: Reader, day: ReceptionDay): Promise<Duty> {
  const duty = await getDuty(x, day.dutyId);
  if (!duty) throw new Error(`reception day ${day.id} without its duty ${day.dutyId}`);
  return duty;
}

export type NewReceptionDay = SlotPlan & {
  dutyId: number;
  date: IsoDate;
  projectId: number;
  venueKind: VenueKind;
  topic: string;
};

/**
 * Sets up a reception duty as a day: its date must suit the duty (the duty's
 * date rules, at the venue), then the day is made.
 */
export async function setUpReceptionDay(
  db: Db,
  duty: Duty,
  input: NewReceptionDay,
  ctx: ReceptionContext,
  mail: MailSettings,
): Promise<Result<ReceptionDay, AppError>> {
  const problem = await dutyDateProblem(db, duty, input.date, ctx.today, input.projectId);
  if (problem) return err(problem);
  return createReceptionDay(db, input, ctx, mail);
}

/** Turns a reception duty into a day at a venue with slots, schedules the duty, and invites the executive. */
export async function createReceptionDay(
  db: Db,
  input: NewReceptionDay,
  ctx: AuditContext,
  mail: MailSettings,
): Promise<Result<ReceptionDay, AppError>> {
  const slots = buildSlots(input);
  if (!slots.ok) return slots;
  return unitOfWork(
    db,
    async (tx) => {
      const duty = await getDuty(tx, input.dutyId);
      if (!duty || duty.kind !== 'reception')
        throw new Refusal({ code: 'RECEPTION_NOT_RECEPTION_DUTY', fields: { dutyId: 'RECEPTION_NOT_RECEPTION_DUTY' } });
      if (await getReceptionDayOfDuty(tx, duty.id))
        throw new Refusal({ code: 'RECEPTION_EXISTS', fields: { dutyId: 'RECEPTION_EXISTS' } });
      // A duty no longer open (done, missed, excused) cannot take a day: the same answer as a duty changed meanwhile.
      const scheduled = applyDutyAction(dutyState(duty), { type: 'schedule', on: input.date });
      if (!scheduled.ok || !(await saveDutyState(tx, duty, scheduled.value, ctx.at)))
        throw new Refusal({ code: 'CONFLICT' });
      const id = await insertReceptionDay(
        tx,
        { ...input, employeeId: duty.employeeId, createdBy: ctx.actorId },
        slots.value,
        mail.host,
        ctx.at,
      );
      const day = await openDay(tx, id);
      await queueDayInvites(
        tx,
        day,
        { method: 'REQUEST', change: 'new', recipients: [duty.employeeId], attendees: [duty.employeeId] },
        mail,
        ctx.at,
      );
      await writeAudit(tx, ctx, { action: 'reception.create', entity: 'reception_day', entityId: id, after: input });
      return day;
    },
    bookingConstraints,
  );
}

/**
 * Moves a day to another date that suits its duty: bookings move with it,
 * except a household that already has a booking on the new date, whose
 * booking here is released. The attendees get an updated invite, the
 * households' owners a notice.
 */
export async function moveReceptionDay(
  db: Db,
  day: ReceptionDay,
  date: IsoDate,
  reason: string,
  ctx: ReceptionContext,
  mail: MailSettings,
): Promise<Result<ReceptionDay, AppError>> {
  const problem =
    receptionPastProblem(day, ctx.today) ??
    (await dutyDateProblem(db, await dayDuty(db, day), date, ctx.today, day.projectId));
  if (problem) return err(problem);
  return unitOfWork(
    db,
    async (tx) => {
      await lockSlotsOfDay(tx, day.id);
      const before = await openDay(tx, day.id);
      if (before.date === date) return before;
      const live = await liveBookingsOfDay(tx, day.id);
      const clashing = await householdsBookedOn(
        tx,
        date,
        live.map((b) => b.householdId),
      );
      const released = live.filter((b) => clashing.has(b.householdId)).map((b) => b.id);
      const moved = live.filter((b) => !clashing.has(b.householdId)).map((b) => b.id);
      await releaseBookings(tx, released, `改期冲突 / clash after move: ${reason}`, ctx.at);
      await setDayDate(tx, before, date, ctx.at);
      const after = await tellAttendees(tx, day.id, { method: 'REQUEST', change: 'moved', note: reason }, mail, ctx.at);
      await noticeOwners(tx, after, moved, 'moved', reason, mail, ctx.at);
      await noticeOwners(tx, after, released, 'released', reason, mail, ctx.at);
      await writeAudit(tx, ctx, {
        action: 'reception.move',
        entity: 'reception_day',
        entityId: day.id,
        before: { date: before.date },
        after: { date, reason, released: released.length },
      });
      return after;
    },
    bookingConstraints,
  );
}

/** Changes the time range, slot length or capacity (and topic); bookings are remapped or the change refused. */
export async function updateReceptionSlots(
  db: Db,
  day: ReceptionDay,
  plan: SlotPlan & { topic?: string | undefined },
  ctx: ReceptionContext,
  mail: MailSettings,
): Promise<Result<ReceptionDay, AppError>> {
  const problem = receptionPastProblem(day, ctx.today);
  if (problem) return err(problem);
  const slots = buildSlots(plan);
  if (!slots.ok) return slots;
  return unitOfWork(
    db,
    async (tx) => {
      await lockSlotsOfDay(tx, day.id);
      const before = await openDay(tx, day.id);
      const live = await liveBookingsOfDay(tx, day.id);
      const placed = remapBookings(
        live.map((b) => ({ id: b.id, startsAt: b.startsAt })),
        slots.value,
      );
      if (!placed.ok) throw new Refusal(placed.error);
      const ids = await replaceSlots(tx, day.id, slots.value);
      await moveBookingsToSlots(
        tx,
        new Map([...placed.value].map(([bookingId, index]) => [bookingId, ids[index]!])),
        ctx.at,
      );
      const topic = plan.topic ?? before.topic;
      await saveDayPlan(tx, day.id, { ...plan, topic }, ctx.at);
      // Only what the calendar shows (times, topic) is worth an updated invite.
      if (plan.startTime !== before.startTime || plan.endTime !== before.endTime || topic !== before.topic) {
        await tellAttendees(tx, day.id, { method: 'REQUEST', change: 'updated' }, mail, ctx.at);
      }
      await writeAudit(tx, ctx, {
        action: 'reception.slots',
        entity: 'reception_day',
        entityId: day.id,
        before: {
          startTime: before.startTime,
          endTime: before.endTime,
          slotMinutes: before.slotMinutes,
          slotCapacity: before.slotCapacity,
          topic: before.topic,
        },
        after: { ...plan, topic },
      });
      return openDay(tx, day.id);
    },
    bookingConstraints,
  );
}

/** Cancels a day: bookings released, every attendee sent a CANCEL, owners told, the duty owed again. */
export async function cancelReceptionDay(
  db: Db,
  day: ReceptionDay,
  reason: string,
  ctx: ReceptionContext,
  mail: MailSettings,
): Promise<Result<ReceptionDay, AppError>> {
  const problem = receptionPastProblem(day, ctx.today);
  if (problem) return err(problem);
  return unitOfWork(
    db,
    async (tx) => {
      await lockSlotsOfDay(tx, day.id);
      const before = await openDay(tx, day.id);
      const live = (await liveBookingsOfDay(tx, day.id)).map((b) => b.id);
      await releaseBookings(tx, live, reason, ctx.at);
      await markDayCancelled(tx, day.id, reason);
      const duty = await dayDuty(tx, before);
      const owed = dutyAfterReceptionCancelled(dutyState(duty));
      if (owed) await saveDutyState(tx, duty, owed, ctx.at);
      const after = await tellAttendees(
        tx,
        day.id,
        { method: 'CANCEL', change: 'cancelled', note: reason },
        mail,
        ctx.at,
      );
      await noticeOwners(tx, after, live, 'released', reason, mail, ctx.at);
      await writeAudit(tx, ctx, {
        action: 'reception.cancel',
        entity: 'reception_day',
        entityId: day.id,
        after: { reason, released: live.length },
      });
      return after;
    },
    bookingConstraints,
  );
}

// ——— bookings ———

export type NewBooking = { slotId: number; householdId: number; bookedBy: number; note: string };

/**
 * A live booking in an active slot of an open day that is not over. The
 * place is taken first, then the slot and its day are read: after the slot's
 * row lock, so a change of the day that came first is seen.
 */
async function placeBooking(
  tx: Executor,
  b: NewBooking,
  today: IsoDate,
  at: number,
): Promise<{ booking: Booking; day: ReceptionDay }> {
  const taken = await takePlace(tx, b.slotId);
  const slot = await activeSlot(tx, b.slotId);
  if (!slot) throw new Refusal({ code: 'NOT_FOUND', fields: { slotId: 'NOT_FOUND' } });
  if (!taken) throw new Refusal({ code: 'SLOT_FULL', fields: { slotId: 'SLOT_FULL' } });
  const day = await openDay(tx, slot.dayId);
  const past = receptionPastProblem(day, today);
  if (past) throw new Refusal(past);
  const booking = await insertBooking(tx, { ...b, dayId: day.id, date: day.date }, at);
  return { booking, day };
}

/** Books a household into a slot. A full slot or a second booking that day is refused, whatever the race. */
export async function bookSlot(
  db: Db,
  b: NewBooking,
  ctx: ReceptionContext,
  mail: MailSettings,
): Promise<Result<Booking, AppError>> {
  return unitOfWork(
    db,
    async (tx) => {
      const { booking, day } = await placeBooking(tx, b, ctx.today, ctx.at);
      await addAttendee(tx, day.id, b.bookedBy, mail, ctx.at);
      await writeAudit(tx, ctx, {
        action: 'booking.create',
        entity: 'reception_booking',
        entityId: booking.id,
        after: { dayId: day.id, ...b },
      });
      return booking;
    },
    bookingConstraints,
  );
}

/** Cancels a booking with a reason; an employee left with no booking that day is taken off the invite. */
export async function cancelBooking(
  db: Db,
  bookingId: number,
  reason: string,
  ctx: AuditContext,
  mail: MailSettings,
): Promise<Result<Booking, AppError>> {
  return unitOfWork(
    db,
    async (tx) => {
      if (!(await endBooking(tx, bookingId, 'cancelled', reason, ctx.at)))
        throw new Refusal({ code: 'BOOKING_NOT_ACTIVE' });
      const booking = await getBooking(tx, bookingId);
      const day = booking && (await getReceptionDay(tx, booking.dayId));
      if (!booking || !day) throw new Error(`booking ${bookingId} vanished inside its transaction`);
      await dropAttendeeIfIdle(tx, day, booking.bookedBy, mail, ctx.at);
      await writeAudit(tx, ctx, {
        action: 'booking.cancel',
        entity: 'reception_booking',
        entityId: bookingId,
        after: { reason },
      });
      return booking;
    },
    bookingConstraints,
  );
}

/** Moves a booking to another slot (of this or another day): the old one is cancelled with the reason, the new one made, or neither. */
export async function rebook(
  db: Db,
  bookingId: number,
  slotId: number,
  reason: string,
  ctx: ReceptionContext,
  mail: MailSettings,
): Promise<Result<Booking, AppError>> {
  return unitOfWork(
    db,
    async (tx) => {
      const old = await getBooking(tx, bookingId);
      if (!old || !(await endBooking(tx, bookingId, 'cancelled', `改约 / rebooked: ${reason}`, ctx.at)))
        throw new Refusal({ code: 'BOOKING_NOT_ACTIVE' });
      const { booking, day } = await placeBooking(
        tx,
        { slotId, householdId: old.householdId, bookedBy: old.bookedBy, note: old.note },
        ctx.today,
        ctx.at,
      );
      if (day.id !== old.dayId) {
        await addAttendee(tx, day.id, old.bookedBy, mail, ctx.at);
        const oldDay = await getReceptionDay(tx, old.dayId);
        if (oldDay) await dropAttendeeIfIdle(tx, oldDay, old.bookedBy, mail, ctx.at);
      }
      await writeAudit(tx, ctx, {
        action: 'booking.rebook',
        entity: 'reception_booking',
        entityId: booking.id,
        before: { bookingId, slotId: old.slotId },
        after: { slotId, reason },
      });
      return booking;
    },
    bookingConstraints,
  );
}

// ——— assistants ———

/** One assistant per executive: naming a new one clears the old. Audited. */
export async function setAssistant(
  db: Db,
  executiveId: number,
  assistantId: number | null,
  ctx: AuditContext,
): Promise<void> {
  await inTransaction(db, async (tx) => {
    const before = await assistantsOf(tx, executiveId);
    await replaceAssistant(tx, executiveId, assistantId, ctx.at);
    await writeAudit(tx, ctx, {
      action: 'reception.assistant',
      entity: 'employee',
      entityId: executiveId,
      before,
      after: assistantId,
    });
  });
}
