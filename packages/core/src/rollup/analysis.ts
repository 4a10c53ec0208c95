import type { IsoDate } from '../calendar/dates.ts';

/**
 * Figures of the analysis views. Ratings are 1–5: the average, and the share
 * of 4s and 5s (满意率). NPS is % promoters (9–10) − % detractors (0–6).
 * Periods are whole months, 'YYYY-MM'.
 */
export type MonthKey = string;

export type RatingTotals = { sum: number; count: number; satisfied: number };
export type NpsTotals = { promoters: number; passives: number; detractors: number };

export function monthOf(date: IsoDate): MonthKey {
  return date.slice(0, 7);
}

function monthIndex(month: MonthKey): number {
  return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
}

function monthAt(index: number): MonthKey {
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export function addMonths(month: MonthKey, n: number): MonthKey {
  return monthAt(monthIndex(month) + n);
}

/** Every month from `from` to `to`, both included. */
export function monthsBetween(from: MonthKey, to: MonthKey): MonthKey[] {
  const out: MonthKey[] = [];
  for (let i = monthIndex(from); i <= monthIndex(to); i++) out.push(monthAt(i));
  return out;
}

/** The period of the same length just before: what "versus last period" compares with. */
export function previousPeriod(from: MonthKey, to: MonthKey): { from: MonthKey; to: MonthKey } {
  const length = monthIndex(to) - monthIndex(from) + 1;
  return { from: addMonths(from, -length), to: addMonths(from, -1) };
}

export function ratingSummary(t: RatingTotals): {
  average: number | null;
  satisfiedShare: number | null;
  count: number;
} {
  if (t.count === 0) return { average: null, satisfiedShare: null, count: 0 };
  return { average: t.sum / t.count, satisfiedShare: t.satisfied / t.count, count: t.count };
}

export function npsOf(t: NpsTotals): number | null {
  const n = t.promoters + t.passives + t.detractors;
  return n === 0 ? null : ((t.promoters - t.detractors) / n) * 100;
}

/** Which NPS band an answer falls in. */
export function npsBand(score: number): keyof NpsTotals {
  return score >= 9 ? 'promoters' : score >= 7 ? 'passives' : 'detractors';
}

/** The first and last day of a month range, for drilling down to the responses behind a figure. */
export function monthRangeDates(from: MonthKey, to: MonthKey): { from: IsoDate; to: IsoDate } {
  const next = addMonths(to, 1);
  const last = new Date(Date.UTC(Number(next.slice(0, 4)), Number(next.slice(5, 7)) - 1, 0)).getUTCDate();
  return { from: `${from}-01`, to: `${to}-${String(last).padStart(2, '0')}` };
}
