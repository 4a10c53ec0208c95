import { complianceRowLabel, onTimeRate, type ComplianceGroup, type Locale } from '@frontline/core';
import type { ComplianceRow } from '@frontline/db';

/** The board as a spreadsheet: a row per group, the counts and the on-time rate, headed in the caller's language. */
const HEAD = {
  'zh-CN': {
    group: { region: '区域', project: '项目', line: '条线', person: '员工' },
    no: '工号',
    cols: ['应完成', '已完成', '按时完成', '逾期未完成', '已免除', '进行中', '按时完成率'],
  },
  en: {
    group: { region: 'Region', project: 'Project', line: 'Line', person: 'Person' },
    no: 'Employee no.',
    cols: ['Assigned', 'Done', 'Done on time', 'Missed', 'Excused', 'Open', 'On-time rate'],
  },
} as const;

export function complianceTable(rows: readonly ComplianceRow[], groupBy: ComplianceGroup, locale: Locale) {
  const head = HEAD[locale];
  const header = [head.group[groupBy], ...(groupBy === 'person' ? [head.no] : []), ...head.cols];
  const body = rows.map((r) => {
    const rate = onTimeRate(r);
    return [
      complianceRowLabel(r, groupBy, locale),
      ...(groupBy === 'person' ? [r.employeeNo ?? ''] : []),
      r.assigned,
      r.done,
      r.onTime,
      r.missed,
      r.excused,
      r.open,
      rate === null ? '' : `${(rate * 100).toFixed(1)}%`,
    ];
  });
  return { header, rows: body };
}
