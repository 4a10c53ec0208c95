import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDaysIso } from '../calendar/dates.ts';
import { checkVisitDate, visitDateWindow } from './visits.ts';

const now = { date: '2026-11-23', clock: '10:00' };

describe('visit dates', () => {
  it('a visit without a duty or booking looks back a set number of days', () => {
    expect(visitDateWindow(null, '2026-11-23', 30)).toEqual({ from: '2026-10-24', to: '2026-11-23' });
    expect(visitDateWindow({ from: '2026-01-01', to: '2026-03-31' }, '2026-11-23', 30)).toEqual({
      from: '2026-01-01',
      to: '2026-03-31',
    });
  });

  it('refuses the future, to the minute, and dates outside the window', () => {
    const window = visitDateWindow(null, now.date, 30);
    expect(checkVisitDate({ visitedOn: '2026-11-23', visitedAt: '09:59' }, window, now).ok).toBe(true);
    expect(checkVisitDate({ visitedOn: '2026-11-23', visitedAt: '10:01' }, window, now)).toMatchObject({
      ok: false,
      error: { code: 'VISIT_IN_FUTURE' },
    });
    expect(checkVisitDate({ visitedOn: '1999-01-01', visitedAt: '09:00' }, window, now)).toEqual({
      ok: false,
      error: {
        code: 'DATE_OUTSIDE_WINDOW',
        params: { from: '2026-10-24', to: '2026-11-23' },
        fields: { visitedOn: 'DATE_OUTSIDE_WINDOW' },
      },
    });
    // A duty whose window has passed still takes its visit on one of its own days.
    expect(
      checkVisitDate({ visitedOn: '2026-02-10', visitedAt: '15:00' }, { from: '2026-02-01', to: '2026-02-28' }, now).ok,
    ).toBe(true);
  });

  it('accepts exactly the look-back days up to today', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 366 }), fc.integer({ min: -400, max: 5 }), (lookback, offset) => {
        const visitedOn = addDaysIso(now.date, offset);
        const verdict = checkVisitDate(
          { visitedOn, visitedAt: '08:00' },
          visitDateWindow(null, now.date, lookback),
          now,
        );
        expect(verdict.ok).toBe(offset <= 0 && offset >= -lookback);
      }),
    );
  });
});
