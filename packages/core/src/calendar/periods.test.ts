import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDaysIso } from './dates.ts';
import { lastEndedPeriod, PERIOD_KINDS, periodOf } from './periods.ts';

const day = fc.integer({ min: 0, max: 3650 }).map((n) => addDaysIso('2024-01-01', n));

describe('the last ended period', () => {
  it('is the month before on any day of a month, and last year’s December in January', () => {
    expect(lastEndedPeriod('2026-12-02', 'month').key).toBe('2026-M11');
    expect(lastEndedPeriod('2026-12-31', 'month').key).toBe('2026-M11');
    expect(lastEndedPeriod('2027-01-01', 'month').key).toBe('2026-M12');
    expect(lastEndedPeriod('2026-12-02', 'quarter').key).toBe('2026-Q3');
  });

  it('has ended before today and is the period right before today’s', () => {
    fc.assert(
      fc.property(day, fc.constantFrom(...PERIOD_KINDS), (today, kind) => {
        const last = lastEndedPeriod(today, kind);
        expect(last.to < today).toBe(true);
        expect(addDaysIso(last.to, 1)).toBe(periodOf(today, kind).from);
      }),
    );
  });
});
