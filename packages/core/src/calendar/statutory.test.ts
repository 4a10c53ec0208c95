import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CN_HOLIDAY_YEARS } from './cn-holidays.ts';
import { addDaysIso, eachDate, isWeekend } from './dates.ts';
import { likelyHolidayBlocks, provisionalYear, statutoryHolidays } from './statutory.ts';
import { createWorkCalendar } from './work-calendar.ts';

/**
 * Festival dates from a source other than the library (the published
 * Chinese calendar): 春节 (正月初一), 清明, 端午 and 中秋 for 2024–2030.
 */
const FESTIVALS: Record<number, { springFestival: string; qingming: string; dragonBoat: string; midAutumn: string }> = {
  2024: { springFestival: '2024-02-10', qingming: '2024-04-04', dragonBoat: '2024-06-10', midAutumn: '2024-09-17' },
  2025: { springFestival: '2025-01-29', qingming: '2025-04-04', dragonBoat: '2025-05-31', midAutumn: '2025-10-06' },
  2026: { springFestival: '2026-02-17', qingming: '2026-04-05', dragonBoat: '2026-06-19', midAutumn: '2026-09-25' },
  2027: { springFestival: '2027-02-06', qingming: '2027-04-05', dragonBoat: '2027-06-09', midAutumn: '2027-09-15' },
  2028: { springFestival: '2028-01-26', qingming: '2028-04-04', dragonBoat: '2028-05-28', midAutumn: '2028-10-03' },
  2029: { springFestival: '2029-02-13', qingming: '2029-04-04', dragonBoat: '2029-06-16', midAutumn: '2029-09-22' },
  2030: { springFestival: '2030-02-03', qingming: '2030-04-05', dragonBoat: '2030-06-05', midAutumn: '2030-09-12' },
};

const shipped = (year: number) => CN_HOLIDAY_YEARS.find((y) => y.year === year)!;

describe('the statutory holidays of the 2024 law', () => {
  for (const year of [2025, 2026, 2027, 2028, 2029, 2030]) {
    it(`are the 13 days of ${year}, on the festival dates a second source gives`, () => {
      const days = statutoryHolidays(year);
      expect(days).toHaveLength(13);
      const f = FESTIVALS[year]!;
      const eve = addDaysIso(f.springFestival, -1);
      expect(days.filter((d) => d.name === '春节').map((d) => d.date)).toEqual([
        eve,
        f.springFestival,
        addDaysIso(f.springFestival, 1),
        addDaysIso(f.springFestival, 2),
      ]);
      expect(days.find((d) => d.name === '清明节')!.date).toBe(f.qingming);
      expect(days.find((d) => d.name === '端午节')!.date).toBe(f.dragonBoat);
      expect(days.find((d) => d.name === '中秋节')!.date).toBe(f.midAutumn);
      expect(days.filter((d) => d.name === '国庆节').map((d) => d.date)).toEqual([
        `${year}-10-01`,
        `${year}-10-02`,
        `${year}-10-03`,
      ]);
      expect(days.filter((d) => d.name === '劳动节').map((d) => d.date)).toEqual([`${year}-05-01`, `${year}-05-02`]);
      expect(days[0]).toEqual({ date: `${year}-01-01`, name: '元旦' });
    });
  }

  it('agree with the shipped calendars: every statutory day of 2025 and 2026 is a holiday there', () => {
    for (const year of [2025, 2026]) {
      const holidays = new Set(
        shipped(year)
          .days.filter((d) => d.kind === 'holiday')
          .map((d) => d.date),
      );
      for (const d of statutoryHolidays(year)) expect(holidays.has(d.date), `${d.date} ${d.name}`).toBe(true);
    }
  });

  it('agree with 2024’s festival dates too (the law then gave 11 days, without 除夕 and 2 May)', () => {
    const holidays = new Set(
      shipped(2024)
        .days.filter((d) => d.kind === 'holiday')
        .map((d) => d.date),
    );
    const f = FESTIVALS[2024]!;
    for (const date of [
      f.springFestival,
      f.qingming,
      f.dragonBoat,
      f.midAutumn,
      '2024-01-01',
      '2024-05-01',
      '2024-10-01',
    ])
      expect(holidays.has(date), date).toBe(true);
  });
});

describe('the likely holidays', () => {
  it('are, with the statutory days, exactly the weekday holidays the 2025 and 2026 notices gave', () => {
    for (const year of [2025, 2026]) {
      const p = provisionalYear(year);
      const expected = shipped(year)
        .days.filter((d) => d.kind === 'holiday' && !isWeekend(d.date))
        .map((d) => d.date)
        .sort();
      const computed = [...p.holidays, ...p.likely]
        .map((d) => d.date)
        .filter((d) => !isWeekend(d))
        .sort();
      expect(computed).toEqual(expected);
    }
  });

  it('follow the principles: 8 days from 除夕, 7 for National Day or 8 with Mid-Autumn, only the day on a Wednesday', () => {
    const blocks = (year: number) => new Map(likelyHolidayBlocks(year).map((b) => [b.name, b.days]));
    expect(blocks(2027).get('春节')).toEqual(eachDate('2027-02-05', '2027-02-12'));
    expect(blocks(2027).get('国庆节')).toEqual(eachDate('2027-10-01', '2027-10-07'));
    // 中秋 2028 is on 3 October: one 8-day break.
    expect(blocks(2028).get('国庆节、中秋节')).toEqual(eachDate('2028-10-01', '2028-10-08'));
    expect(blocks(2028).has('中秋节')).toBe(false);
    // 元旦 2031 is a Wednesday: the day alone.
    expect(blocks(2031).get('元旦')).toEqual(['2031-01-01']);
  });

  it('never include a make-up day, a weekend, or a statutory day, in any year (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2025, max: 2099 }), (year) => {
        const p = provisionalYear(year);
        const fixed = new Set(p.holidays.map((d) => d.date));
        for (const d of p.likely) {
          expect(isWeekend(d.date)).toBe(false);
          expect(fixed.has(d.date)).toBe(false);
          expect(d.date.startsWith(String(year))).toBe(true);
        }
        const calendar = createWorkCalendar([]);
        const kinds = new Set(eachDate(`${year}-01-01`, `${year}-12-31`).map((d) => calendar.status(d).kind));
        expect(kinds.has('makeup')).toBe(false);
        expect(p.holidays).toHaveLength(13);
      }),
      { numRuns: 30 },
    );
  });
});
