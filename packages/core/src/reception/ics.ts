import ical, {
  ICalAlarmType,
  ICalAttendeeRole,
  ICalAttendeeStatus,
  ICalCalendarMethod,
  ICalEventStatus,
} from 'ical-generator';
import { type IsoDate } from '../calendar/dates.ts';

const DAY_MS = 86_400_000;
import { MAIL_TEXT, type FeedDutyWords } from '../mail/catalogue.ts';
import type { Locale } from '../result.ts';
import type { VenueKind } from './schemas.ts';
import { shanghaiInstant, type ClockTime } from './slots.ts';

/**
 * iCalendar for reception days (invites and cancellations, RFC 5546 iTIP) and
 * for personal subscription feeds. Times go out as UTC instants, which every
 * client converts correctly without a VTIMEZONE; escaping and line folding are
 * ical-generator's (folded by octets, never inside a UTF-8 sequence). User
 * text is cleaned of control characters first, so it can only ever be the
 * value of the property it was given to. Each calendar is in one reader's
 * language (an invite's recipient, a feed's owner); its words are the mail
 * catalogue's.
 */

const prodId = (locale: Locale) => ({
  company: 'Frontline',
  product: 'Frontline 一线',
  language: MAIL_TEXT[locale].icsLanguage,
});

export type CalendarParty = { name: string; email: string };

export type ReceptionDayEvent = {
  /** Stable across every message about this day. */
  uid: string;
  sequence: number;
  date: IsoDate;
  startTime: ClockTime;
  endTime: ClockTime;
  topic: string;
  /** The venue: a project's sales office or customer centre, named in the reader's language. */
  projectName: string;
  venueKind: VenueKind;
  executive: CalendarParty;
  /** Where the roster (with the booked households) lives: invites carry this link, never customer data. */
  rosterUrl: string;
  cancelled?: boolean;
  /** The date rests on a year whose holiday notice is not out yet: it may still have to move. */
  provisional?: boolean;
};

export type InviteInput = {
  method: 'REQUEST' | 'CANCEL';
  event: ReceptionDayEvent;
  organizer: CalendarParty;
  /** Who this message invites (or, for CANCEL, releases). The executive is required, others optional. */
  attendees: readonly CalendarParty[];
  /** DTSTAMP: when this message is created. */
  stamp: number;
  alarmMinutes: number;
  /** The recipient's language. */
  locale: Locale;
};

/** Control characters (other than newline) cannot appear in iCalendar TEXT, and a lone CR would be a line break. */
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const TEXT_CONTROLS = /[\u0000-\u0009\u000b-\u001f\u007f\u2028\u2029]/g;
// eslint-disable-next-line no-control-regex -- as above
const HEADER_CONTROLS = /[\u0000-\u001f\u007f\u2028\u2029]+/g;

export function cleanText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(TEXT_CONTROLS, ' ');
}

/** Header values (subject, display names) are one line: every line break or control character becomes a space. */
export function headerText(text: string): string {
  return text.replace(HEADER_CONTROLS, ' ').trim();
}

/** Email addresses come from the employee register, but never trust one into a header or ATTENDEE line. */
export function isSafeEmail(email: string): boolean {
  return /^[^\s@"<>(),;:\\[\]]+@[^\s@"<>(),;:\\[\]]+\.[^\s@"<>(),;:\\[\]]+$/.test(email);
}

export function receptionSummary(event: Pick<ReceptionDayEvent, 'topic'>, locale: Locale): string {
  return cleanText(MAIL_TEXT[locale].ics.summary(event));
}

function addReceptionEvent(
  cal: ReturnType<typeof ical>,
  event: ReceptionDayEvent,
  o: {
    locale: Locale;
    stamp: number;
    organizer?: CalendarParty;
    attendees?: readonly CalendarParty[];
    alarmMinutes?: number;
    cancelled: boolean;
  },
) {
  const e = cal.createEvent({
    id: event.uid,
    sequence: event.sequence,
    stamp: new Date(o.stamp),
    start: shanghaiInstant(event.date, event.startTime),
    end: shanghaiInstant(event.date, event.endTime),
    summary: receptionSummary(event, o.locale),
    description: cleanText(MAIL_TEXT[o.locale].ics.description(event).join('\n')),
    location: cleanText(MAIL_TEXT[o.locale].venue(event.projectName, event.venueKind)),
    url: event.rosterUrl,
    status: o.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  });
  if (o.organizer) e.organizer({ name: headerText(o.organizer.name), email: o.organizer.email });
  for (const a of o.attendees ?? []) {
    e.createAttendee({
      name: headerText(a.name),
      email: a.email,
      rsvp: !o.cancelled,
      role: a.email === event.executive.email ? ICalAttendeeRole.REQ : ICalAttendeeRole.OPT,
      status: ICalAttendeeStatus.NEEDSACTION,
    });
  }
  if (!o.cancelled && o.alarmMinutes) {
    e.createAlarm({
      type: ICalAlarmType.display,
      trigger: o.alarmMinutes * 60,
      description: receptionSummary(event, o.locale),
    });
  }
  return e;
}

/** An iTIP message about one reception day: REQUEST (new or changed) or CANCEL (cancelled, or attendees removed). */
export function receptionInvite(input: InviteInput): string {
  const cal = ical({
    prodId: prodId(input.locale),
    method: input.method === 'REQUEST' ? ICalCalendarMethod.REQUEST : ICalCalendarMethod.CANCEL,
  });
  addReceptionEvent(cal, input.event, {
    locale: input.locale,
    stamp: input.stamp,
    organizer: input.organizer,
    attendees: input.attendees,
    alarmMinutes: input.alarmMinutes,
    cancelled: input.method === 'CANCEL',
  });
  return cal.toString();
}

/** A duty in a feed: shown on `date` (its scheduled, proposed or last day), named in the feed's language. */
export type FeedDuty = FeedDutyWords & { id: number; url: string };

export type FeedInput = {
  /** Whose feed it is: its name says so. */
  name: string;
  /** The owner's language. */
  locale: Locale;
  host: string;
  stamp: number;
  receptionDays: readonly ReceptionDayEvent[];
  /** Other duties: all-day entries on their scheduled (or proposed, or last) day. */
  duties: readonly FeedDuty[];
  alarmMinutes: number;
};

/** A subscription feed (no METHOD: calendar apps import it as published data, not as invitations). */
export function personalFeed(input: FeedInput): string {
  const words = MAIL_TEXT[input.locale];
  const cal = ical({ prodId: prodId(input.locale), name: cleanText(words.ics.feedName(input.name)), ttl: 3600 });
  for (const day of input.receptionDays) {
    addReceptionEvent(cal, day, {
      locale: input.locale,
      stamp: input.stamp,
      alarmMinutes: input.alarmMinutes,
      cancelled: day.cancelled === true,
    });
  }
  for (const d of input.duties) {
    const start = new Date(`${d.date}T00:00:00Z`);
    cal.createEvent({
      id: `duty-${d.id}@${input.host}`,
      stamp: new Date(input.stamp),
      start,
      // The next day at UTC midnight, by arithmetic: the feed's all-day entries are most of its events.
      end: new Date(start.getTime() + DAY_MS),
      allDay: true,
      summary: cleanText(words.ics.dutySummary(d)),
      description: cleanText(words.ics.dutyDescription(d).join('\n')),
      url: d.url,
    });
  }
  return cal.toString();
}
