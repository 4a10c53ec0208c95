import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { YEAR_2026 } from '../calendar/fixtures.test-data.ts';
import { createWorkCalendar } from '../calendar/work-calendar.ts';
import { shanghaiDate } from '../time.ts';
import { createWorkingTime, DEFAULT_WORKING_HOURS, validWorkingHours } from './working-time.ts';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const calendar = createWorkCalendar([YEAR_2026]);
const wt = createWorkingTime(calendar);
/** An instant written as Shanghai local time, e.g. sh('2026-02-13 17:00'). */
const sh = (local: string): number => Date.parse(`${local.replace(' ', 'T')}:00+08:00`);

/** The obvious day-by-day count, independent of the prefix sum: the oracle for the properties. */
function naiveBetween(from: number, to: number, start = 9, end = 18): number {
  let total = 0;
  for (let midnight = sh(`${shanghaiDate(from)} 00:00`); midnight < to; midnight += DAY) {
    if (!calendar.isWorkingDay(shanghaiDate(midnight))) continue;
    const lo = Math.max(from, midnight + start * HOUR);
    const hi = Math.min(to, midnight + end * HOUR);
    if (hi > lo) total += hi - lo;
  }
  return total;
}

/** Instants from late 2025 to spring 2027 (official 2026, provisional 2027), often right on an edge of working hours. */
const FIRST_DAY = sh('2025-12-01 00:00');
const instant = fc
  .tuple(
    fc.integer({ min: 0, max: 480 }),
    fc.oneof(
      fc.constantFrom(0, 9 * 60, 18 * 60, 9 * 60 - 1, 18 * 60 - 1, 12 * 60),
      fc.integer({ min: 0, max: 24 * 60 - 1 }),
    ),
    fc.integer({ min: 0, max: 59_999 }),
  )
  .map(([day, minute, ms]) => FIRST_DAY + day * DAY + minute * 60_000 + (minute % 7 === 0 ? 0 : ms));

describe('working hours', () => {
  it('accepts HH:MM pairs with start before end, up to 24:00', () => {
    expect(validWorkingHours(DEFAULT_WORKING_HOURS)).toBe(true);
    expect(validWorkingHours({ start: '08:30', end: '17:30' })).toBe(true);
    expect(validWorkingHours({ start: '00:00', end: '24:00' })).toBe(true);
    expect(validWorkingHours({ start: '18:00', end: '09:00' })).toBe(false);
    expect(validWorkingHours({ start: '09:00', end: '09:00' })).toBe(false);
    expect(validWorkingHours({ start: '9:00', end: '18:00' })).toBe(false);
    expect(validWorkingHours({ start: '09:60', end: '18:00' })).toBe(false);
    expect(validWorkingHours({ start: '09:00', end: '24:01' })).toBe(false);
    expect(() => createWorkingTime(calendar, { start: '18:00', end: '09:00' })).toThrow(RangeError);
  });

  it('measures the working day from the hours', () => {
    expect(wt.dayLengthMs).toBe(9 * HOUR);
    const short = createWorkingTime(calendar, { start: '08:30', end: '17:00' });
    expect(short.dayLengthMs).toBe(8.5 * HOUR);
    expect(short.windowOf('2026-12-02')).toEqual({ start: sh('2026-12-02 08:30'), end: sh('2026-12-02 17:00') });
    expect(short.deadline(sh('2026-12-02 17:30'), 0)).toBe(sh('2026-12-03 17:00'));
  });
});

describe('windows', () => {
  it('gives a working day its hours in Shanghai and a day off none', () => {
    expect(wt.windowOf('2026-12-02')).toEqual({ start: sh('2026-12-02 09:00'), end: sh('2026-12-02 18:00') });
    expect(wt.windowOf('2026-02-14')).toEqual({ start: sh('2026-02-14 09:00'), end: sh('2026-02-14 18:00') }); // make-up Saturday
    expect(wt.windowOf('2026-02-16')).toBeNull(); // Spring Festival
    expect(wt.windowOf('2026-12-05')).toBeNull(); // Saturday
    expect(wt.windowOf('2026-10-10')).not.toBeNull(); // National Day make-up Saturday
  });
});

describe('between', () => {
  it('counts only working hours of working days', () => {
    expect(wt.between(sh('2026-12-02 08:00'), sh('2026-12-02 20:00'))).toBe(9 * HOUR);
    expect(wt.between(sh('2026-12-02 10:00'), sh('2026-12-02 10:30'))).toBe(HOUR / 2);
    // Friday evening to Monday morning: nothing.
    expect(wt.between(sh('2026-12-04 18:00'), sh('2026-12-07 09:00'))).toBe(0);
    // Friday 17:00 to Monday 10:00: one hour each side.
    expect(wt.between(sh('2026-12-04 17:00'), sh('2026-12-07 10:00'))).toBe(2 * HOUR);
    expect(wt.between(sh('2026-12-07 10:00'), sh('2026-12-04 17:00'))).toBe(0);
  });

  it('skips the Spring Festival block and counts its make-up Saturdays', () => {
    // 02-13 Fri 17:00 → 02-14 (make-up) 9 h → 02-15..02-23 off → 02-24 09:00.
    expect(wt.between(sh('2026-02-13 17:00'), sh('2026-02-24 09:00'))).toBe(10 * HOUR);
    // The whole of February 2026: 20 weekdays, minus 02-16..02-20 and 02-23 off, plus 02-14 and 02-28 = 16 days.
    expect(wt.between(sh('2026-02-01 00:00'), sh('2026-03-01 00:00'))).toBe(16 * 9 * HOUR);
  });

  it('counts a provisional year: statutory days off, likely holidays still working', () => {
    // 2027: 除夕 02-05 (Fri) to 初三 02-08 (Mon) are statutory; 02-09 on are likely holidays, so working.
    expect(wt.between(sh('2027-02-04 17:00'), sh('2027-02-09 10:00'))).toBe(2 * HOUR);
    expect(wt.windowOf('2027-02-08')).toBeNull();
    expect(wt.windowOf('2027-02-09')).not.toBeNull();
  });

  it('matches the day-by-day count, is never negative, and adds up over consecutive spans', () => {
    fc.assert(
      fc.property(instant, instant, instant, (x, y, z) => {
        const [a, b, c] = [x, y, z].sort((p, q) => p - q) as [number, number, number];
        expect(wt.between(x, y)).toBeGreaterThanOrEqual(0);
        expect(wt.between(a, c)).toBe(naiveBetween(a, c));
        expect(wt.between(a, b) + wt.between(b, c)).toBe(wt.between(a, c));
      }),
      { numRuns: 300 },
    );
  });

  it('is the same from a fresh instance asked in any order (the prefix sum re-bases backwards)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(instant, instant), { minLength: 1, maxLength: 8 }), (spans) => {
        const fresh = createWorkingTime(calendar);
        for (const [a, b] of spans) expect(fresh.between(a, b)).toBe(wt.between(a, b));
      }),
      { numRuns: 100 },
    );
  });
});

describe('add', () => {
  it('moves through nights, weekends and holidays', () => {
    expect(wt.add(sh('2026-12-02 10:00'), 2 * HOUR)).toBe(sh('2026-12-02 12:00'));
    expect(wt.add(sh('2026-12-02 17:00'), HOUR)).toBe(sh('2026-12-02 18:00'));
    expect(wt.add(sh('2026-12-02 17:00'), 2 * HOUR)).toBe(sh('2026-12-03 10:00'));
    expect(wt.add(sh('2026-12-04 17:00'), 2 * HOUR)).toBe(sh('2026-12-07 10:00'));
    expect(wt.add(sh('2026-12-05 12:00'), 1)).toBe(sh('2026-12-07 09:00') + 1);
    expect(wt.add(sh('2026-02-14 17:00'), 2 * HOUR)).toBe(sh('2026-02-24 10:00'));
    expect(wt.add(sh('2026-12-05 12:00'), 0)).toBe(sh('2026-12-05 12:00'));
    expect(() => wt.add(sh('2026-12-02 10:00'), -1)).toThrow(RangeError);
  });

  it('inverts between, gives the earliest such instant, and lands inside a working window', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 60 * 9 * HOUR }), (from, ms) => {
        const t = wt.add(from, ms);
        expect(wt.between(from, t)).toBe(ms);
        if (ms === 0) expect(t).toBe(from);
        else {
          expect(wt.between(from, t - 1)).toBeLessThan(ms);
          const window = wt.windowOf(shanghaiDate(t - 1));
          expect(window).not.toBeNull();
          expect(t).toBeGreaterThan(window!.start);
          expect(t).toBeLessThanOrEqual(window!.end);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('fails plainly, rather than looping, when the calendar has no working day ahead', () => {
    const empty = createWorkingTime(createWorkCalendar([], { lastYear: 2026 }));
    expect(() => empty.add(sh('2026-12-31 17:00'), 2 * HOUR)).toThrow(RangeError);
  });
});

describe('deadline', () => {
  it('counts N working days after the day of acceptance, across the Spring Festival', () => {
    const at = sh('2026-02-13 17:00'); // Friday, during hours: 02-13 is the day of acceptance
    expect(wt.deadline(at, 0)).toBe(sh('2026-02-13 18:00'));
    expect(wt.deadline(at, 1)).toBe(sh('2026-02-14 18:00')); // the make-up Saturday counts
    expect(wt.deadline(at, 2)).toBe(sh('2026-02-24 18:00')); // 02-15..02-23 skipped
    expect(wt.deadline(at, 3)).toBe(sh('2026-02-25 18:00'));
    expect(wt.between(at, wt.deadline(at, 3))).toBe(28 * HOUR);
  });

  it('counts across National Day and its make-up days', () => {
    // 09-30 Wed; 10-01..10-07 off; 10-08 Thu, 10-09 Fri, 10-10 Sat (make-up), 10-12 Mon.
    expect(wt.deadline(sh('2026-09-30 10:00'), 3)).toBe(sh('2026-10-10 18:00'));
    expect(wt.deadline(sh('2026-09-30 10:00'), 4)).toBe(sh('2026-10-12 18:00'));
    // 09-19 Sat is off, 09-20 Sun is a make-up day: accepted Saturday counts from Sunday.
    expect(wt.deadline(sh('2026-09-19 11:00'), 0)).toBe(sh('2026-09-20 18:00'));
    expect(wt.deadline(sh('2026-09-19 11:00'), 1)).toBe(sh('2026-09-21 18:00'));
    // Mid-Autumn 09-25..09-27 (Fri–Sun): accepted Thursday, one day → Monday 09-28.
    expect(wt.deadline(sh('2026-09-24 15:00'), 1)).toBe(sh('2026-09-28 18:00'));
  });

  it('counts from the next working day when accepted after hours, and from the day itself before hours', () => {
    expect(wt.deadline(sh('2026-12-02 18:00'), 0)).toBe(sh('2026-12-03 18:00'));
    expect(wt.deadline(sh('2026-12-02 22:30'), 1)).toBe(sh('2026-12-04 18:00'));
    expect(wt.deadline(sh('2026-12-02 17:59'), 0)).toBe(sh('2026-12-02 18:00'));
    expect(wt.deadline(sh('2026-12-02 07:00'), 0)).toBe(sh('2026-12-02 18:00'));
    expect(wt.deadline(sh('2026-12-02 00:00'), 1)).toBe(sh('2026-12-03 18:00'));
    // Friday after hours and at the weekend both count from Monday.
    expect(wt.deadline(sh('2026-12-04 19:00'), 0)).toBe(sh('2026-12-07 18:00'));
    expect(wt.deadline(sh('2026-12-05 10:00'), 3)).toBe(sh('2026-12-10 18:00'));
    expect(wt.deadline(sh('2026-12-06 23:59'), 3)).toBe(sh('2026-12-10 18:00'));
  });

  it('places a half day after the whole days', () => {
    expect(wt.deadline(sh('2026-12-02 10:00'), 1.5)).toBe(sh('2026-12-04 13:30'));
    expect(wt.deadline(sh('2026-12-02 10:00'), 0.5)).toBe(sh('2026-12-03 13:30'));
    expect(wt.deadline(sh('2026-12-03 10:00'), 1.5)).toBe(sh('2026-12-07 13:30')); // over the weekend
    expect(wt.deadline(sh('2026-02-13 17:00'), 1.5)).toBe(sh('2026-02-24 13:30')); // over the Spring Festival
    expect(wt.deadline(sh('2026-09-30 10:00'), 3.5)).toBe(sh('2026-10-12 13:30'));
  });

  it('uses a provisional year: statutory days skipped, likely holidays worked', () => {
    // 2027-02-04 Thu; 02-05 除夕 and 02-08 初三 are statutory, 02-06/07 weekend; 02-09 (likely holiday) is worked.
    expect(wt.deadline(sh('2027-02-04 10:00'), 1)).toBe(sh('2027-02-09 18:00'));
    // 2027-10-01 (Fri) to 10-03 are statutory; 10-04 Mon is only likely, so worked.
    expect(wt.deadline(sh('2027-09-30 10:00'), 1)).toBe(sh('2027-10-04 18:00'));
  });

  it('always ends a working window, with N whole working days after the day of acceptance', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 40 }), (at, n) => {
        const d = wt.deadline(at, n);
        const window = wt.windowOf(shanghaiDate(d));
        expect(window?.end).toBe(d);
        // Accepted inside hours: the rest of today plus N days; otherwise exactly N + 1 whole days.
        const date = shanghaiDate(at);
        const today = wt.windowOf(date);
        const rest = today && at < today.end ? today.end - Math.max(at, today.start) : 9 * HOUR;
        expect(wt.between(at, d)).toBe(rest + n * 9 * HOUR);
      }),
      { numRuns: 300 },
    );
  });

  it('rejects negative or non-finite limits', () => {
    expect(() => wt.deadline(sh('2026-12-02 10:00'), -1)).toThrow(RangeError);
    expect(() => wt.deadline(sh('2026-12-02 10:00'), Number.NaN)).toThrow(RangeError);
  });
});

describe('speed', () => {
  it('answers 50,000 tickets (between + deadline over spans up to 400 days) on one instance', () => {
    const calendarForRun = createWorkCalendar([YEAR_2026]);
    const fresh = createWorkingTime(calendarForRun);
    // A seeded generator (mulberry32) keeps the run deterministic.
    let seed = 20261202;
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
      return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
    };
    const limits = [0, 1.5, 3, 3.5, 7];
    const runs: { from: number; to: number; spent: number; due: number }[] = [];
    // eslint-disable-next-line no-restricted-properties -- a test timing itself for the log, not core reading a clock
    const start = performance.now();
    for (let i = 0; i < 50_000; i++) {
      const from = sh('2025-06-01 00:00') + Math.floor(random() * 600 * DAY);
      const to = from + Math.floor(random() * 400 * DAY);
      runs.push({ from, to, spent: fresh.between(from, to), due: fresh.deadline(from, limits[i % 5]!) });
    }
    // eslint-disable-next-line no-restricted-properties -- as above
    console.log(`50,000 between + deadline: ${(performance.now() - start).toFixed(0)} ms`);
    let checked = 0;
    runs.forEach(({ from, to, spent, due }, i) => {
      expect(spent).toBeLessThanOrEqual(to - from);
      expect(due).toBeGreaterThan(from);
      const window = wt.windowOf(shanghaiDate(due));
      if (Number.isInteger(limits[i % 5])) expect(window?.end).toBe(due);
      else expect(due - window!.start).toBe(4.5 * HOUR); // a half day into its window
      if (i % 500 === 0) {
        expect(spent).toBe(naiveBetween(from, to));
        expect(due).toBe(wt.deadline(from, limits[i % 5]!));
        checked++;
      }
    });
    expect(checked).toBe(100);
  });
});
