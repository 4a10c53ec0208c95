import type { Locale, TicketIndicators } from '@frontline/core';
import { writeXlsx, type XlsxCell } from '../../reports/off-thread.ts';
import { headerCells as header, numberCell as num, textCell as text } from '../../reports/tabular.ts';
import type { IndicatorsView } from './service.ts';

/**
 * The complaint-handling indicators as a workbook: the period, its trend,
 * its projects and its backlog, one sheet each, headed in the reader's
 * language. Rates are numbers formatted as percentages.
 */
const HEAD = {
  'zh-CN': {
    sheets: ['概览', '趋势', '分项目', '积压'],
    scope: ['月份', '区域', '项目'],
    figures: [
      '关闭数',
      '答复关闭数',
      '及时关闭率',
      '一次性关闭率',
      '回访率',
      '首次响应及时率',
      '重开率',
      '平均关闭时长(工作日)',
    ],
    month: '月份',
    project: '项目',
    backlog: ['账龄', '未关闭数'],
    all: '全部',
  },
  en: {
    sheets: ['Summary', 'Trend', 'By project', 'Backlog'],
    scope: ['Month', 'Region', 'Project'],
    figures: [
      'Closed',
      'Answered and closed',
      'Timely close rate',
      'First-time close rate',
      'Follow-up rate',
      'First response on time',
      'Reopen rate',
      'Average working days to close',
    ],
    month: 'Month',
    project: 'Project',
    backlog: ['Age', 'Open tickets'],
    all: 'All',
  },
} as const;

type Cell = XlsxCell;

/** The figures' column heads, in figureCells' order. */
export const FIGURE_HEADS = { 'zh-CN': HEAD['zh-CN'].figures, en: HEAD.en.figures } as const;

export const figureCells = (i: TicketIndicators): Cell[] => [
  num(i.closed),
  num(i.dismissed),
  num(i.timelyCloseRate, '0.0%'),
  num(i.firstTimeCloseRate, '0.0%'),
  num(i.followUpRate, '0.0%'),
  num(i.firstResponseOnTimeRate, '0.0%'),
  num(i.reopenRate, '0.0%'),
  num(i.averageWorkingDaysToClose, '0.00'),
];

export function indicatorsWorkbook(v: IndicatorsView, locale: Locale): Promise<Uint8Array<ArrayBuffer>> {
  const h = HEAD[locale];
  const lang = locale === 'en' ? 'en' : 'zh';
  const sheets: Cell[][][] = [
    [
      header([...h.scope, ...h.figures]),
      [
        text(v.period),
        text(v.scope.regionName ?? h.all),
        text(v.scope.projectName ?? h.all),
        ...figureCells(v.indicators),
      ],
    ],
    [header([h.month, ...h.figures]), ...v.trend.map((t) => [text(t.month), ...figureCells(t)])],
    [header([h.project, ...h.figures]), ...v.byProject.map((p) => [text(p.projectName), ...figureCells(p)])],
    [header(h.backlog), ...v.backlog.map((b) => [text(b.label[lang]), num(b.count)])],
  ];
  return writeXlsx(sheets.map((data, i) => ({ data, sheet: h.sheets[i]! })));
}
