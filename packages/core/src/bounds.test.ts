import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { appraisalPeriodField, scoreExportQuery } from './appraisal/schemas.ts';
import {
  clampDateRange,
  clampMonthRange,
  codedIssue,
  dateRange,
  dateSpanWithin,
  isoDate,
  isProductYear,
  MAX_SPAN_MONTHS,
  monthKey,
  monthSpanWithin,
  YEARS,
} from './bounds.ts';
import { addDaysIso, addMonthsIso, isIsoDate } from './calendar/dates.ts';
import { parsePeriodKey } from './calendar/periods.ts';
import { myVisitsQuery, responsesQuery } from './forms/visits.ts';
import { formatMessage } from './result.ts';
import { analysisQuery } from './rollup/schemas.ts';
import { complianceQuery, exportQuery, myDutiesQuery, scheduleRunInput, yearParam } from './schemas-duties.ts';

/** The first coded issue of a refused value, as the API would word it. */
function refusal(schema: z.ZodType, value: unknown, locale: 'zh-CN' | 'en' = 'en') {
  const result = schema.safeParse(value);
  if (result.success) return undefined;
  const issue = result.error.issues[0]!;
  const coded = codedIssue(issue);
  return {
    path: issue.path.join('.'),
    code: coded?.code,
    message: coded ? formatMessage(coded.code, locale, coded.params) : issue.message,
  };
}

const anyDate = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

describe('the product’s years', () => {
  it('accept dates, months and periods from 2000 to 2099 and nothing outside', () => {
    for (const good of ['2000-01-01', '2026-11-23', '2099-12-31']) expect(isoDate.safeParse(good).success).toBe(true);
    for (const bad of [
      '1999-12-31',
      '2100-01-01',
      '0001-01-01',
      '0000-01-01',
      '9999-12-31',
      '10000-01-01',
      '2026-02-30',
      '',
      '２０２６-01-01',
    ]) {
      expect(isoDate.safeParse(bad).success).toBe(false);
    }
    for (const good of ['2000-01', '2099-12']) expect(monthKey.safeParse(good).success).toBe(true);
    for (const bad of ['1999-12', '2100-01', '0001-01', '9999-12', '2026-13', '2026-1'])
      expect(monthKey.safeParse(bad).success).toBe(false);
    for (const bad of ['9999-Y1', '0000-Y1', '9999-Q4', '1999-M12', '2100-H1'])
      expect(parsePeriodKey(bad)).toBeUndefined();
    expect(parsePeriodKey('2099-Q4')).toMatchObject({ from: '2099-10-01', to: '2099-12-31' });
    expect(yearParam.safeParse({ year: '2100' }).success).toBe(false);
    expect(yearParam.safeParse({ year: '2099' }).success).toBe(true);
  });

  it('say which years in the caller’s language', () => {
    expect(refusal(isoDate, '0001-01-01')).toEqual({
      path: '',
      code: 'YEAR_OUT_OF_RANGE',
      message: 'The year must be from 2000 to 2099.',
    });
    expect(refusal(isoDate, '0001-01-01', 'zh-CN')?.message).toBe('年份须在 2000–2099 之间。');
    expect(refusal(isoDate, 'yesterday')?.code).toBe('CALENDAR_BAD_DATE');
    expect(refusal(complianceQuery, { period: '9999-Y1' })).toMatchObject({
      path: 'period',
      code: 'DUTY_PERIOD_INVALID',
    });
    expect(refusal(exportQuery, { period: '0000-Y1' })?.code).toBe('DUTY_PERIOD_INVALID');
    expect(refusal(scoreExportQuery, { period: '9999-Q4' })).toMatchObject({ path: 'period', code: 'PERIOD_INVALID' });
    expect(refusal(appraisalPeriodField, '2026-Q4')).toBeUndefined();
  });

  it('every valid date in range has a product year, and every date the schema accepts is one', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_999 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 28 }),
        (y, m, d) => {
          const text = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
          expect(isoDate.safeParse(text).success).toBe(isIsoDate(text) && isProductYear(y));
        },
      ),
    );
  });
});

describe('range spans', () => {
  it('count months inclusively', () => {
    expect(monthSpanWithin('2024-01', '2026-12', 36)).toBe(true);
    expect(monthSpanWithin('2024-01', '2027-01', 36)).toBe(false);
    expect(dateSpanWithin('2026-01-15', '2026-04-14', 3)).toBe(true);
    expect(dateSpanWithin('2026-01-15', '2026-04-15', 3)).toBe(false);
  });

  it('refuse inverted and too long ranges on `to`, with the limit in the message', () => {
    expect(refusal(analysisQuery, { from: '2001-01', to: '2099-12' })).toEqual({
      path: 'to',
      code: 'RANGE_TOO_LONG',
      message: 'The range can span at most 36 months.',
    });
    expect(refusal(analysisQuery, { from: '2026-05', to: '2026-04' }, 'zh-CN')).toEqual({
      path: 'to',
      code: 'RANGE_INVERTED',
      message: '结束不能早于开始。',
    });
    expect(refusal(analysisQuery, { from: '2024-01', to: '2026-12' })).toBeUndefined();
    expect(refusal(myDutiesQuery, { from: '2026-01-01', to: '2028-01-01' })?.code).toBe('RANGE_TOO_LONG');
    expect(refusal(myDutiesQuery, { from: '2026-01-01' })).toBeUndefined();
    expect(refusal(responsesQuery, { from: '2026-01-02', to: '2026-01-01' })?.code).toBe('RANGE_INVERTED');
    expect(refusal(myVisitsQuery, { from: '2000-01-01', to: '2099-12-31' })?.code).toBe('RANGE_TOO_LONG');
  });

  it('a range check does not run on a refused end', () => {
    const result = analysisQuery.safeParse({ from: '0001-01', to: '9999-12' });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => codedIssue(i)?.code)).toEqual(['YEAR_OUT_OF_RANGE', 'YEAR_OUT_OF_RANGE']);
  });

  it('accept exactly the ranges within the limit', () => {
    const schema = z.object({ from: isoDate, to: isoDate }).superRefine(dateRange(12));
    fc.assert(
      fc.property(anyDate, fc.integer({ min: -40, max: 800 }), (from, days) => {
        const to = addDaysIso(from, days);
        const ok = schema.safeParse({ from, to }).success;
        expect(ok).toBe(isProductYear(Number(to.slice(0, 4))) && days >= 0 && to < addMonthsIso(from, 12));
      }),
    );
  });

  it('a planning horizon ends by the last product year', () => {
    expect(scheduleRunInput.safeParse({ from: '2099-01-01', months: 12 }).success).toBe(true);
    expect(refusal(scheduleRunInput, { from: '2099-06-01', months: 12 })).toMatchObject({
      path: 'months',
      code: 'YEAR_OUT_OF_RANGE',
    });
    expect(scheduleRunInput.safeParse({ months: 24 }).success).toBe(true);
  });
});

describe('clamping for screens', () => {
  it('keeps the end and moves the start of a long range, and drops ends outside the years', () => {
    expect(clampMonthRange('2020-01', '2026-11', 36)).toEqual({ from: '2023-12', to: '2026-11' });
    expect(clampMonthRange('2026-12', '2026-11', 36)).toEqual({ from: '2026-11', to: '2026-11' });
    expect(clampDateRange({ from: '0001-01-01', to: '2026-11-23' }, 36)).toEqual({ to: '2026-11-23' });
    expect(clampDateRange({ from: '2020-01-01', to: '2026-11-23' }, 36)).toEqual({
      from: '2023-11-24',
      to: '2026-11-23',
    });
    expect(clampDateRange({}, 36)).toEqual({});
  });

  it('whatever comes in, what goes out passes the schema', () => {
    const text = fc.oneof(
      anyDate,
      fc.constantFrom('0001-01-01', '9999-12-31', '1999-12-31', '2100-01-01', 'x', ''),
      fc.constant(undefined),
    );
    fc.assert(
      fc.property(text, text, (from, to) => {
        const range = clampDateRange({ from, to }, MAX_SPAN_MONTHS.responses);
        expect(responsesQuery.safeParse(range).success).toBe(true);
      }),
    );
    const month = fc
      .integer({ min: YEARS.min * 12, max: YEARS.max * 12 + 11 })
      .map((i) => `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
    fc.assert(
      fc.property(month, month, (from, to) => {
        expect(analysisQuery.safeParse(clampMonthRange(from, to, MAX_SPAN_MONTHS.analysis)).success).toBe(true);
      }),
    );
  });
});
