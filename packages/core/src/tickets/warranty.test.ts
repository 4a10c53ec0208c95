import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDaysIso } from '../calendar/dates.ts';
import {
  DEFAULT_WARRANTY_PERIODS,
  describeWarrantyPeriod,
  WARRANTY_KINDS,
  WARRANTY_KIND_LABELS,
  warrantyEndsOn,
  warrantyVerdict,
} from './warranty.ts';

describe('warranty', () => {
  it('ends years-long periods the day before the anniversary', () => {
    expect(warrantyEndsOn('2021-06-30', DEFAULT_WARRANTY_PERIODS.waterproofing)).toBe('2026-06-29');
    expect(warrantyEndsOn('2024-12-01', DEFAULT_WARRANTY_PERIODS.decoration)).toBe('2026-11-30');
    expect(warrantyEndsOn('2024-01-01', DEFAULT_WARRANTY_PERIODS.installation)).toBe('2025-12-31');
  });

  it('ends seasons on the count-th season end strictly after completion', () => {
    const p = DEFAULT_WARRANTY_PERIODS.heating_cooling;
    expect(warrantyEndsOn('2024-10-01', p)).toBe('2026-03-15');
    expect(warrantyEndsOn('2024-03-15', p)).toBe('2026-03-15');
    expect(warrantyEndsOn('2024-03-14', p)).toBe('2025-03-15');
  });

  it('judges a report in, out of, or without a known warranty', () => {
    const p = DEFAULT_WARRANTY_PERIODS.decoration;
    expect(warrantyVerdict('2024-12-01', p, '2026-11-30')).toEqual({ status: 'in_warranty', endsOn: '2026-11-30' });
    expect(warrantyVerdict('2024-12-01', p, '2026-12-01')).toEqual({ status: 'out_of_warranty', endsOn: '2026-11-30' });
    expect(warrantyVerdict(null, p, '2026-12-01')).toEqual({ status: 'unknown', endsOn: null });
    expect(warrantyVerdict('2024-12-01', null, '2026-12-01')).toEqual({ status: 'unknown', endsOn: null });
  });

  it('covers every day from completion to the end, and none after', () => {
    const date = fc
      .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(date, fc.constantFrom(...WARRANTY_KINDS), (completed, kind) => {
        const period = DEFAULT_WARRANTY_PERIODS[kind];
        const end = warrantyEndsOn(completed, period);
        expect(end > completed).toBe(true);
        expect(warrantyVerdict(completed, period, completed).status).toBe('in_warranty');
        expect(warrantyVerdict(completed, period, end).status).toBe('in_warranty');
        expect(warrantyVerdict(completed, period, addDaysIso(end, 1)).status).toBe('out_of_warranty');
      }),
    );
  });

  it('describes periods in both languages', () => {
    expect(describeWarrantyPeriod(DEFAULT_WARRANTY_PERIODS.waterproofing)).toEqual({ zh: '5年', en: '5 years' });
    expect(describeWarrantyPeriod(DEFAULT_WARRANTY_PERIODS.heating_cooling)).toEqual({
      zh: '2个采暖期/供冷期',
      en: '2 heating or cooling seasons',
    });
    for (const kind of WARRANTY_KINDS) expect(WARRANTY_KIND_LABELS[kind].zh).not.toBe('');
  });
});
