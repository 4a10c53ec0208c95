import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { onTimeRate, type ComplianceCounts } from './compliance.ts';

/** Counts as the board reads them: every assigned duty is done (on time or late), missed, excused or open. */
const counts = fc
  .record({ onTime: fc.nat(50), late: fc.nat(50), missed: fc.nat(50), excused: fc.nat(50), open: fc.nat(50) })
  .map(({ onTime, late, missed, excused, open }): ComplianceCounts => ({
    assigned: onTime + late + missed + excused + open,
    done: onTime + late,
    onTime,
    missed,
    excused,
    open,
  }));

describe('the on-time rate', () => {
  it('counts only decided duties: a month just begun with everything open has no rate, not 0%', () => {
    expect(onTimeRate({ assigned: 12, done: 0, onTime: 0, missed: 0, excused: 0, open: 12 })).toBeNull();
    expect(onTimeRate({ assigned: 12, done: 1, onTime: 1, missed: 0, excused: 0, open: 11 })).toBe(1);
    expect(onTimeRate({ assigned: 4, done: 1, onTime: 1, missed: 1, excused: 1, open: 1 })).toBe(0.5);
  });

  it('is between 0 and 1, and null exactly when nothing is done or missed', () => {
    fc.assert(
      fc.property(counts, (c) => {
        const rate = onTimeRate(c);
        if (c.done + c.missed === 0) return rate === null;
        return rate !== null && rate >= 0 && rate <= 1;
      }),
    );
  });

  it('open and excused duties never move it', () => {
    fc.assert(
      fc.property(counts, fc.nat(20), fc.nat(20), (c, moreOpen, moreExcused) => {
        const more = {
          ...c,
          assigned: c.assigned + moreOpen + moreExcused,
          open: c.open + moreOpen,
          excused: c.excused + moreExcused,
        };
        return onTimeRate(more) === onTimeRate(c);
      }),
    );
  });

  it('a missed duty lowers it and an on-time one raises it', () => {
    fc.assert(
      fc.property(counts, (c) => {
        fc.pre(c.done + c.missed > 0);
        const base = onTimeRate(c)!;
        const missedOne = onTimeRate({ ...c, assigned: c.assigned + 1, missed: c.missed + 1 })!;
        const onTimeOne = onTimeRate({ ...c, assigned: c.assigned + 1, done: c.done + 1, onTime: c.onTime + 1 })!;
        return missedOne <= base && onTimeOne >= base;
      }),
    );
  });
});
