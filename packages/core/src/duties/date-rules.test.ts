import { describe, expect, it } from 'vitest';
import { createWorkCalendar } from '../calendar/work-calendar.ts';
import { formatMessage } from '../result.ts';
import { checkDutyDate } from './date-rules.ts';

const rules = (years: Parameters<typeof createWorkCalendar>[0]) => ({
  calendar: createWorkCalendar(years),
  workingDayOnly: true,
  allowUnknownYears: false,
  window: { from: '2026-12-01', to: '2027-12-31' },
});

describe('a reception date on a holiday', () => {
  it('names the holiday, and marks it provisional in one bracket while the year’s notice is not out', () => {
    const problem = checkDutyDate('2027-01-01', rules([]))!;
    expect(problem.code).toBe('DATE_NOT_WORKING_DAY');
    expect(formatMessage(problem.code, 'zh-CN', problem.params)).toBe(
      '2027-01-01 是法定节假日（元旦，暂定），接待日只能安排在工作日（含调休上班日）。',
    );
    expect(formatMessage(problem.code, 'en', problem.params)).toContain("public holiday (New Year's Day, provisional)");
  });

  it('reads as a plain holiday once the notice is in', () => {
    const problem = checkDutyDate(
      '2027-01-01',
      rules([{ year: 2027, source: 'notice', days: [{ date: '2027-01-01', kind: 'holiday', name: '元旦' }] }]),
    )!;
    expect(formatMessage(problem.code, 'zh-CN', problem.params)).toBe(
      '2027-01-01 是法定节假日（元旦），接待日只能安排在工作日（含调休上班日）。',
    );
  });
});
