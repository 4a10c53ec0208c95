import { isWeekend, yearOf, type IsoDate } from '../calendar/dates.ts';
import { DAY_KIND_LABELS, type WorkCalendar } from '../calendar/work-calendar.ts';
import type { AppError } from '../result.ts';

export type DateRange = { from: IsoDate; to: IsoDate };

/** What a proposed duty date must respect; the scheduler and a person moving a date share it. */
export type DateRules = {
  calendar: WorkCalendar;
  /** Reception days need a working day; checkpoint events keep the date the project set. */
  workingDayOnly: boolean;
  /** Unknown years are refused unless an admin allowed them (then weekdays count as working days). */
  allowUnknownYears: boolean;
  window: DateRange;
  /** The project's blackout dates, with the reason shown to users. */
  blackouts?: ReadonlyMap<IsoDate, string>;
  leaves?: readonly DateRange[];
  /** Dates the person already has a reception. */
  busy?: ReadonlySet<IsoDate>;
};

const HOLIDAY_NAMES_EN: Record<string, string> = {
  元旦: "New Year's Day",
  春节: 'Spring Festival',
  清明节: 'Qingming Festival',
  劳动节: 'Labour Day',
  端午节: 'Dragon Boat Festival',
  中秋节: 'Mid-Autumn Festival',
  国庆节: 'National Day',
};

export function holidayNameEn(name: string): string {
  return name
    .split(/[、,，]/)
    .map((part) => HOLIDAY_NAMES_EN[part.trim()] ?? part.trim())
    .join(' & ');
}

/** Null when the date is acceptable; otherwise the first reason it is not. */
export function checkDutyDate(date: IsoDate, rules: DateRules): AppError | null {
  if (date < rules.window.from || date > rules.window.to) {
    return {
      code: 'DATE_OUTSIDE_WINDOW',
      params: { from: rules.window.from, to: rules.window.to },
      fields: { date: 'DATE_OUTSIDE_WINDOW' },
    };
  }
  if (rules.workingDayOnly) {
    const status = rules.calendar.status(date);
    if (status.kind === 'unknown') {
      if (!rules.allowUnknownYears) {
        return {
          code: 'DATE_UNKNOWN_YEAR',
          params: { date, year: yearOf(date) },
          fields: { date: 'DATE_UNKNOWN_YEAR' },
        };
      }
      if (isWeekend(date)) return notWorking(date, 'weekend');
    } else if (status.kind === 'weekend' || status.kind === 'holiday' || status.kind === 'provisional_holiday') {
      return notWorking(date, status.kind, status.name);
    }
  }
  const blackout = rules.blackouts?.get(date);
  if (blackout !== undefined)
    return { code: 'DATE_BLACKOUT', params: { date, reason: blackout }, fields: { date: 'DATE_BLACKOUT' } };
  if (rules.leaves?.some((l) => date >= l.from && date <= l.to))
    return { code: 'DATE_ON_LEAVE', params: { date }, fields: { date: 'DATE_ON_LEAVE' } };
  if (rules.busy?.has(date)) return { code: 'DATE_TAKEN', params: { date }, fields: { date: 'DATE_TAKEN' } };
  return null;
}

function notWorking(date: IsoDate, kind: 'weekend' | 'holiday' | 'provisional_holiday', name?: string): AppError {
  const label = DAY_KIND_LABELS[kind];
  // A named holiday of a year whose notice is not out reads 法定节假日（元旦，暂定）, one bracket, not two.
  const provisional = kind === 'provisional_holiday';
  const base = DAY_KIND_LABELS[provisional ? 'holiday' : kind];
  const kindText = name
    ? {
        zh: `${base.zh}（${name}${provisional ? '，暂定' : ''}）`,
        en: `${base.en.toLowerCase()} (${holidayNameEn(name)}${provisional ? ', provisional' : ''})`,
      }
    : { zh: label.zh, en: label.en.toLowerCase() };
  return { code: 'DATE_NOT_WORKING_DAY', params: { date, kind: kindText }, fields: { date: 'DATE_NOT_WORKING_DAY' } };
}
