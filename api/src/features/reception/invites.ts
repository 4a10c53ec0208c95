import { noticeRecipients, ownerNotices, type DayMessage, type MailSettings } from '@frontline/core';
import {
  addAttendeeRow,
  attendeeIds,
  bumpSequence,
  enqueueMail,
  holdsBookingOn,
  noticedBookings,
  partiesOf,
  queueDayInvites,
  removeAttendeeRow,
  type Executor,
  type ReceptionDay,
} from '@frontline/db';

/**
 * Who is told what when a reception day or its bookings change, inside the
 * change's unit of work: the day's attendees (the executive and whoever booked
 * into it) get invites and cancellations, households' owners notices. What
 * the messages say is core's.
 */

/** Tells each affected household's owner (and whoever booked it) what happened to the bookings. */
export async function noticeOwners(
  tx: Executor,
  day: ReceptionDay,
  bookingIds: readonly number[],
  change: 'moved' | 'released',
  reason: string,
  mail: MailSettings,
  at: number,
) {
  if (!bookingIds.length) return;
  const byPerson = noticeRecipients(await noticedBookings(tx, bookingIds));
  const parties = await partiesOf(tx, [day.employeeId, ...byPerson.keys()]);
  for (const draft of ownerNotices(day, byPerson, change, reason, parties, mail))
    await enqueueMail(tx, draft, at, mail.host);
}

/**
 * A change to the whole day (moved, re-timed, cancelled): a new sequence, and
 * the same message to every attendee. Returns the day as it now stands.
 */
export async function tellAttendees(
  tx: Executor,
  dayId: number,
  message: Omit<DayMessage, 'recipients' | 'attendees'>,
  mail: MailSettings,
  at: number,
): Promise<ReceptionDay> {
  const after = await bumpSequence(tx, dayId, at);
  const attendees = await attendeeIds(tx, dayId);
  await queueDayInvites(tx, after, { ...message, recipients: attendees, attendees }, mail, at);
  return after;
}

/** Adds the booker to the day's attendees (with their own invite) if they are not on it yet. */
export async function addAttendee(
  tx: Executor,
  dayId: number,
  employeeId: number,
  mail: MailSettings,
  at: number,
): Promise<void> {
  const attendees = await attendeeIds(tx, dayId);
  if (attendees.includes(employeeId)) return;
  await addAttendeeRow(tx, dayId, employeeId);
  await queueDayInvites(
    tx,
    await bumpSequence(tx, dayId, at),
    { method: 'REQUEST', change: 'new', recipients: [employeeId], attendees: [...attendees, employeeId] },
    mail,
    at,
  );
}

/** Removes an employee with no live booking left on the day (never the executive), telling just them. */
export async function dropAttendeeIfIdle(
  tx: Executor,
  day: ReceptionDay,
  employeeId: number,
  mail: MailSettings,
  at: number,
): Promise<void> {
  if (employeeId === day.employeeId) return;
  if (await holdsBookingOn(tx, day.id, employeeId)) return;
  if (!(await removeAttendeeRow(tx, day.id, employeeId))) return;
  await queueDayInvites(
    tx,
    await bumpSequence(tx, day.id, at),
    { method: 'CANCEL', change: 'removed', recipients: [employeeId], attendees: [employeeId] },
    mail,
    at,
  );
}
