import type { IsoDate } from '../calendar/dates.ts';
import type { WorkCalendar } from '../calendar/work-calendar.ts';
import { SHANGHAI_OFFSET_MS } from '../time.ts';

/**
 * Working time: the milliseconds inside a project's working hours on China's
 * working days (Asia/Shanghai). Ticket SLA clocks run on it, so a weekend, a
 * holiday block or a night does not use up a ticket's limit, and a 调休
 * make-up Saturday does.
 */

/** A project's daily working hours, 'HH:MM' Shanghai clock times, start before end ('24:00' may end the day). */
export type WorkingHours = { start: string; end: string };

export const DEFAULT_WORKING_HOURS: WorkingHours = { start: '09:00', end: '18:00' };

const CLOCK = /^(\d{2}):(\d{2})$/;
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** Minutes after midnight of 'HH:MM' (00:00 to 24:00), or null. */
function minutesOf(clock: string): number | null {
  const m = CLOCK.exec(clock);
  if (!m) return null;
  const hours = Number(m[1]);
  const minutes = Number(m[2]);
  if (minutes > 59 || hours > 24 || (hours === 24 && minutes > 0)) return null;
  return hours * 60 + minutes;
}

export function validWorkingHours(h: WorkingHours): boolean {
  const start = minutesOf(h.start);
  const end = minutesOf(h.end);
  return start !== null && end !== null && start < end;
}

export type WorkingTime = {
  /** The working ms of one working day (9 h for 09:00–18:00). */
  dayLengthMs: number;
  /** Working ms in [from, to); 0 when to <= from. Never negative. */
  between(from: number, to: number): number;
  /** The earliest instant t >= from with between(from, t) === ms (ms >= 0). add(from, 0) === from. */
  add(from: number, ms: number): number;
  /**
   * Where a limit of N working days falls: the end of working hours of the Nth working day after the
   * *day of acceptance*. The day of acceptance is the Shanghai date of `at` if it is a working day and `at` is
   * before the end of working hours; otherwise the next working day (accepted on a non-working day or after hours
   * counts from the next working day). N = 0 is the end of the day of acceptance itself ("same working day").
   * Fractional N = k + f (e.g. 1.5 for halved limits): add(deadline(at, k), f * dayLengthMs).
   */
  deadline(at: number, workingDays: number): number;
  /** The Shanghai date's working window [startMs, endMs) or null on a non-working day. */
  windowOf(date: IsoDate): { start: number; end: number } | null;
};

/** How far the prefix sum may run on without meeting a working day before we call the calendar empty (10 years). */
const MAX_DAYS_WITHOUT_WORK = 3660;
/** Days added to the prefix sum at a time (and kept before the earliest day asked about). */
const CHUNK_DAYS = 366;

/**
 * Working time over a calendar. Days are numbered from the epoch in Shanghai
 * (day d starts at d·24h − 8h UTC). A lazily extended prefix sum counts the
 * working days before each day, so an instant's *working position* (working
 * ms since the first day the prefix covers) is O(1) and `between` is the
 * difference of two positions; `add` and `deadline` find their day by binary
 * search. Make a new one after the calendar changes: it remembers each day.
 */
export function createWorkingTime(calendar: WorkCalendar, hours: WorkingHours = DEFAULT_WORKING_HOURS): WorkingTime {
  if (!validWorkingHours(hours)) throw new RangeError(`invalid working hours ${hours.start}–${hours.end}`);
  const startMs = minutesOf(hours.start)! * MINUTE_MS;
  const endMs = minutesOf(hours.end)! * MINUTE_MS;
  const dayLengthMs = endMs - startMs;

  /** First day the prefix covers; prefix[i] = working days in [base, base + i). */
  let base = 0;
  let prefix: number[] = [];

  const dateOfDay = (day: number): IsoDate => new Date(day * DAY_MS).toISOString().slice(0, 10);
  const dayOfDate = (date: IsoDate): number => Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
  const dayOf = (t: number): number => Math.floor((t + SHANGHAI_OFFSET_MS) / DAY_MS);
  const midnightOf = (day: number): number => day * DAY_MS - SHANGHAI_OFFSET_MS;
  const workingFlag = (day: number): number => (calendar.isWorkingDay(dateOfDay(day)) ? 1 : 0);

  /** Makes the prefix cover `day` and the day after it (so W(day + 1) is known). */
  const cover = (day: number): void => {
    if (prefix.length === 0) {
      base = day - CHUNK_DAYS;
      prefix = [0];
    }
    if (day < base) {
      const newBase = day - CHUNK_DAYS;
      const before = [0];
      for (let d = newBase; d < base; d++) before.push(before[before.length - 1]! + workingFlag(d));
      const shift = before[before.length - 1]!;
      for (let i = 1; i < prefix.length; i++) before.push(prefix[i]! + shift);
      prefix = before;
      base = newBase;
    }
    const need = day + 1 - base;
    if (need >= prefix.length) {
      const target = Math.max(need, prefix.length - 1 + CHUNK_DAYS);
      for (let i = prefix.length - 1; i < target; i++) prefix.push(prefix[i]! + workingFlag(base + i));
    }
  };
  /** Working days in [base, day). The prefix must cover day. */
  const before = (day: number): number => prefix[day - base]!;
  const isWorking = (day: number): boolean => prefix[day + 1 - base]! > prefix[day - base]!;

  /** Working ms from the start of the prefix to t. */
  const position = (t: number): number => {
    const day = dayOf(t);
    cover(day);
    let within = 0;
    if (isWorking(day)) within = Math.min(Math.max(t - midnightOf(day) - startMs, 0), dayLengthMs);
    return before(day) * dayLengthMs + within;
  };

  /** The working day with exactly `count` working days before it in the prefix (count >= 0). */
  const workingDayAt = (count: number, from: number): number => {
    // Extend until the prefix holds count + 1 working days; give up on a calendar without working days ahead.
    while (prefix[prefix.length - 1]! < count + 1) {
      const day = base + prefix.length - 1 + CHUNK_DAYS;
      if (day - from > MAX_DAYS_WITHOUT_WORK + CHUNK_DAYS)
        throw new RangeError(`no working day within ${MAX_DAYS_WITHOUT_WORK} days after ${dateOfDay(from)}`);
      cover(day);
    }
    // Smallest i with prefix[i] >= count + 1: that day (base + i - 1) is the working day sought.
    let lo = 0;
    let hi = prefix.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (prefix[mid]! >= count + 1) hi = mid;
      else lo = mid + 1;
    }
    const found = base + lo - 1;
    if (found - from > MAX_DAYS_WITHOUT_WORK)
      throw new RangeError(`no working day within ${MAX_DAYS_WITHOUT_WORK} days after ${dateOfDay(from)}`);
    return found;
  };

  const between = (from: number, to: number): number => {
    if (!(to > from)) return 0;
    cover(dayOf(from));
    cover(dayOf(to));
    return position(to) - position(from);
  };

  const add = (from: number, ms: number): number => {
    if (ms < 0) throw new RangeError('add: ms must not be negative');
    if (ms === 0) return from;
    const target = position(from) + ms;
    // Working ms `target` falls in the (q+1)-th working day, r ms after its start (0 < r <= day length).
    const q = Math.ceil(target / dayLengthMs) - 1;
    const r = target - q * dayLengthMs;
    const day = workingDayAt(q, dayOf(from));
    return midnightOf(day) + startMs + r;
  };

  const deadline = (at: number, workingDays: number): number => {
    if (!(workingDays >= 0) || !Number.isFinite(workingDays)) throw new RangeError('deadline: days must be >= 0');
    const whole = Math.floor(workingDays);
    const fraction = workingDays - whole;
    const day = dayOf(at);
    cover(day);
    const acceptedToday = isWorking(day) && at < midnightOf(day) + endMs;
    // Working days before the day of acceptance: today's count, or (after hours / a day off) the count after today.
    const acceptanceIndex = acceptedToday ? before(day) : before(day + 1);
    const last = workingDayAt(acceptanceIndex + whole, day);
    const end = midnightOf(last) + endMs;
    return fraction > 0 ? add(end, Math.round(fraction * dayLengthMs)) : end;
  };

  const windowOf = (date: IsoDate): { start: number; end: number } | null => {
    const day = dayOfDate(date);
    cover(day);
    if (!isWorking(day)) return null;
    return { start: midnightOf(day) + startMs, end: midnightOf(day) + endMs };
  };

  return { dayLengthMs, between, add, deadline, windowOf };
}
