import type { IsoDate } from '../calendar/dates.ts';
import { MAIL_TEXT, type DutyNaming, type MailWords } from '../mail/catalogue.ts';
import type { Locale } from '../result.ts';
import {
  cleanText,
  headerText,
  receptionInvite,
  type CalendarParty,
  type InviteInput,
  type ReceptionDayEvent,
} from './ics.ts';

/**
 * Every message the product sends, composed as data, each in its
 * recipient's language (the words are the catalogue's, `mail/catalogue.ts`).
 * The outbox stores these; the mailer only delivers them. Subjects pass
 * through `headerText`, so user text can never add a header line.
 */

/** Someone a message goes to, with the language they read it in (an employee's 个人中心 setting). */
export type MailRecipient = CalendarParty & { locale: Locale };

export const MAIL_KINDS = ['invite', 'cancel', 'notice', 'reminder', 'digest'] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

export type MailDraft = {
  kind: MailKind;
  to: MailRecipient;
  subject: string;
  text: string;
  ics?: { method: 'REQUEST' | 'CANCEL'; content: string };
  /** Jobs that may run twice (reminders, digests) name their message; the outbox keeps one per key. */
  dedupeKey?: string;
  /** What the message is about, e.g. 'reception_day:12', for the outbox list. */
  ref?: string;
};

export type InviteChange = 'new' | 'updated' | 'moved' | 'cancelled' | 'removed';

/** A subject and body from the catalogue's words: the subject one clean header line, the body clean text. */
export function mailFromWords(w: MailWords): { subject: string; text: string } {
  return { subject: headerText(w.subject), text: cleanText(w.lines.join('\n')) };
}

/** One iTIP message to one recipient, in their language (each attendee gets their own copy, so removing one never touches the rest). */
export function inviteMail(
  input: Omit<InviteInput, 'locale'>,
  to: MailRecipient,
  change: InviteChange,
  note?: string,
): MailDraft {
  return {
    kind: input.method === 'CANCEL' ? 'cancel' : 'invite',
    to,
    ...mailFromWords(MAIL_TEXT[to.locale].invite({ name: to.name, change, event: input.event, note })),
    ics: { method: input.method, content: receptionInvite({ ...input, locale: to.locale }) },
    ref: `reception_day:${input.event.uid}`,
  };
}

export type BookingNoticeInput = {
  to: MailRecipient;
  change: 'moved' | 'released';
  event: ReceptionDayEvent;
  /** Households as the mail may show them: masked labels only. */
  households: readonly string[];
  reason: string;
  link: string;
};

/** Tells a household's owner that its booking moved with the day, or was released by a cancellation. */
export function bookingNotice(n: BookingNoticeInput): MailDraft {
  return {
    kind: 'notice',
    to: n.to,
    ...mailFromWords(MAIL_TEXT[n.to.locale].bookingNotice(n)),
    ref: `reception_day:${n.event.uid}`,
  };
}

export type DutyReminderInput = { to: MailRecipient; dutyId: number; duty: DutyNaming; dueTo: IsoDate; link: string };

export function dutyReminder(r: DutyReminderInput): MailDraft {
  return {
    kind: 'reminder',
    to: r.to,
    ...mailFromWords(MAIL_TEXT[r.to.locale].dutyReminder(r)),
    dedupeKey: `remind:duty:${r.dutyId}:${r.dueTo}`,
    ref: `duty:${r.dutyId}`,
  };
}

export type ReceptionReminderInput = {
  to: MailRecipient & { employeeId: number };
  dayId: number;
  event: ReceptionDayEvent;
  bookings: number;
};

export function receptionReminder(r: ReceptionReminderInput): MailDraft {
  return {
    kind: 'reminder',
    to: r.to,
    ...mailFromWords(MAIL_TEXT[r.to.locale].receptionReminder(r)),
    dedupeKey: `remind:reception:${r.dayId}:${r.event.date}:${r.to.employeeId}`,
    ref: `reception_day:${r.event.uid}`,
  };
}

export type DigestRow = { employeeName: string; duty: DutyNaming; dueTo: IsoDate };
export type DigestInput = {
  to: MailRecipient & { employeeId: number };
  week: string;
  rows: readonly DigestRow[];
  total: number;
  link: string;
};

/** The Monday digest to a manager: overdue duties in their scope (the first rows, with the total). */
export function weeklyDigest(d: DigestInput): MailDraft {
  return {
    kind: 'digest',
    to: d.to,
    ...mailFromWords(MAIL_TEXT[d.to.locale].weeklyDigest(d)),
    dedupeKey: `digest:${d.week}:${d.to.employeeId}`,
    ref: `digest:${d.week}`,
  };
}

/** Delivery gives up (status failed, visible in the outbox) after this many attempts. */
export const MAIL_MAX_ATTEMPTS = 8;

/** Wait before the next attempt: 1 min, 2, 4 … capped at 6 h. */
export function mailRetryDelayMs(attempts: number): number {
  return Math.min(60_000 * 2 ** Math.max(0, attempts - 1), 6 * 3600_000);
}

export type ReceptionDateNoticeInput = {
  to: MailRecipient & { employeeId: number };
  dayId: number;
  date: IsoDate;
  /** What the date now is, in words: e.g. { zh: '法定节假日（春节）', en: 'public holiday (Spring Festival)' }. */
  now: { zh: string; en: string };
  proposed: IsoDate | null;
  link: string;
};

/**
 * A scheduled reception day whose date stopped being a working day (a notice
 * came out, or an admin changed the calendar). It is not moved without a
 * person: this names a date it could move to, and the day's page moves it in
 * one step (the invite update and the bookings go with it).
 */
export function receptionDateNotice(n: ReceptionDateNoticeInput): MailDraft {
  return {
    kind: 'notice',
    to: n.to,
    ...mailFromWords(MAIL_TEXT[n.to.locale].receptionDateNotice(n)),
    dedupeKey: `reception-date:${n.dayId}:${n.date}:${n.to.employeeId}`,
    ref: `reception_day:${n.dayId}`,
  };
}

export type CalendarWatchInput = {
  to: MailRecipient & { employeeId: number };
  year: number;
  week: string;
  link: string;
};

/** The weekly reminder to system admins while next year's notice is not in. */
export function calendarWatchMail(w: CalendarWatchInput): MailDraft {
  return {
    kind: 'notice',
    to: w.to,
    ...mailFromWords(MAIL_TEXT[w.to.locale].calendarWatch(w)),
    dedupeKey: `calendar-watch:${w.year}:${w.week}:${w.to.employeeId}`,
    ref: `calendar_year:${w.year}`,
  };
}
