import { LunarDay, SolarTerm, type SolarDay } from 'tyme4ts';
import { addDaysIso, eachDate, isWeekend, weekdayOf, yearOf, type IsoDate } from './dates.ts';

/**
 * What the law already fixes about a year before the State Council's notice
 * comes out. 《全国年节及纪念日放假办法》 as revised in November 2024 (in
 * force from 2025-01-01) gives 13 statutory days: 元旦 (1 January), 春节
 * (农历除夕 to 正月初三), 清明节 (the day of the 清明 solar term), 劳动节
 * (1–2 May), 端午节 (五月初五), 中秋节 (八月十五), 国庆节 (1–3 October). The
 * lunar dates and the solar term come from tyme4ts (6tail's calendar
 * library, the successor of lunar-typescript: no dependencies, MIT).
 *
 * The notices since 2025 follow stated arrangement principles (调休原则):
 * the Spring Festival off for 8 days from 除夕, National Day 7 days from
 * 1 October (8 when it meets Mid-Autumn), Labour Day 5 days, and 元旦,
 * 清明, 端午 and 中秋 3 days each, except only the day itself when it falls
 * on a Wednesday. Those blocks give the days *likely* to become holidays.
 */

/** The first year the 2024 revision's 13 statutory days apply; earlier years without data stay unknown. */
export const STATUTORY_FROM_YEAR = 2025;

/** A day, named as the State Council's notices name it. */
export type NamedDay = { date: IsoDate; name: string };

const iso = (d: SolarDay): IsoDate =>
  `${d.getYear()}-${String(d.getMonth()).padStart(2, '0')}-${String(d.getDay()).padStart(2, '0')}`;
const lunar = (year: number, month: number, day: number): IsoDate =>
  iso(LunarDay.fromYmd(year, month, day).getSolarDay());

type Festival = { name: string; day: IsoDate };

/** The single-day festivals of a year, each on its statutory day. */
function festivals(year: number): { newYear: Festival; qingming: Festival; dragonBoat: Festival; midAutumn: Festival } {
  return {
    newYear: { name: '元旦', day: `${year}-01-01` },
    qingming: { name: '清明节', day: iso(SolarTerm.fromName(year, '清明').getJulianDay().getSolarDay()) },
    dragonBoat: { name: '端午节', day: lunar(year, 5, 5) },
    midAutumn: { name: '中秋节', day: lunar(year, 8, 15) },
  };
}

/** 农历除夕: the day before 正月初一 of the lunar year that starts in this calendar year. */
function springFestivalEve(year: number): IsoDate {
  return addDaysIso(lunar(year, 1, 1), -1);
}

/** National Day and Mid-Autumn meet when the festival falls from 29 September to 8 October. */
function meetsNationalDay(midAutumn: IsoDate, year: number): boolean {
  return midAutumn >= `${year}-09-29` && midAutumn <= `${year}-10-08`;
}

/** The year's 13 statutory holidays, in date order. */
export function statutoryHolidays(year: number): NamedDay[] {
  const f = festivals(year);
  const eve = springFestivalEve(year);
  const days: NamedDay[] = [
    { date: f.newYear.day, name: f.newYear.name },
    ...[0, 1, 2, 3].map((i) => ({ date: addDaysIso(eve, i), name: '春节' })),
    { date: f.qingming.day, name: f.qingming.name },
    { date: `${year}-05-01`, name: '劳动节' },
    { date: `${year}-05-02`, name: '劳动节' },
    { date: f.dragonBoat.day, name: f.dragonBoat.name },
    { date: f.midAutumn.day, name: f.midAutumn.name },
    ...[1, 2, 3].map((d) => ({ date: `${year}-10-0${d}`, name: '国庆节' })),
  ];
  return days.sort((a, b) => (a.date < b.date ? -1 : 1));
}

/**
 * The 3-day break a one-day festival usually gets, joined to the weekend
 * (Monday: Sat–Mon; Tuesday: Sun–Tue; Thursday: Thu–Sat; Friday: Fri–Sun;
 * Saturday: Sat–Mon; Sunday: Sat–Mon), or the day alone on a Wednesday.
 */
function threeDayBreak(day: IsoDate): IsoDate[] {
  const offsets: Record<number, [number, number]> = {
    0: [-1, 1],
    1: [-2, 0],
    2: [-2, 0],
    3: [0, 0],
    4: [0, 2],
    5: [0, 2],
    6: [0, 2],
  };
  const [from, to] = offsets[weekdayOf(day)]!;
  return eachDate(addDaysIso(day, from), addDaysIso(day, to));
}

/** Labour Day's 5 days: from 1 May, or from the Saturday before when 1 May is a Sunday or a Monday. */
function labourDayBreak(year: number): IsoDate[] {
  const first = `${year}-05-01`;
  const shift = { 0: -1, 1: -2 }[weekdayOf(first) as 0 | 1] ?? 0;
  const start = addDaysIso(first, shift);
  return eachDate(start, addDaysIso(start, 4));
}

/**
 * The blocks the notice is likely to give, by the arrangement principles:
 * every day of them (weekends and statutory days included), named.
 */
export function likelyHolidayBlocks(year: number): { name: string; days: IsoDate[] }[] {
  const f = festivals(year);
  const eve = springFestivalEve(year);
  const merged = meetsNationalDay(f.midAutumn.day, year);
  const nationalStart = merged && f.midAutumn.day < `${year}-10-01` ? f.midAutumn.day : `${year}-10-01`;
  const blocks = [
    { name: f.newYear.name, days: threeDayBreak(f.newYear.day) },
    { name: '春节', days: eachDate(eve, addDaysIso(eve, 7)) },
    { name: f.qingming.name, days: threeDayBreak(f.qingming.day) },
    { name: '劳动节', days: labourDayBreak(year) },
    { name: f.dragonBoat.name, days: threeDayBreak(f.dragonBoat.day) },
    ...(merged ? [] : [{ name: f.midAutumn.name, days: threeDayBreak(f.midAutumn.day) }]),
    {
      name: merged ? '国庆节、中秋节' : '国庆节',
      days: eachDate(nationalStart, addDaysIso(nationalStart, merged ? 7 : 6)),
    },
  ];
  // A break that reaches into the year before or after belongs to that year's notice.
  return blocks.map((b) => ({ name: b.name, days: b.days.filter((d) => yearOf(d) === year) }));
}

/**
 * A year as it stands before its notice: the statutory holidays, and the
 * working days (weekdays) likely to be given as holidays around them. No
 * make-up days are known; every other weekday is a working day.
 */
export type ProvisionalYear = { year: number; holidays: NamedDay[]; likely: NamedDay[] };

export function provisionalYear(year: number): ProvisionalYear {
  const holidays = statutoryHolidays(year);
  const fixed = new Set(holidays.map((h) => h.date));
  const likely = likelyHolidayBlocks(year)
    .flatMap((b) => b.days.filter((d) => !fixed.has(d) && !isWeekend(d)).map((date) => ({ date, name: b.name })))
    .sort((a, b) => (a.date < b.date ? -1 : 1));
  return { year, holidays, likely };
}
