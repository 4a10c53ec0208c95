import ical, {
  ICalAlarmType,
  ICalAttendeeRole,
  ICalAttendeeStatus,
  ICalCalendarMethod,
  ICalEventStatus,
} from 'ical-generator';
import { addDaysIso, type IsoDate } from '../calendar/dates.ts';
import { shanghaiInstant, type ClockTime } from './slots.ts';

/**
 * iCalendar for reception days (invites and cancellations, RFC 5546 iTIP) and
 * for personal subscription feeds. Times go out as UTC instants, which every
 * client converts correctly without a VTIMEZONE; escaping and line folding are
 * ical-generator's (folded by octets, never inside a UTF-8 sequence). User
 * text is cleaned of control characters first, so it can only ever be the
 * value of the property it was given to.
 */

const PRODID = { company: 'Frontline', product: 'Frontline 一线', language: 'ZH' };

export type CalendarParty = { name: string; email: string };

export type ReceptionDayEvent = {
  /** Stable across every message about this day. */
  uid: string;
  sequence: number;
  date: IsoDate;
  startTime: ClockTime;
  endTime: ClockTime;
  topic: string;
  venue: string;
  executive: CalendarParty;
  /** Where the roster (with the booked households) lives: invites carry this link, never customer data. */
  rosterUrl: string;
  cancelled?: boolean;
  /** The date rests on a year whose holiday notice is not out yet: it may still have to move. */
  provisional?: boolean;
};

/** Said wherever a date rests on a provisional year, in invites and feeds. */
export function provisionalNote(date: IsoDate): string {
  const year = date.slice(0, 4);
  return `暂定 Provisional：${year} 年放假安排尚未公布，如遇放假将另行通知改期。The ${year} holiday notice is not out yet; if this day becomes a holiday you will be told of a new date.`;
}

export type InviteInput = {
  method: 'REQUEST' | 'CANCEL';
  event: ReceptionDayEvent;
  organizer: CalendarParty;
  /** Who this message invites (or, for CANCEL, releases). The executive is required, others optional. */
  attendees: readonly CalendarParty[];
  /** DTSTAMP: when this message is created. */
  stamp: number;
  alarmMinutes: number;
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

export function receptionSummary(event: Pick<ReceptionDayEvent, 'topic' | 'venue'>): string {
  return cleanText(`客户接待日 Reception day · ${event.topic}`);
}

function receptionDescription(event: ReceptionDayEvent): string {
  return cleanText(
    [
      `主题 Topic：${event.topic}`,
      `地点 Venue：${event.venue}`,
      `接待人 Host：${event.executive.name}`,
      ...(event.provisional ? ['', provisionalNote(event.date)] : []),
      '',
      `预约名单（登录后查看）Roster (sign-in required)：${event.rosterUrl}`,
    ].join('\n'),
  );
}

function addReceptionEvent(
  cal: ReturnType<typeof ical>,
  event: ReceptionDayEvent,
  o: {
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
    summary: receptionSummary(event),
    description: receptionDescription(event),
    location: cleanText(event.venue),
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
    e.createAlarm({ type: ICalAlarmType.display, trigger: o.alarmMinutes * 60, description: receptionSummary(event) });
  }
  return e;
}

/** An iTIP message about one reception day: REQUEST (new or changed) or CANCEL (cancelled, or attendees removed). */
export function receptionInvite(input: InviteInput): string {
  const cal = ical({
    prodId: PRODID,
    method: input.method === 'REQUEST' ? ICalCalendarMethod.REQUEST : ICalCalendarMethod.CANCEL,
  });
  addReceptionEvent(cal, input.event, {
    stamp: input.stamp,
    organizer: input.organizer,
    attendees: input.attendees,
    alarmMinutes: input.alarmMinutes,
    cancelled: input.method === 'CANCEL',
  });
  return cal.toString();
}

export type FeedDuty = {
  id: number;
  title: string;
  date: IsoDate;
  description: string;
  url: string;
  provisional?: boolean;
};

export type FeedInput = {
  name: string;
  host: string;
  stamp: number;
  receptionDays: readonly ReceptionDayEvent[];
  /** Other duties: all-day entries on their scheduled (or proposed, or last) day. */
  duties: readonly FeedDuty[];
  alarmMinutes: number;
};

/** A subscription feed (no METHOD: calendar apps import it as published data, not as invitations). */
export function personalFeed(input: FeedInput): string {
  const cal = ical({ prodId: PRODID, name: cleanText(input.name), ttl: 3600 });
  for (const day of input.receptionDays) {
    addReceptionEvent(cal, day, {
      stamp: input.stamp,
      alarmMinutes: input.alarmMinutes,
      cancelled: day.cancelled === true,
    });
  }
  for (const d of input.duties) {
    cal.createEvent({
      id: `duty-${d.id}@${input.host}`,
      stamp: new Date(input.stamp),
      start: new Date(`${d.date}T00:00:00Z`),
      end: new Date(`${addDaysIso(d.date, 1)}T00:00:00Z`),
      allDay: true,
      summary: cleanText(d.provisional ? `${d.title}（暂定 provisional）` : d.title),
      description: cleanText(d.provisional ? `${d.description}\n\n${provisionalNote(d.date)}` : d.description),
      url: d.url,
    });
  }
  return cal.toString();
}
