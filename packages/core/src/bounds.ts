import { z } from 'zod';
import { addDaysIso, addMonthsIso, isIsoDate, yearOf, type IsoDate } from './calendar/dates.ts';
import { formatMessage, type ErrorCode, type MessageParams } from './result.ts';
import { addMonths, type MonthKey } from './rollup/analysis.ts';

/**
 * What a caller may ask for: the years the product works in, and how long a
 * range may be. One definition, used by every date, month and period schema
 * and parser, so a probe like `0001-01…9999-12` is refused at the edge with a
 * field message instead of reaching a query or a date computation.
 */

/**
 * The product's years, chosen wide: this century's records and plans a few
 * years ahead fit with decades to spare, while years like 0000, 0001 or 9999
 * (typos and probes) are refused. Staying clear of year 9999 also keeps every
 * computed date (a period's end, the next year's first day) a valid
 * four-digit 'YYYY-MM-DD'.
 */
export const YEARS = { min: 2000, max: 2099 } as const;

export const isProductYear = (year: number): boolean =>
  Number.isInteger(year) && year >= YEARS.min && year <= YEARS.max;

/** The first and last day the product accepts. */
export const FIRST_DAY: IsoDate = `${YEARS.min}-01-01`;
export const LAST_DAY: IsoDate = `${YEARS.max}-12-31`;

/**
 * The longest span, in months, of each range a caller can give. Each is what
 * its screen needs with room to spare; the field message names the number.
 */
export const MAX_SPAN_MONTHS = {
  /** Analysis trends: this year against the two before. */
  analysis: 36,
  /** The responses list, which the analysis opens with its whole range. */
  responses: 36,
  /** The caller's own visits. */
  visits: 36,
  /** My duties: the reception plan asks for a month back and a year ahead. */
  myDuties: 24,
  /** Reception days listed for a plan or a duty. */
  receptionDays: 24,
  /** Day statuses for a calendar view. */
  calendarDays: 24,
  /** One leave period; a longer absence is entered as several. */
  leave: 12,
  /** One checkpoint event (an open day, a handover campaign). */
  event: 6,
} as const;

/** Whether a date range [from, to] lasts at most `months` months (2026-01-15 to 2026-04-14 is three). */
export function dateSpanWithin(from: IsoDate, to: IsoDate, months: number): boolean {
  return to < addMonthsIso(from, months);
}

/** Whether a month range [from, to], both included, holds at most `months` months. */
export function monthSpanWithin(from: MonthKey, to: MonthKey, months: number): boolean {
  return to <= addMonths(from, months - 1);
}

/**
 * A date range a screen can always send: inside the product's years, in
 * order, and at most `months` long (keeping `to` and moving `from` when it is
 * too long). Undefined ends stay undefined.
 */
export function clampDateRange(
  range: { from?: IsoDate | undefined; to?: IsoDate | undefined },
  months: number,
): { from?: IsoDate; to?: IsoDate } {
  const inYears = (d: IsoDate | undefined) =>
    d !== undefined && isIsoDate(d) && isProductYear(yearOf(d)) ? d : undefined;
  const to = inYears(range.to);
  let from = inYears(range.from);
  if (from !== undefined && to !== undefined) {
    if (from > to) from = to;
    else if (!dateSpanWithin(from, to, months)) from = addDaysIso(addMonthsIso(to, -months), 1);
  }
  return { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) };
}

/** A month range that a screen can always send, like `clampDateRange`; both ends are required. */
export function clampMonthRange(from: MonthKey, to: MonthKey, months: number): { from: MonthKey; to: MonthKey } {
  if (from > to) return { from: to, to };
  return monthSpanWithin(from, to, months) ? { from, to } : { from: addMonths(to, -(months - 1)), to };
}

/**
 * A refinement whose message is one of ERROR_MESSAGES: the API puts it into
 * the caller's language (`params.code`); the message itself is the Chinese
 * text, for any other reader. It aborts, so checks that build on the value
 * (a range's span) do not run on a value already refused.
 */
export function coded(code: ErrorCode, params: MessageParams = {}) {
  return { message: formatMessage(code, 'zh-CN', params), params: { code, params }, abort: true };
}

/** The code and parameters of a coded issue, if it is one. */
export function codedIssue(issue: {
  code: string;
  params?: Record<string, unknown>;
}): { code: ErrorCode; params: MessageParams } | undefined {
  if (issue.code !== 'custom' || typeof issue.params?.code !== 'string') return undefined;
  return { code: issue.params.code as ErrorCode, params: (issue.params.params ?? {}) as MessageParams };
}

/**
 * Whether an issue is a failed pattern (`.regex`), whose zod message prints the regular expression
 * ("must match pattern /…/"): readers get FORMAT_INVALID instead. Fields people type have a coded
 * refinement with their own words; this is the net under any that do not.
 */
export function isPatternIssue(issue: { code: string; format?: unknown }): boolean {
  return issue.code === 'invalid_format' && issue.format === 'regex';
}

/** A calendar date 'YYYY-MM-DD' in the product's years. */
export const isoDate = z
  .string()
  .refine(isIsoDate, coded('CALENDAR_BAD_DATE'))
  .refine((d) => isProductYear(yearOf(d)), coded('YEAR_OUT_OF_RANGE', YEARS));

/** A month 'YYYY-MM' in the product's years. */
export const monthKey = z
  .string()
  .refine((m) => /^\d{4}-(0[1-9]|1[0-2])$/.test(m), coded('MONTH_INVALID'))
  .refine((m) => isProductYear(Number(m.slice(0, 4))), coded('YEAR_OUT_OF_RANGE', YEARS));

/** A year as a path or query value. */
export const productYear = z.coerce.number().int().min(YEARS.min).max(YEARS.max);

/**
 * An object's range check: `to` not before `from`, and the span at most
 * `months` long. An end left out (an optional filter) is not compared.
 */
function rangeCheck(
  months: number,
  within: (from: string, to: string, months: number) => boolean,
  names: { from: string; to: string },
) {
  return <T extends object>(value: T, ctx: z.RefinementCtx<T>) => {
    const from = (value as Record<string, unknown>)[names.from];
    const to = (value as Record<string, unknown>)[names.to];
    if (typeof from !== 'string' || typeof to !== 'string') return;
    const problem =
      from > to ? coded('RANGE_INVERTED') : within(from, to, months) ? undefined : coded('RANGE_TOO_LONG', { months });
    if (problem) ctx.addIssue({ code: 'custom', path: [names.to], message: problem.message, params: problem.params });
  };
}

/** For `.superRefine`: a date range of at most `months` months. */
export const dateRange = (months: number, names = { from: 'from', to: 'to' }) =>
  rangeCheck(months, dateSpanWithin, names);

/** For `.superRefine`: a month range of at most `months` months. */
export const monthRange = (months: number, names = { from: 'from', to: 'to' }) =>
  rangeCheck(months, monthSpanWithin, names);
