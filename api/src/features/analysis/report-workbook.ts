import { PLAN_KIND_LABELS, PLAN_STATUS_LABELS, type Locale } from '@frontline/core';
import type { DefectReport } from './service.ts';
import { writeXlsx, type XlsxCell } from '../../reports/off-thread.ts';
import { headerCells as header, numberCell as num, textCell as text } from '../../reports/tabular.ts';
import { figureCells, FIGURE_HEADS } from '../ticket-indicators/workbook.ts';

/**
 * The monthly defect report as a workbook: one sheet per section, headed in
 * the reader's language. Cells are typed (numbers stay numbers), and text is
 * written as neutralised text cells, which spreadsheets never evaluate.
 */
const HEAD = {
  'zh-CN': {
    sheets: ['概览', '主要问题', '新增共性问题', '方案进展', '逾期措施', '投诉报修'],
    summary: ['区域', '月份', '截至', '拜访数', '问题条数', '平均满意度 (1–5)', '满意率', 'NPS'],
    top: ['问题类别', '本月', '上月', '变化'],
    issues: ['编号', '共性问题', '类别', '涉及户数', '项目', '首次反映'],
    plans: ['编号', '方案', '类型', '状态', '负责人', '项目', '措施完成', '逾期措施', '关闭日期'],
    overdue: ['方案', '措施', '负责人', '到期日'],
    complaintScope: '范围',
    region: '全区域',
  },
  en: {
    sheets: ['Summary', 'Top issues', 'New common issues', 'Plans', 'Overdue actions', 'Complaints and repairs'],
    summary: ['Region', 'Month', 'As of', 'Visits', 'Issue items', 'Average rating (1–5)', 'Satisfied share', 'NPS'],
    top: ['Category', 'This month', 'Last month', 'Change'],
    issues: ['No.', 'Common issue', 'Category', 'Households', 'Projects', 'First reported'],
    plans: ['No.', 'Plan', 'Kind', 'Status', 'Owner', 'Project', 'Actions done', 'Overdue actions', 'Closed on'],
    overdue: ['Plan', 'Action', 'Owner', 'Due'],
    complaintScope: 'Scope',
    region: 'Whole region',
  },
} as const;

type Cell = XlsxCell;

export function defectReportWorkbook(r: DefectReport, locale: Locale): Promise<Uint8Array<ArrayBuffer>> {
  const h = HEAD[locale];
  const lang = locale === 'en' ? 'en' : 'zh';
  const sheets: Cell[][][] = [
    [
      header(h.summary),
      [
        text(r.region.name),
        text(r.month),
        text(r.asOf),
        num(r.summary.visits),
        num(r.summary.issues),
        num(r.summary.average, '0.00'),
        num(r.summary.satisfiedShare, '0.0%'),
        num(r.summary.nps, '0.0'),
      ],
    ],
    [
      header(h.top),
      ...r.topIssues.map((t) => [text(t.label[lang]), num(t.current), num(t.previous), num(t.current - t.previous)]),
    ],
    [
      header(h.issues),
      ...r.newCommonIssues.map((i) => [
        num(i.id),
        text(i.title),
        text(i.categoryLabel[lang]),
        num(i.households),
        text(i.projects.join('、')),
        text(i.firstReported),
      ]),
    ],
    [
      header(h.plans),
      ...r.plans.map((p) => [
        num(p.id),
        text(p.title),
        text(PLAN_KIND_LABELS[p.kind][lang]),
        text(PLAN_STATUS_LABELS[p.status][lang]),
        text(p.ownerName),
        text(p.projectName),
        text(`${p.actionsDone}/${p.actions}`),
        num(p.actionsOverdue),
        text(p.closedOn),
      ]),
    ],
    [header(h.overdue), ...r.overdue.map((a) => [text(a.planTitle), text(a.title), text(a.ownerName), text(a.dueOn)])],
    [
      header([h.complaintScope, ...FIGURE_HEADS[locale]]),
      [text(h.region), ...figureCells(r.complaints.indicators)],
      ...r.complaints.byProject.map((p) => [text(p.projectName), ...figureCells(p)]),
    ],
  ];
  return writeXlsx(sheets.map((data, i) => ({ data, sheet: h.sheets[i]! })));
}
