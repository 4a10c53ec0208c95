import type { FieldCodes } from '../result.ts';
import { isIsoDate, isWeekend, yearOf, type IsoDate } from './dates.ts';
import { provisionalYear, STATUTORY_FROM_YEAR, type ProvisionalYear } from './statutory.ts';

/**
 * China's working-day calendar: weekends are off unless the State Council's
 * notice makes them make-up working days (调休上班); statutory holidays are
 * off whatever the weekday. A year whose notice is not out yet is
 * *provisional*: its statutory days (fixed by law) are holidays, the days
 * around them that the notice will likely give are marked, and every other
 * weekday is a working day. Years before the 2024 revision of the holiday
 * law took effect, without data, are unknown.
 */
export const DAY_KINDS = [
  'workday',
  'weekend',
  'holiday',
  'makeup',
  'provisional_holiday',
  'likely_holiday',
  'unknown',
] as const;
export type DayKind = (typeof DAY_KINDS)[number];

export const SPECIAL_DAY_KINDS = ['holiday', 'makeup'] as const;
export type SpecialDayKind = (typeof SPECIAL_DAY_KINDS)[number];

/** A day the annual notice changes: a holiday, or a weekend day worked in exchange. */
export type SpecialDay = { date: IsoDate; kind: SpecialDayKind; name: string };

/** One year's notice: the dates it changes and where they come from. */
export type CalendarYear = { year: number; source: string; days: SpecialDay[] };

/** Where a year's days come from: its notice, the law alone until the notice is out, or nowhere. */
export type YearState = 'official' | 'provisional' | 'unknown';

/** A day's kind; `provisional` when it rests on the law alone (its year's notice is not in yet). */
export type DayStatus = { date: IsoDate; kind: DayKind; name?: string; provisional?: true };

export const DAY_KIND_LABELS: Record<DayKind, { zh: string; en: string }> = {
  workday: { zh: '工作日', en: 'Working day' },
  weekend: { zh: '周末', en: 'Weekend' },
  holiday: { zh: '法定节假日', en: 'Public holiday' },
  makeup: { zh: '调休上班', en: 'Make-up working day' },
  provisional_holiday: { zh: '法定节假日（暂定）', en: 'Public holiday (provisional)' },
  likely_holiday: { zh: '可能放假（暂定）', en: 'Likely holiday (provisional)' },
  unknown: { zh: '未知（无当年数据）', en: 'Unknown (no data for the year)' },
};

/** The mark shown beside anything dated in a provisional year. */
export const PROVISIONAL_LABEL = { zh: '暂定', en: 'provisional' } as const;

export type WorkCalendar = {
  status(date: IsoDate): DayStatus;
  /**
   * Working days are weekdays that are not holidays, plus make-up days; in a
   * provisional year likely holidays are still working days (until the
   * notice says otherwise). Unknown years have none.
   */
  isWorkingDay(date: IsoDate): boolean;
  /** A working day the planner should leave alone when it can: likely to become a holiday. */
  isLikelyHoliday(date: IsoDate): boolean;
  /** Official or provisional: the planner may plan there. */
  knowsYear(year: number): boolean;
  yearState(year: number): YearState;
  /** Years with a notice, in order. */
  years: readonly number[];
};

/** A year's state: official with its notice, else provisional from 2025 on (the 2024 law), else unknown. */
export function yearStateOf(year: number, hasNotice: boolean, lastYear = 2099): YearState {
  return hasNotice ? 'official' : year >= STATUTORY_FROM_YEAR && year <= lastYear ? 'provisional' : 'unknown';
}

/**
 * The calendar from the years with a notice; any other year from 2025 up to
 * `lastYear` is provisional, computed from the law (once per year, on first use).
 */
export function createWorkCalendar(years: readonly CalendarYear[], options: { lastYear?: number } = {}): WorkCalendar {
  const known = new Set(years.map((y) => y.year));
  const lastYear = options.lastYear ?? 2099;
  const special = new Map<IsoDate, SpecialDay>();
  for (const y of years) for (const d of y.days) special.set(d.date, d);
  const provisional = new Map<number, { holidays: Map<IsoDate, string>; likely: Map<IsoDate, string> }>();
  const provisionalOf = (year: number) => {
    let p = provisional.get(year);
    if (!p) {
      const computed: ProvisionalYear = provisionalYear(year);
      p = {
        holidays: new Map(computed.holidays.map((d) => [d.date, d.name])),
        likely: new Map(computed.likely.map((d) => [d.date, d.name])),
      };
      provisional.set(year, p);
    }
    return p;
  };
  const yearState = (year: number): YearState => yearStateOf(year, known.has(year), lastYear);

  const status = (date: IsoDate): DayStatus => {
    const year = yearOf(date);
    const state = yearState(year);
    if (state === 'unknown') return { date, kind: 'unknown' };
    if (state === 'official') {
      const day = special.get(date);
      if (day) return { date, kind: day.kind, name: day.name };
      return { date, kind: isWeekend(date) ? 'weekend' : 'workday' };
    }
    const p = provisionalOf(year);
    const holiday = p.holidays.get(date);
    if (holiday !== undefined) return { date, kind: 'provisional_holiday', name: holiday, provisional: true };
    const likely = p.likely.get(date);
    if (likely !== undefined) return { date, kind: 'likely_holiday', name: likely, provisional: true };
    return { date, kind: isWeekend(date) ? 'weekend' : 'workday', provisional: true };
  };
  return {
    status,
    isWorkingDay: (date) => {
      const kind = status(date).kind;
      return kind === 'workday' || kind === 'makeup' || kind === 'likely_holiday';
    },
    isLikelyHoliday: (date) => status(date).kind === 'likely_holiday',
    knowsYear: (year) => yearState(year) !== 'unknown',
    yearState,
    years: [...known].sort((a, b) => a - b),
  };
}

/** Whether a day rests on a year whose notice is not out: shown as 暂定 beside it. */
export function isProvisionalDate(calendar: WorkCalendar, date: IsoDate | null | undefined): boolean {
  return !!date && calendar.yearState(yearOf(date)) === 'provisional';
}

/**
 * Checks a year as an admin enters or imports it. Make-up days must fall on a
 * weekend (that is what they are); every date must be real and in the year;
 * no date twice. Errors are keyed by `days.N.field` for the form.
 */
export function validateCalendarYear(year: CalendarYear): FieldCodes {
  const errors: FieldCodes = {};
  const seen = new Set<IsoDate>();
  year.days.forEach((day, i) => {
    if (!isIsoDate(day.date)) errors[`days.${i}.date`] = 'CALENDAR_BAD_DATE';
    else if (yearOf(day.date) !== year.year) errors[`days.${i}.date`] = 'CALENDAR_WRONG_YEAR';
    else if (seen.has(day.date)) errors[`days.${i}.date`] = 'CALENDAR_DUPLICATE_DATE';
    else if (day.kind === 'makeup' && !isWeekend(day.date)) errors[`days.${i}.kind`] = 'CALENDAR_MAKEUP_NOT_WEEKEND';
    seen.add(day.date);
  });
  return errors;
}

/** Counts of a year for display: holidays, make-up days. */
export function summariseYear(year: CalendarYear): { holidays: number; makeups: number } {
  return {
    holidays: year.days.filter((d) => d.kind === 'holiday').length,
    makeups: year.days.filter((d) => d.kind === 'makeup').length,
  };
}

/** From when in the year (MM-DD) next year's missing notice is watched for; the State Council publishes in November. */
export const DEFAULT_CALENDAR_WATCH_FROM = '11-01';

/**
 * The years whose notice system admins should be asked for today: this year
 * while it is still provisional, and next year from `watchFrom` on while it
 * is. Empty once the notices are in.
 */
export function calendarWatch(
  calendar: WorkCalendar,
  today: IsoDate,
  watchFrom = DEFAULT_CALENDAR_WATCH_FROM,
): number[] {
  const year = yearOf(today);
  const years = [year, ...(today.slice(5) >= watchFrom ? [year + 1] : [])];
  return years.filter((y) => calendar.yearState(y) === 'provisional');
}

/** Whether any day from `from` to `to` rests on a provisional year: counts of working days there may still change. */
export function rangeIsProvisional(calendar: WorkCalendar, from: IsoDate, to: IsoDate): boolean {
  for (let y = yearOf(from); y <= yearOf(to); y++) if (calendar.yearState(y) === 'provisional') return true;
  return false;
}
