import {
  LINE_LABELS,
  POSITION_LABELS,
  SCORE_COMPONENT_LABELS,
  SCORE_COMPONENTS,
  type AppraisalPeriod,
  type Locale,
  type ScoreComponent,
} from '@frontline/core';
import type { Table } from '../../reports/tabular.ts';
import type { PeriodState, ScoreRow } from './scoring.ts';

/**
 * The HR export: one row per person and period, with each component, the
 * score as computed (frozen once closed), HR's adjustment, the total, the
 * rank in its group, the scheme version and the period. Work data only —
 * never a customer's details.
 */
const HEAD = {
  'zh-CN': [
    '工号',
    '姓名',
    '条线',
    '岗位',
    '区域',
    '项目',
    '计算得分',
    '调整',
    '总分',
    '排名',
    '同组人数',
    '方案版本',
    '期间',
    '状态',
  ],
  en: [
    'Employee no.',
    'Name',
    'Line',
    'Position',
    'Region',
    'Project',
    'Computed score',
    'Adjustment',
    'Total',
    'Rank',
    'Ranked in group',
    'Scheme version',
    'Period',
    'Status',
  ],
} as const;
const STATUS = {
  'zh-CN': { open: '暂定（未关账）', closed: '已关账' },
  en: { open: 'provisional (open)', closed: 'closed' },
} as const;

const round2 = (x: number | null) => (x === null ? null : Math.round(x * 100) / 100);

/** The components that appear in any row, in the catalogue's order. */
function componentsIn(rows: readonly ScoreRow[]): ScoreComponent[] {
  const seen = new Set(rows.flatMap((r) => r.components.map((c) => c.kind)));
  return SCORE_COMPONENTS.filter((k) => seen.has(k));
}

export function scoresTable(
  period: AppraisalPeriod,
  state: PeriodState,
  rows: readonly ScoreRow[],
  locale: Locale,
): Table {
  const lang = locale === 'en' ? 'en' : 'zh';
  const kinds = componentsIn(rows);
  const h = HEAD[locale];
  const header = [...h.slice(0, 6), ...kinds.map((k) => SCORE_COMPONENT_LABELS[k][lang]), ...h.slice(6)];
  return {
    header,
    rows: rows.map((r) => [
      r.employeeNo,
      r.name,
      r.line ? LINE_LABELS[r.line][lang] : '',
      POSITION_LABELS[r.position][lang],
      r.regionName ?? '',
      r.projectName ?? '',
      ...kinds.map((k) => round2(r.components.find((c) => c.kind === k)?.value ?? null)),
      round2(r.total),
      r.adjustment === 0 ? null : round2(r.adjustment),
      round2(r.final),
      r.rank,
      r.rank === null ? null : r.of,
      r.version,
      period.name,
      STATUS[locale][state.status],
    ]),
  };
}

/** The same rows for machines: stable English keys, exact figures. */
export function scoresJson(period: AppraisalPeriod, state: PeriodState, rows: readonly ScoreRow[]) {
  return {
    period: period.name,
    from: period.from,
    to: period.to,
    status: state.status,
    asOf: state.asOf,
    rows: rows.map((r) => ({
      employeeNo: r.employeeNo,
      name: r.name,
      line: r.line,
      position: r.position,
      region: r.regionName,
      project: r.projectName,
      components: Object.fromEntries(r.components.map((c) => [c.kind, c.value])),
      computed: r.total,
      adjustment: r.adjustment,
      total: r.final,
      rank: r.rank,
      rankedInGroup: r.rank === null ? null : r.of,
      schemeVersion: r.version,
      period: period.name,
    })),
  };
}
