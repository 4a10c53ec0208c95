import type { FieldCodes } from '../result.ts';
import { isIsoDate, isWeekend, yearOf, type IsoDate } from './dates.ts';

/**
 * China's working-day calendar: weekends are off unless the State Council's
 * notice makes them make-up working days (调休上班); statutory holidays are
 * off whatever the weekday. A year without a published notice is unknown.
 */
export const DAY_KINDS = ['workday', 'weekend', 'holiday', 'makeup', 'unknown'] as const;
export type DayKind = (typeof DAY_KINDS)[number];

export const SPECIAL_DAY_KINDS = ['holiday', 'makeup'] as const;
export type SpecialDayKind = (typeof SPECIAL_DAY_KINDS)[number];

/** A day the annual notice changes: a holiday, or a weekend day worked in exchange. */
export type SpecialDay = { date: IsoDate; kind: SpecialDayKind; name: string };

/** One year's notice: the dates it changes and where they come from. */
export type CalendarYear = { year: number; source: string; days: SpecialDay[] };

export type DayStatus = { date: IsoDate; kind: DayKind; name?: string };

export const DAY_KIND_LABELS: Record<DayKind, { zh: string; en: string }> = {
  workday: { zh: '工作日', en: 'Working day' },
  weekend: { zh: '周末', en: 'Weekend' },
  holiday: { zh: '法定节假日', en: 'Public holiday' },
  makeup: { zh: '调休上班', en: 'Make-up working day' },
  unknown: { zh: '未知（无当年数据）', en: 'Unknown (no data for the year)' },
};

export type WorkCalendar = {
  status(date: IsoDate): DayStatus;
  /** Working days are weekdays that are not holidays, plus make-up days. Unknown years are not. */
  isWorkingDay(date: IsoDate): boolean;
  knowsYear(year: number): boolean;
  years: readonly number[];
};

export function createWorkCalendar(years: readonly CalendarYear[]): WorkCalendar {
  const known = new Set(years.map((y) => y.year));
  const special = new Map<IsoDate, SpecialDay>();
  for (const y of years) for (const d of y.days) special.set(d.date, d);

  const status = (date: IsoDate): DayStatus => {
    if (!known.has(yearOf(date))) return { date, kind: 'unknown' };
    const day = special.get(date);
    if (day) return { date, kind: day.kind, name: day.name };
    return { date, kind: isWeekend(date) ? 'weekend' : 'workday' };
  };
  return {
    status,
    isWorkingDay: (date) => {
      const kind = status(date).kind;
      return kind === 'workday' || kind === 'makeup';
    },
    knowsYear: (year) => known.has(year),
    years: [...known].sort((a, b) => a - b),
  };
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
