import { describe, expect, it } from 'vitest';
import { defaultHorizonEnd, replanScope } from './horizon.ts';

describe('planning horizons', () => {
  it('ends the day before the same date months later', () => {
    expect(defaultHorizonEnd('2026-11-23', 12)).toBe('2027-11-22');
    expect(defaultHorizonEnd('2026-01-31', 1)).toBe('2026-02-27');
  });

  it('re-plans to the last run’s horizon with its choice about unknown years', () => {
    expect(replanScope({ horizonTo: '2027-06-30', allowUnknownYears: true }, '2026-12-01')).toEqual({
      horizon: { from: '2026-12-01', to: '2027-06-30' },
      allowUnknownYears: true,
    });
  });

  it('re-plans twelve months when no run reaches today', () => {
    expect(replanScope(undefined, '2026-12-01')).toEqual({
      horizon: { from: '2026-12-01', to: '2027-11-30' },
      allowUnknownYears: false,
    });
    expect(replanScope({ horizonTo: '2026-11-30', allowUnknownYears: true }, '2026-12-01').horizon.to).toBe(
      '2027-11-30',
    );
  });
});
