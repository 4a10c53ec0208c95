import { UTCDate } from '@date-fns/utc';
import {
  addDays,
  addMonths,
  differenceInCalendarDays,
  format,
  getISOWeek,
  getISOWeekYear,
  isValid,
  parse,
} from 'date-fns';

/**
 * Calendar dates are 'YYYY-MM-DD' strings (Asia/Shanghai days). Arithmetic goes
 * through date-fns on UTC midnights so the host's time zone never shifts a day.
 */
export type IsoDate = string;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function toUtcDate(date: IsoDate): UTCDate {
  return new UTCDate(`${date}T00:00:00Z`);
}

export function fromUtcDate(date: Date): IsoDate {
  return format(new UTCDate(date), 'yyyy-MM-dd');
}

/** True for a real calendar date written as YYYY-MM-DD (2026-02-30 is not). */
export function isIsoDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const parsed = parse(value, 'yyyy-MM-dd', new UTCDate(0));
  return isValid(parsed) && fromUtcDate(parsed) === value;
}

export function addDaysIso(date: IsoDate, days: number): IsoDate {
  return fromUtcDate(addDays(toUtcDate(date), days));
}

/** Same day `months` later, clamped to the month's end (01-31 + 1 month = 02-28). */
export function addMonthsIso(date: IsoDate, months: number): IsoDate {
  return fromUtcDate(addMonths(toUtcDate(date), months));
}

/** 0 = Sunday … 6 = Saturday. On the scheduler's hot path, so read straight off the UTC date. */
export function weekdayOf(date: IsoDate): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

const DAY_MS = 86_400_000;

export function isWeekend(date: IsoDate): boolean {
  const day = weekdayOf(date);
  return day === 0 || day === 6;
}

export function daysBetween(from: IsoDate, to: IsoDate): number {
  return differenceInCalendarDays(toUtcDate(to), toUtcDate(from));
}

/** Every date from `from` to `to`, both included. A hot path of the scheduler, so plain UTC milliseconds. */
export function eachDate(from: IsoDate, to: IsoDate): IsoDate[] {
  const out: IsoDate[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let ms = Date.parse(`${from}T00:00:00Z`); ms <= end; ms += DAY_MS)
    out.push(new Date(ms).toISOString().slice(0, 10));
  return out;
}

export function yearOf(date: IsoDate): number {
  return Number(date.slice(0, 4));
}

export const maxDate = (a: IsoDate, b: IsoDate): IsoDate => (a > b ? a : b);
export const minDate = (a: IsoDate, b: IsoDate): IsoDate => (a < b ? a : b);

/** The ISO week of a date, e.g. '2026-W48' (weeks start on Monday; the first holds the year's first Thursday). */
export function isoWeekKey(date: IsoDate): string {
  const d = toUtcDate(date);
  return `${getISOWeekYear(d)}-W${String(getISOWeek(d)).padStart(2, '0')}`;
}
