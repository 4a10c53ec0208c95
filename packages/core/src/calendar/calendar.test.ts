import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDaysIso, daysBetween, eachDate, isIsoDate, isoWeekKey, weekdayOf } from './dates.ts';
import { PERIOD_KINDS, parsePeriodKey, periodLabel, periodOf, periodsOverlapping } from './periods.ts';
import { createWorkCalendar, validateCalendarYear } from './work-calendar.ts';
import { validateCalendarRows } from './calendar-rows.ts';
import { YEAR_2026 } from './fixtures.test-data.ts';

const isoDate = fc
  .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2032-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

describe('dates', () => {
  it('recognises real dates only', () => {
    expect(isIsoDate('2026-02-28')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2026-2-3')).toBe(false);
  });

  it('knows weekdays independent of the host time zone', () => {
    expect(weekdayOf('2026-12-12')).toBe(6);
    expect(weekdayOf('2026-11-23')).toBe(1);
  });

  it('names ISO weeks, with the year of their Thursday', () => {
    expect(isoWeekKey('2026-11-23')).toBe('2026-W48');
    expect(isoWeekKey('2026-12-31')).toBe('2026-W53');
    expect(isoWeekKey('2027-01-03')).toBe('2026-W53');
    expect(isoWeekKey('2027-01-04')).toBe('2027-W01');
  });

  it('adds days and counts them consistently', () => {
    fc.assert(
      fc.property(isoDate, fc.integer({ min: -400, max: 400 }), (d, n) => daysBetween(d, addDaysIso(d, n)) === n),
    );
  });
});

describe('periods', () => {
  it('bimonthly periods pair Jan–Feb, Mar–Apr … Nov–Dec', () => {
    expect(periodOf('2026-11-23', 'bimonth')).toMatchObject({ key: '2026-B6', from: '2026-11-01', to: '2026-12-31' });
    expect(periodOf('2026-02-28', 'bimonth')).toMatchObject({ key: '2026-B1', from: '2026-01-01', to: '2026-02-28' });
    expect(periodOf('2028-02-10', 'month').to).toBe('2028-02-29');
    expect(periodLabel(periodOf('2026-11-23', 'bimonth'), 'zh-CN')).toBe('2026年11–12月');
    expect(periodLabel(periodOf('2026-11-23', 'quarter'), 'en')).toBe('Q4 2026');
  });

  it('a period holds its date, and its key reads back to the same period', () => {
    fc.assert(
      fc.property(isoDate, fc.constantFrom(...PERIOD_KINDS), (d, kind) => {
        const p = periodOf(d, kind);
        expect(p.from <= d && d <= p.to).toBe(true);
        expect(parsePeriodKey(p.key)).toEqual(p);
      }),
    );
  });

  it('periods over a range are consecutive and cover it', () => {
    fc.assert(
      fc.property(isoDate, fc.integer({ min: 0, max: 800 }), fc.constantFrom(...PERIOD_KINDS), (from, span, kind) => {
        const to = addDaysIso(from, span);
        const periods = periodsOverlapping(kind, from, to);
        expect(periods[0]!.from <= from).toBe(true);
        expect(periods.at(-1)!.to >= to).toBe(true);
        periods.slice(1).forEach((p, i) => expect(p.from).toBe(addDaysIso(periods[i]!.to, 1)));
      }),
    );
  });
});

describe('working-day calendar', () => {
  const calendar = createWorkCalendar([YEAR_2026]);

  it('classifies holidays, make-up days, weekends and working days', () => {
    expect(calendar.status('2026-10-01')).toEqual({ date: '2026-10-01', kind: 'holiday', name: '国庆节' });
    expect(calendar.status('2026-10-10')).toMatchObject({ kind: 'makeup' });
    expect(calendar.status('2026-10-11').kind).toBe('weekend');
    expect(calendar.status('2026-10-12').kind).toBe('workday');
  });

  it('make-up days are working days; holidays never are', () => {
    for (const day of YEAR_2026.days) expect(calendar.isWorkingDay(day.date)).toBe(day.kind === 'makeup');
  });

  it('a year without data and before the 2024 holiday law is unknown, never assumed to be weekdays only', () => {
    expect(calendar.status('2024-03-06').kind).toBe('unknown');
    expect(calendar.isWorkingDay('2024-03-06')).toBe(false);
    expect(calendar.knowsYear(2024)).toBe(false);
    expect(calendar.yearState(2024)).toBe('unknown');
  });

  it('a later year without a notice is provisional: the law’s holidays, the likely ones marked, weekdays working', () => {
    expect(calendar.yearState(2027)).toBe('provisional');
    expect(calendar.knowsYear(2027)).toBe(true);
    expect(calendar.status('2027-03-03')).toEqual({ date: '2027-03-03', kind: 'workday', provisional: true });
    expect(calendar.status('2027-02-06')).toEqual({
      date: '2027-02-06',
      kind: 'provisional_holiday',
      name: '春节',
      provisional: true,
    });
    expect(calendar.isWorkingDay('2027-02-06')).toBe(false);
    // 正月初四 2027 is a Tuesday inside the likely 8-day block from 除夕: still a working day, to be avoided.
    expect(calendar.status('2027-02-09')).toEqual({
      date: '2027-02-09',
      kind: 'likely_holiday',
      name: '春节',
      provisional: true,
    });
    expect(calendar.isWorkingDay('2027-02-09')).toBe(true);
    expect(calendar.isLikelyHoliday('2027-02-09')).toBe(true);
    expect(calendar.status('2026-03-03')).toEqual({ date: '2026-03-03', kind: 'workday' });
  });

  it('every day of a known year is exactly one kind, and 2026 has 248 working days (261 weekdays − 19 weekday holidays + 6 make-up days)', () => {
    const days = eachDate('2026-01-01', '2026-12-31');
    expect(days.filter((d) => calendar.isWorkingDay(d))).toHaveLength(248);
    expect(new Set(days.map((d) => calendar.status(d).kind))).toEqual(
      new Set(['workday', 'weekend', 'holiday', 'makeup']),
    );
  });

  it('validation catches make-up days on weekdays, wrong years, duplicates and bad dates', () => {
    expect(validateCalendarYear(YEAR_2026)).toEqual({});
    const errors = validateCalendarYear({
      year: 2026,
      source: 'x',
      days: [
        { date: '2026-10-12', kind: 'makeup', name: '国庆节' },
        { date: '2025-10-01', kind: 'holiday', name: '国庆节' },
        { date: '2026-10-01', kind: 'holiday', name: '国庆节' },
        { date: '2026-10-01', kind: 'holiday', name: '国庆节' },
        { date: '2026-13-01', kind: 'holiday', name: '国庆节' },
      ],
    });
    expect(errors).toEqual({
      'days.0.kind': 'CALENDAR_MAKEUP_NOT_WEEKEND',
      'days.1.date': 'CALENDAR_WRONG_YEAR',
      'days.3.date': 'CALENDAR_DUPLICATE_DATE',
      'days.4.date': 'CALENDAR_BAD_DATE',
    });
  });
});

describe('calendar file rows', () => {
  it('reads Chinese kind words and common date spellings', () => {
    const { days, errors } = validateCalendarRows(
      [
        { date: '2027/1/1', kind: '放假', name: '元旦' },
        { date: '2027-02-20', kind: '上班', name: '春节' },
      ],
      2027,
    );
    expect(errors).toEqual([]);
    expect(days).toEqual([
      { date: '2027-01-01', kind: 'holiday', name: '元旦' },
      { date: '2027-02-20', kind: 'makeup', name: '春节' },
    ]);
  });

  it('reports every bad row by line and column, and returns no days', () => {
    const { days, errors } = validateCalendarRows(
      [
        { date: '2027-01-01', kind: '放假', name: '元旦' },
        { date: '2027-01-01', kind: '放假', name: '元旦' },
        { date: '2027-02-22', kind: '上班', name: '春节' },
        { date: '2026-12-31', kind: '?', name: '' },
      ],
      2027,
    );
    expect(days).toEqual([]);
    expect(errors.map((e) => [e.line, e.column, e.code])).toEqual([
      [3, 'date', 'duplicate_in_file'],
      [4, 'kind', 'not_weekend'],
      [5, 'date', 'bad_format'],
      [5, 'kind', 'unknown_value'],
      [5, 'name', 'required'],
    ]);
  });
});
