import {
  addMonths,
  BACKLOG_BUCKETS,
  indicatorsOf,
  projectInScope,
  regionInScope,
  scopeOf,
  type Actor,
  type BacklogBucket,
  type Label,
  type MonthKey,
  type TicketIndicators,
  type TicketFigure,
} from '@frontline/core';
import {
  getProject,
  getRegion,
  ticketBacklog,
  ticketMonthlyView,
  ticketsBehindFigure,
  type Db,
  type TicketScopeFilter,
} from '@frontline/db';
import { scopeRefs } from '../../http/scope.ts';

/**
 * The complaint-handling dashboard (投诉报修指标): the period's indicators,
 * their trend, each project's, and the open backlog by age, for the caller's
 * scope narrowed to a region or project they may see (anything else is not
 * found, as if it did not exist).
 */
export type IndicatorScope = {
  regionId: number | null;
  regionName: string | null;
  projectId: number | null;
  projectName: string | null;
};

export type IndicatorsView = {
  period: MonthKey;
  scope: IndicatorScope;
  indicators: TicketIndicators;
  trend: ({ month: MonthKey } & TicketIndicators)[];
  byProject: ({ projectId: number; projectName: string; regionId: number } & TicketIndicators)[];
  backlog: { bucket: BacklogBucket; label: Label; count: number }[];
};

/** The filter a caller's request selects, or undefined when it names a region or project outside their scope. */
export async function indicatorFilter(
  db: Db,
  actor: Actor,
  q: { regionId?: number | undefined; projectId?: number | undefined },
): Promise<{ filter: TicketScopeFilter; scope: IndicatorScope } | undefined> {
  const scope = scopeOf(actor);
  const out: IndicatorScope = { regionId: null, regionName: null, projectId: null, projectName: null };
  if (q.projectId !== undefined) {
    const project = await getProject(db, q.projectId);
    if (!project || !projectInScope(scope, project)) return undefined;
    if (q.regionId !== undefined && q.regionId !== project.regionId) return undefined;
    out.projectId = project.id;
    out.projectName = project.name;
    out.regionId = project.regionId;
  } else if (q.regionId !== undefined) {
    if (!regionInScope(scope, q.regionId)) return undefined;
    out.regionId = q.regionId;
  }
  if (out.regionId !== null) {
    const region = await getRegion(db, out.regionId);
    if (!region) return undefined;
    out.regionName = region.name;
  }
  return {
    filter: { ...scopeRefs(actor), regionId: q.regionId, projectId: q.projectId },
    scope: out,
  };
}

export async function indicatorsView(
  db: Db,
  filter: TicketScopeFilter,
  scope: IndicatorScope,
  period: MonthKey,
  months: number,
  now: number,
): Promise<IndicatorsView> {
  const [view, backlog] = await Promise.all([
    ticketMonthlyView(db, filter, addMonths(period, -(months - 1)), period, { from: period, to: period }),
    ticketBacklog(db, filter, now),
  ]);
  const labels = new Map(BACKLOG_BUCKETS.map((b) => [b.key, b.label]));
  return {
    period,
    scope,
    indicators: indicatorsOf(view.trend.at(-1)!.totals),
    trend: view.trend.map((t) => ({ month: t.month, ...indicatorsOf(t.totals) })),
    byProject: view.byProject.map((p) => ({
      projectId: p.projectId,
      projectName: p.projectName,
      regionId: p.regionId,
      ...indicatorsOf(p.totals),
    })),
    backlog: backlog.map((b) => ({ ...b, label: labels.get(b.bucket)! })),
  };
}

export async function drillDown(
  db: Db,
  filter: TicketScopeFilter,
  q: { period: MonthKey; figure: TicketFigure; limit: number; offset: number },
) {
  return ticketsBehindFigure(db, { ...filter, month: q.period, figure: q.figure, limit: q.limit, offset: q.offset });
}
