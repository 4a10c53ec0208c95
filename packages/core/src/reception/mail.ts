import type { IsoDate } from '../calendar/dates.ts';
import {
  cleanText,
  headerText,
  receptionInvite,
  type CalendarParty,
  type InviteInput,
  type ReceptionDayEvent,
} from './ics.ts';

/**
 * Every message the product sends, composed as data (bilingual, Chinese
 * first). The outbox stores these; the mailer only delivers them. Subjects
 * pass through `headerText`, so user text can never add a header line.
 */

export const MAIL_KINDS = ['invite', 'cancel', 'notice', 'reminder', 'digest'] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

export type MailDraft = {
  kind: MailKind;
  to: CalendarParty;
  subject: string;
  text: string;
  ics?: { method: 'REQUEST' | 'CANCEL'; content: string };
  /** Jobs that may run twice (reminders, digests) name their message; the outbox keeps one per key. */
  dedupeKey?: string;
  /** What the message is about, e.g. 'reception_day:12', for the outbox list. */
  ref?: string;
};

export type InviteChange = 'new' | 'updated' | 'moved' | 'cancelled' | 'removed';

const CHANGE_WORDS: Record<InviteChange, [string, string]> = {
  new: ['邀请', 'Invitation'],
  updated: ['已更新', 'Updated'],
  moved: ['改期', 'Moved'],
  cancelled: ['已取消', 'Cancelled'],
  removed: ['无需参加', 'No longer needed'],
};

const when = (e: Pick<ReceptionDayEvent, 'date' | 'startTime' | 'endTime'>) => `${e.date} ${e.startTime}–${e.endTime}`;

/** One iTIP message to one recipient (each attendee gets their own copy, so removing one never touches the rest). */
export function inviteMail(input: InviteInput, to: CalendarParty, change: InviteChange, note?: string): MailDraft {
  const e = input.event;
  const [zh, en] = CHANGE_WORDS[change];
  const lines = [
    `${to.name}，您好：`,
    '',
    change === 'cancelled'
      ? '以下客户接待日已取消。'
      : change === 'removed'
        ? '您已不在以下客户接待日的参加人名单中。'
        : '请在日历中接受或拒绝以下客户接待日。',
    `时间：${when(e)}（北京时间）`,
    `地点：${e.venue}`,
    `主题：${e.topic}`,
    ...(note ? [`说明：${note}`] : []),
    `预约名单：${e.rosterUrl}`,
    '',
    change === 'cancelled'
      ? 'This reception day has been cancelled.'
      : change === 'removed'
        ? 'You are no longer an attendee of this reception day.'
        : 'Please accept or decline this reception day in your calendar.',
    `When: ${when(e)} (China Standard Time) · Where: ${e.venue} · Topic: ${e.topic}`,
    ...(note ? [`Note: ${note}`] : []),
    `Roster: ${e.rosterUrl}`,
  ];
  return {
    kind: input.method === 'CANCEL' ? 'cancel' : 'invite',
    to,
    subject: headerText(`[一线] ${zh} ${en}: 客户接待日 ${when(e)} · ${e.topic}`),
    text: cleanText(lines.join('\n')),
    ics: { method: input.method, content: receptionInvite(input) },
    ref: `reception_day:${e.uid}`,
  };
}

export type BookingNoticeInput = {
  to: CalendarParty;
  change: 'moved' | 'released';
  event: ReceptionDayEvent;
  /** Households as the mail may show them: masked labels only. */
  households: readonly string[];
  reason: string;
  link: string;
};

/** Tells a household's owner that its booking moved with the day, or was released by a cancellation. */
export function bookingNotice(n: BookingNoticeInput): MailDraft {
  const moved = n.change === 'moved';
  const lines = [
    `${n.to.name}，您好：`,
    '',
    moved
      ? `您对接住户的接待预约已随接待日改到 ${when(n.event)}。`
      : `接待日（${when(n.event)}）已取消，您对接住户的预约已释放，请为客户另行预约。`,
    `住户：${n.households.join('、')}`,
    `原因：${n.reason}`,
    `详情：${n.link}`,
    '',
    moved
      ? `Your households' bookings moved with the reception day to ${when(n.event)}.`
      : `The reception day on ${when(n.event)} was cancelled; your households' bookings were released. Please book them again.`,
    `Households: ${n.households.join(', ')} · Reason: ${n.reason}`,
    `Details: ${n.link}`,
  ];
  return {
    kind: 'notice',
    to: n.to,
    subject: headerText(
      moved ? `[一线] 预约改期 Booking moved: ${when(n.event)}` : `[一线] 预约已释放 Booking released: ${n.event.date}`,
    ),
    text: cleanText(lines.join('\n')),
    ref: `reception_day:${n.event.uid}`,
  };
}

export type DutyReminderInput = { to: CalendarParty; dutyId: number; title: string; dueTo: IsoDate; link: string };

export function dutyReminder(r: DutyReminderInput): MailDraft {
  return {
    kind: 'reminder',
    to: r.to,
    subject: headerText(`[一线] 提醒 Reminder: ${r.title} 须于 ${r.dueTo} 前完成 (due ${r.dueTo})`),
    text: cleanText(
      [
        `${r.to.name}，您好：`,
        '',
        `「${r.title}」须在 ${r.dueTo} 前完成。`,
        `查看并记录：${r.link}`,
        '',
        `"${r.title}" is due by ${r.dueTo}.`,
        `Open it: ${r.link}`,
      ].join('\n'),
    ),
    dedupeKey: `remind:duty:${r.dutyId}:${r.dueTo}`,
    ref: `duty:${r.dutyId}`,
  };
}

export type ReceptionReminderInput = {
  to: CalendarParty & { employeeId: number };
  dayId: number;
  event: ReceptionDayEvent;
  bookings: number;
};

export function receptionReminder(r: ReceptionReminderInput): MailDraft {
  const e = r.event;
  return {
    kind: 'reminder',
    to: r.to,
    subject: headerText(`[一线] 明日接待 Tomorrow: ${when(e)} · ${e.venue}`),
    text: cleanText(
      [
        `${r.to.name}，您好：`,
        '',
        `明天（${when(e)}）在 ${e.venue} 有客户接待日，主题「${e.topic}」，已预约 ${r.bookings} 户。`,
        `预约名单：${e.rosterUrl}`,
        '',
        `Tomorrow (${when(e)}) there is a reception day at ${e.venue}, topic "${e.topic}", ${r.bookings} households booked.`,
        `Roster: ${e.rosterUrl}`,
      ].join('\n'),
    ),
    dedupeKey: `remind:reception:${r.dayId}:${e.date}:${r.to.employeeId}`,
    ref: `reception_day:${e.uid}`,
  };
}

export type DigestRow = { employeeName: string; title: string; dueTo: IsoDate };
export type DigestInput = {
  to: CalendarParty & { employeeId: number };
  week: string;
  rows: readonly DigestRow[];
  total: number;
  link: string;
};

/** The Monday digest to a manager: overdue duties in their scope (the first rows, with the total). */
export function weeklyDigest(d: DigestInput): MailDraft {
  const lines = d.rows.map((r) => `- ${r.employeeName}：${r.title}（${r.dueTo}）`);
  return {
    kind: 'digest',
    to: d.to,
    subject: headerText(`[一线] 每周逾期任务 Weekly overdue duties ${d.week}: ${d.total}`),
    text: cleanText(
      [
        `${d.to.name}，您好：`,
        '',
        `您负责范围内有 ${d.total} 项逾期未完成的任务${d.total > d.rows.length ? `（以下为前 ${d.rows.length} 项）` : ''}：`,
        ...lines,
        `完整名单：${d.link}`,
        '',
        `${d.total} duties in your scope are overdue. Full list: ${d.link}`,
      ].join('\n'),
    ),
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
  to: CalendarParty & { employeeId: number };
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
  const zhProposal = n.proposed
    ? `建议改到 ${n.proposed}，打开接待日一键改期（邀请与预约随之更新）：`
    : '其窗口内没有可用的工作日，请打开接待日处理：';
  const enProposal = n.proposed
    ? `It could move to ${n.proposed}: open the reception day to move it in one step (invites and bookings follow):`
    : 'No working day is left in its window: open the reception day to decide:';
  return {
    kind: 'notice',
    to: n.to,
    subject: headerText(`[一线] 接待日需改期 Reception day to move: ${n.date} 已为${n.now.zh} (now a ${n.now.en})`),
    text: cleanText(
      [
        `${n.to.name}，您好：`,
        '',
        `您 ${n.date} 的接待日现为${n.now.zh}，接待日须安排在工作日。`,
        zhProposal,
        n.link,
        '',
        `Your reception day on ${n.date} now falls on a ${n.now.en}; reception days must be on working days.`,
        enProposal,
        n.link,
      ].join('\n'),
    ),
    dedupeKey: `reception-date:${n.dayId}:${n.date}:${n.to.employeeId}`,
    ref: `reception_day:${n.dayId}`,
  };
}

export type CalendarWatchInput = {
  to: CalendarParty & { employeeId: number };
  year: number;
  week: string;
  link: string;
};

/** The weekly reminder to system admins while next year's notice is not in. */
export function calendarWatchMail(w: CalendarWatchInput): MailDraft {
  return {
    kind: 'notice',
    to: w.to,
    subject: headerText(`[一线] ${w.year} 年节假日安排尚未录入 ${w.year} holiday notice not entered yet`),
    text: cleanText(
      [
        `${w.to.name}，您好：`,
        '',
        `${w.year} 年的工作日历仍为暂定（只按法定节假日计算）。国务院办公厅发布当年放假安排通知后，请在“工作日历”中粘贴通知原文并应用，已排程的任务会随之调整。`,
        w.link,
        '',
        `The ${w.year} working-day calendar is still provisional (statutory holidays only). When the State Council's notice is out, paste it on Working-day calendar and apply it; planned duties follow.`,
        w.link,
      ].join('\n'),
    ),
    dedupeKey: `calendar-watch:${w.year}:${w.week}:${w.to.employeeId}`,
    ref: `calendar_year:${w.year}`,
  };
}
