import {
  addMonths,
  indicatorsOf,
  monthRangeDates,
  type IsoDate,
  type Label,
  type MonthKey,
  type PlanStatus,
  type TicketIndicators,
} from '@frontline/core';
import {
  analysisView,
  getRegion,
  listImprovementPlans,
  overdueActions,
  ticketMonthlyView,
  type Db,
  type ImprovementPlanSummary,
  type OverdueAction,
} from '@frontline/db';
import { listCommonIssuesIn } from '../common-issues/service.ts';

/**
 * The monthly product-defect feedback report (产品缺陷反馈报告) of a region:
 * the month's figures and top issue categories against the month before, the
 * common issues confirmed that month, where every plan stands, and the
 * actions overdue at the report's date.
 */
export type DefectReport = {
  region: { id: number; name: string };
  month: MonthKey;
  asOf: IsoDate;
  summary: {
    visits: number;
    issues: number;
    average: number | null;
    satisfiedShare: number | null;
    nps: number | null;
  };
  topIssues: { categoryId: number; label: Label; current: number; previous: number }[];
  newCommonIssues: {
    id: number;
    title: string;
    categoryLabel: Label;
    households: number;
    projects: string[];
    firstReported: IsoDate | null;
  }[];
  plans: ImprovementPlanSummary[];
  planCounts: Partial<Record<PlanStatus, number>>;
  overdue: OverdueAction[];
  /** Complaints and repairs (投诉报修) of the month: the region's indicators and each project's. */
  complaints: {
    indicators: TicketIndicators;
    byProject: ({ projectId: number; projectName: string } & TicketIndicators)[];
  };
};

/** Midnight in Shanghai of a date, as epoch ms (review times are stored as instants). */
function shanghaiMidnight(date: IsoDate): number {
  return Date.parse(`${date}T00:00:00+08:00`);
}

export async function defectReport(
  db: Db,
  regionId: number,
  month: MonthKey,
  today: IsoDate,
): Promise<DefectReport | undefined> {
  const found = await getRegion(db, regionId);
  if (!found) return undefined;
  const region = { id: found.id, name: found.name };
  const { from, to } = monthRangeDates(month, month);
  const asOf = today < to ? today : to;
  const view = await analysisView(db, { from: month, to: month, regionIds: [regionId] });
  const start = shanghaiMidnight(from);
  const end = shanghaiMidnight(`${addMonths(month, 1)}-01`);
  const confirmed = (await listCommonIssuesIn(db, { status: 'confirmed', regionIds: [regionId] })).filter(
    (c) => c.reviewedAt !== null && c.reviewedAt >= start && c.reviewedAt < end,
  );
  const plans = (await listImprovementPlans(db, { regionIds: [regionId] }, asOf)).filter(
    (p) => p.status !== 'closed' || (p.closedOn !== null && p.closedOn >= from),
  );
  const tickets = await ticketMonthlyView(db, { regionIds: [regionId] }, month, month);
  const planCounts: Partial<Record<PlanStatus, number>> = {};
  for (const p of plans) planCounts[p.status] = (planCounts[p.status] ?? 0) + 1;
  return {
    region,
    month,
    asOf,
    summary: {
      visits: view.summary.visits,
      issues: view.summary.issues,
      average: view.summary.average,
      satisfiedShare: view.summary.satisfiedShare,
      nps: view.summary.nps,
    },
    topIssues: view.topCategories.map(({ categoryId, label, current, previous }) => ({
      categoryId,
      label,
      current,
      previous,
    })),
    newCommonIssues: confirmed.map((c) => ({
      id: c.id,
      title: c.title,
      categoryLabel: c.categoryLabel,
      households: c.households,
      projects: c.projects.filter((p) => p.regionId === regionId).map((p) => p.name),
      firstReported: c.firstReported,
    })),
    plans,
    planCounts,
    overdue: await overdueActions(db, asOf, { regionIds: [regionId] }),
    complaints: {
      indicators: indicatorsOf(tickets.totals),
      byProject: tickets.byProject.map((p) => ({
        projectId: p.projectId,
        projectName: p.projectName,
        ...indicatorsOf(p.totals),
      })),
    },
  };
}
