import type { WorkingTime } from './working-time.ts';

/**
 * A complaint or repair ticket's SLA clock, replayed from its history on
 * working time, so it is right after any edit of the calendar or the hours.
 */

export const TICKET_SEVERITIES = ['general', 'major', 'crisis'] as const;
export type TicketSeverity = (typeof TICKET_SEVERITIES)[number];
export const TICKET_SEVERITY_LABELS: Record<TicketSeverity, { zh: string; en: string }> = {
  general: { zh: '一般', en: 'General' },
  major: { zh: '重大', en: 'Major' },
  crisis: { zh: '危机', en: 'Crisis' },
};

/** Whether one line can handle the ticket, or it needs other lines or a leader's decision. */
export const TICKET_SCOPES = ['single_line', 'cross_line'] as const;
export type TicketScope = (typeof TICKET_SCOPES)[number];
export const TICKET_SCOPE_LABELS: Record<TicketScope, { zh: string; en: string }> = {
  single_line: { zh: '本条线处理', en: 'Single line' },
  cross_line: { zh: '跨条线协调', en: 'Cross-line' },
};

export type ClockState = 'running' | 'paused' | 'stopped';
/**
 * The ticket's history as clock changes, in time order. The first event is acceptance ('running'). Paused = waiting
 * on the customer (e.g. no access to the home); stopped = closed/cancelled; a reopened ticket gets 'running' again
 * and its total clock runs on.
 */
export type ClockEvent = { at: number; clock: ClockState };
/** Working days, possibly fractional (.5). */
export type SlaLimits = { firstResponseDays: number; resolveDays: number };

/** First response the same working day; resolution in 3 working days on one line, 7 across lines; halved when major or worse. */
export function defaultSlaLimits(severity: TicketSeverity, scope: TicketScope): SlaLimits {
  const days = scope === 'single_line' ? 3 : 7;
  return { firstResponseDays: 0, resolveDays: severity === 'general' ? days : days / 2 };
}

export type SlaClock = {
  acceptedAt: number;
  /** deadline(acceptedAt, firstResponseDays) */
  firstResponseBy: number;
  firstResponseAt: number | null;
  /** Responded after firstResponseBy, or not yet and now > firstResponseBy. */
  firstResponseLate: boolean;
  /** between(acceptedAt, deadline(acceptedAt, resolveDays)) */
  budgetMs: number;
  /** Working ms spent in 'running' intervals up to now (or up to the last stop). */
  elapsedMs: number;
  /** budgetMs - elapsedMs; negative when breached. */
  remainingMs: number;
  /** When the budget ran out, or will if the clock runs (on) from now or from the stop: met iff stopped by then. */
  resolveBy: number;
  paused: boolean;
  stopped: boolean;
  /** elapsedMs > budgetMs */
  breached: boolean;
  /** elapsedMs / budgetMs (a zero budget: Infinity once anything elapsed, else 0). */
  usedFraction: number;
};

export function computeSla(
  wt: WorkingTime,
  events: readonly ClockEvent[],
  limits: SlaLimits,
  now: number,
  firstResponseAt: number | null,
): SlaClock {
  const first = events[0];
  if (!first || first.clock !== 'running') throw new Error('computeSla: the first event must be acceptance (running)');
  for (let i = 1; i < events.length; i++)
    if (events[i]!.at < events[i - 1]!.at) throw new Error('computeSla: events out of order');
  const acceptedAt = first.at;
  const firstResponseBy = wt.deadline(acceptedAt, limits.firstResponseDays);
  const budgetMs = wt.between(acceptedAt, wt.deadline(acceptedAt, limits.resolveDays));

  let elapsedMs = 0;
  let ranOutAt: number | null = null;
  let state: ClockState = 'running';
  let stateSince = acceptedAt;
  const past = events.filter((e) => e.at <= now);
  const run = (from: number, to: number) => {
    const spent = wt.between(from, to);
    if (ranOutAt === null && elapsedMs + spent > budgetMs) ranOutAt = wt.add(from, budgetMs - elapsedMs);
    elapsedMs += spent;
  };
  for (const e of past) {
    if (e.clock === state) continue;
    if (state === 'running') run(stateSince, e.at);
    state = e.clock;
    stateSince = e.at;
  }
  const clockNow = Math.max(now, acceptedAt);
  if (state === 'running') run(stateSince, clockNow);
  const remainingMs = budgetMs - elapsedMs;
  const resolveBy = ranOutAt ?? (state === 'stopped' ? wt.add(stateSince, remainingMs) : wt.add(clockNow, remainingMs));
  return {
    acceptedAt,
    firstResponseBy,
    firstResponseAt,
    firstResponseLate: firstResponseAt !== null ? firstResponseAt > firstResponseBy : now > firstResponseBy,
    budgetMs,
    elapsedMs,
    remainingMs,
    resolveBy,
    paused: state === 'paused',
    stopped: state === 'stopped',
    breached: elapsedMs > budgetMs,
    usedFraction: budgetMs > 0 ? elapsedMs / budgetMs : elapsedMs > 0 ? Infinity : 0,
  };
}

/** When the clock reaches `fraction` of its budget (e.g. 0.75 for the reminder), projected from now; null if already past or stopped. */
export function instantAtFraction(wt: WorkingTime, clock: SlaClock, fraction: number, now: number): number | null {
  if (clock.stopped) return null;
  const target = Math.ceil(fraction * clock.budgetMs);
  if (clock.elapsedMs >= target) return null;
  return wt.add(Math.max(now, clock.acceptedAt), target - clock.elapsedMs);
}

/** One working day after an instant (escalation to the project head one working day after breach). */
export function oneWorkingDayAfter(wt: WorkingTime, at: number): number {
  return wt.add(at, wt.dayLengthMs);
}
