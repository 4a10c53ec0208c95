import type { AppError } from '../result.ts';
import type { DutyState } from '../duties/lifecycle.ts';
import type { IsoDate } from '../calendar/dates.ts';
import { maskRoom } from '../mask.ts';
import type { CalendarParty, ReceptionDayEvent } from './ics.ts';
import { MAIL_TEXT } from '../mail/catalogue.ts';
import type { Locale } from '../result.ts';
import { bookingNotice, inviteMail, type InviteChange, type MailDraft, type MailRecipient } from './mail.ts';
import type { VenueKind } from './schemas.ts';
import type { ClockTime } from './slots.ts';

/**
 * What a reception day's changes say, and to whom, as pure functions: the
 * service (and the demo seed) load the people and write the drafts to the
 * outbox in the change's transaction. Also the rules every change of a day
 * shares.
 */

/** What invites need from the deployment: who sends, where the app lives, the reminder. */
export type MailSettings = { from: CalendarParty; origin: string; host: string; alarmMinutes: number };

/** A person as mail reaches them (only people with a safe address), with the language they read. */
export type MailParty = MailRecipient & { employeeId: number };

/** A draft addressed to an employee, as the outbox stores it. */
export type EmployeeMail = MailDraft & { employeeId: number };

/** A venue in words: the project's sales office or customer centre (Chinese unless asked otherwise). */
export const venueLabel = (projectName: string, kind: VenueKind, locale: Locale = 'zh-CN') =>
  MAIL_TEXT[locale].venue(projectName, kind);

/** The facts of a reception day that calendars and messages show. */
export type ReceptionDayFacts = {
  id: number;
  uid: string;
  sequence: number;
  date: IsoDate;
  startTime: ClockTime;
  endTime: ClockTime;
  topic: string;
  projectName: string;
  venueKind: VenueKind;
  employeeId: number;
  employeeName: string;
  status: 'open' | 'cancelled';
  provisional: boolean;
};

/** The day as calendars see it. The executive's address comes from `parties` when known (invites need it to mark them required). */
export function receptionEvent(
  day: ReceptionDayFacts,
  mail: Pick<MailSettings, 'from' | 'origin'>,
  parties?: ReadonlyMap<number, CalendarParty>,
): ReceptionDayEvent {
  return {
    uid: day.uid,
    sequence: day.sequence,
    date: day.date,
    startTime: day.startTime,
    endTime: day.endTime,
    topic: day.topic,
    projectName: day.projectName,
    venueKind: day.venueKind,
    executive: parties?.get(day.employeeId) ?? { name: day.employeeName, email: mail.from.email },
    provisional: day.provisional,
    rosterUrl: `${mail.origin}/receptions/${day.id}`,
    cancelled: day.status === 'cancelled',
  };
}

export type DayMessage = {
  method: 'REQUEST' | 'CANCEL';
  change: InviteChange;
  recipients: readonly number[];
  attendees: readonly number[];
  note?: string;
};

/**
 * The day as it now stands (after its SEQUENCE was raised), one message per
 * recipient in their language, listing `attendees` in the invite. Who has no
 * known address is skipped.
 */
export function dayInvites(
  day: ReceptionDayFacts,
  m: DayMessage,
  parties: ReadonlyMap<number, MailParty>,
  mail: MailSettings,
  at: number,
): EmployeeMail[] {
  const input = {
    method: m.method,
    event: receptionEvent(day, mail, parties),
    organizer: mail.from,
    attendees: m.attendees.flatMap((id) => parties.get(id) ?? []),
    stamp: at,
    alarmMinutes: mail.alarmMinutes,
  };
  return [...new Set(m.recipients)].flatMap((id) => {
    const to = parties.get(id);
    return to ? [{ ...inviteMail(input, to, m.change, m.note), employeeId: id }] : [];
  });
}

/** A booked household as a notice names it, and the people to tell: its owner and whoever booked it. */
export type NoticedBooking = {
  bookedBy: number;
  ownerEmployeeId: number | null;
  building: string;
  unit: string;
  room: string;
};

/** The people each notice about these bookings goes to (their households, masked), before their addresses are known. */
export function noticeRecipients(bookings: readonly NoticedBooking[]): Map<number, string[]> {
  const byPerson = new Map<number, string[]>();
  for (const b of bookings) {
    const label = `${b.building}-${b.unit}-${maskRoom(b.room)}`;
    for (const id of new Set([b.ownerEmployeeId, b.bookedBy].filter((x): x is number => x !== null))) {
      byPerson.set(id, [...(byPerson.get(id) ?? []), label]);
    }
  }
  return byPerson;
}

/** Tells each affected household's owner (and whoever booked it) what happened to the bookings. */
export function ownerNotices(
  day: ReceptionDayFacts,
  byPerson: ReadonlyMap<number, readonly string[]>,
  change: 'moved' | 'released',
  reason: string,
  parties: ReadonlyMap<number, MailParty>,
  mail: MailSettings,
): EmployeeMail[] {
  const event = receptionEvent(day, mail, parties);
  return [...byPerson].flatMap(([id, households]) => {
    const to = parties.get(id);
    return to
      ? [{ ...bookingNotice({ to, change, event, households, reason, link: event.rosterUrl }), employeeId: id }]
      : [];
  });
}

/** A reception day that is over cannot change, nor take bookings: one rule for every path that changes a day or books into it. */
export function receptionPastProblem(day: { date: IsoDate }, today: IsoDate): AppError | null {
  return day.date < today ? { code: 'RECEPTION_PAST' } : null;
}

/**
 * The duty of a cancelled reception day is owed again: a scheduled one goes
 * back to planned without a date, a delegated one keeps its deputy and loses
 * its date; any other (done, missed, excused) stays as it is (null).
 */
export function dutyAfterReceptionCancelled(duty: DutyState): DutyState | null {
  if (duty.status === 'scheduled') return { ...duty, status: 'planned', scheduledOn: null };
  if (duty.status === 'delegated') return { ...duty, scheduledOn: null };
  return null;
}
