import type { TicketStatus, TicketType } from './lifecycle.ts';
import { FOLLOW_UP_DAYS } from './lifecycle.ts';

/**
 * The industry's indicators of complaint handling, kept as monthly totals:
 * each ticket contributes to the month it was (last) closed, and every change
 * of a ticket replaces its old contribution with its new one, so the totals
 * never drift from the tickets whatever order things happen in (a reopened
 * ticket leaves its month's totals until it closes again).
 */
export const TICKET_COUNTERS = [
  'closed',
  'closed_on_time',
  'first_time_closed',
  'followed_up_in_time',
  'first_response_on_time',
  'reopened',
  'dismissed',
] as const;
export type TicketCounter = (typeof TICKET_COUNTERS)[number];
export type TicketTotals = Record<TicketCounter, number> & { close_working_days: number };

export const emptyTicketTotals = (): TicketTotals => ({
  closed: 0,
  closed_on_time: 0,
  first_time_closed: 0,
  followed_up_in_time: 0,
  first_response_on_time: 0,
  reopened: 0,
  dismissed: 0,
  close_working_days: 0,
});

/** What a ticket's contribution depends on. */
export type TicketOutcome = {
  type: TicketType;
  status: TicketStatus;
  /** When it was last closed (or dismissed); null while open. */
  closedAt: number | null;
  /** Shanghai month of closedAt, 'YYYY-MM'. */
  closedMonth: string | null;
  /** Met its resolution limit (closed at or before resolveBy). */
  onTime: boolean;
  firstResponseOnTime: boolean;
  reopenCount: number;
  everClosedUnaccepted: boolean;
  /** When the follow-up of its last close was recorded, if it was. */
  followedUpAt: number | null;
  /** Working days from acceptance to close, the paused time left out. */
  workingDaysToClose: number;
};

const DAY_MS = 86_400_000;

/** The month and totals a ticket adds, or null while it is open. */
export function ticketContribution(t: TicketOutcome): { month: string; totals: TicketTotals } | null {
  if (t.closedAt === null || t.closedMonth === null) return null;
  const totals = emptyTicketTotals();
  if (t.status === 'dismissed') {
    totals.dismissed = 1;
    return { month: t.closedMonth, totals };
  }
  totals.closed = 1;
  totals.closed_on_time = t.onTime ? 1 : 0;
  totals.first_time_closed = t.reopenCount === 0 && !t.everClosedUnaccepted ? 1 : 0;
  totals.followed_up_in_time =
    t.followedUpAt !== null && t.followedUpAt - t.closedAt <= FOLLOW_UP_DAYS * DAY_MS ? 1 : 0;
  totals.first_response_on_time = t.firstResponseOnTime ? 1 : 0;
  totals.reopened = t.reopenCount > 0 ? 1 : 0;
  totals.close_working_days = t.workingDaysToClose;
  return { month: t.closedMonth, totals };
}

export type TicketIndicators = {
  closed: number;
  dismissed: number;
  /** 及时关闭率: closed within the limit ÷ closed. */
  timelyCloseRate: number | null;
  /** 一次性关闭率: closed with acceptance and never reopened ÷ closed. */
  firstTimeCloseRate: number | null;
  /** 回访率: followed up within FOLLOW_UP_DAYS of closing ÷ closed (target 100%). */
  followUpRate: number | null;
  firstResponseOnTimeRate: number | null;
  /** 重开率 */
  reopenRate: number | null;
  /** Average working days from acceptance to close. */
  averageWorkingDaysToClose: number | null;
};

const rate = (n: number, d: number): number | null => (d === 0 ? null : n / d);

export function indicatorsOf(t: TicketTotals): TicketIndicators {
  return {
    closed: t.closed,
    dismissed: t.dismissed,
    timelyCloseRate: rate(t.closed_on_time, t.closed),
    firstTimeCloseRate: rate(t.first_time_closed, t.closed),
    followUpRate: rate(t.followed_up_in_time, t.closed),
    firstResponseOnTimeRate: rate(t.first_response_on_time, t.closed),
    reopenRate: rate(t.reopened, t.closed),
    averageWorkingDaysToClose: t.closed === 0 ? null : t.close_working_days / t.closed,
  };
}

export function addTicketTotals(a: TicketTotals, b: TicketTotals, sign: 1 | -1 = 1): TicketTotals {
  const out = emptyTicketTotals();
  for (const k of TICKET_COUNTERS) out[k] = a[k] + sign * b[k];
  out.close_working_days = a.close_working_days + sign * b.close_working_days;
  return out;
}

/** Which figure's tickets a drill-down lists: the ones it counted, or the ones it missed. */
export const TICKET_FIGURES = [
  'closed',
  'late',
  'not_first_time',
  'not_followed_up',
  'first_response_late',
  'reopened',
  'dismissed',
] as const;
export type TicketFigure = (typeof TICKET_FIGURES)[number];

/** Age buckets of the open backlog, in calendar days since acceptance. */
export const BACKLOG_BUCKETS = [
  { key: 'd0_1', maxDays: 1, label: { zh: '1天内', en: 'Up to 1 day' } },
  { key: 'd2_3', maxDays: 3, label: { zh: '2–3天', en: '2–3 days' } },
  { key: 'd4_7', maxDays: 7, label: { zh: '4–7天', en: '4–7 days' } },
  { key: 'd8_30', maxDays: 30, label: { zh: '8–30天', en: '8–30 days' } },
  { key: 'd31', maxDays: Infinity, label: { zh: '30天以上', en: 'Over 30 days' } },
] as const;
export type BacklogBucket = (typeof BACKLOG_BUCKETS)[number]['key'];

export function backlogBucketOf(ageDays: number): BacklogBucket {
  return BACKLOG_BUCKETS.find((b) => ageDays <= b.maxDays)!.key;
}
