import {
  DEFAULT_WARRANTY_PERIODS,
  LINES,
  TICKET_SEVERITIES,
  WARRANTY_KINDS,
  type IsoDate,
  type Line,
  type TicketSeverity,
  type WarrantyKind,
} from '@frontline/core';
import { executorOf, type Executor, type Reader } from '../unit-of-work.ts';
import { oneOf } from './columns.ts';

/**
 * What customer relations configures for tickets, as the ticket service reads
 * it: the routing table (category × project → responsible line → default
 * handler), SLA limits per category × severity, warranty periods per
 * category, and each project's working hours and completion-acceptance date.
 * Every lookup falls back from the most specific row to the least; none
 * leaves a ticket without an answer.
 */

/** A project's working hours, 'HH:MM' (core's WorkingHours). */
export type WorkingHoursRow = { start: string; end: string };
/** A warranty period as stored (core's WarrantyPeriod). */
export type WarrantyPeriodRow =
  { unit: 'years'; count: number } | { unit: 'seasons'; count: number; seasonEnd: string };

export type TicketRoute = { line: Line; handlerId: number | null; routeId: number | null };

/** Where a new ticket goes when no row matches: customer relations, unassigned (the dispatch board's). */
export const FALLBACK_ROUTE: TicketRoute = { line: 'customer_relations', handlerId: null, routeId: null };

/** The route for a ticket: (category, project), then (category, any project), (any category, project), (any, any). */
export async function routeFor(x: Reader, key: { categoryId: number; projectId: number }): Promise<TicketRoute> {
  const rows = await executorOf(x)
    .selectFrom('ticket_routes')
    .select(['id', 'category_id', 'project_id', 'line', 'handler_id'])
    .where((eb) => eb.or([eb('category_id', '=', key.categoryId), eb('category_id', 'is', null)]))
    .where((eb) => eb.or([eb('project_id', '=', key.projectId), eb('project_id', 'is', null)]))
    .execute();
  const rank = (r: { category_id: number | null; project_id: number | null }) =>
    (r.category_id !== null ? 2 : 0) + (r.project_id !== null ? 1 : 0);
  const best = rows.sort((a, b) => rank(b) - rank(a))[0];
  return best
    ? { line: oneOf(LINES, best.line, 'ticket_routes.line'), handlerId: best.handler_id, routeId: best.id }
    : FALLBACK_ROUTE;
}

export type TicketSlaLimitRow = { firstResponseDays: number; resolveSingleDays: number; resolveCrossDays: number };

/** The configured limits for a category and severity (category row, then the any-category row), or undefined for core's defaults. */
export async function slaLimitsFor(
  x: Reader,
  key: { categoryId: number; severity: TicketSeverity },
): Promise<TicketSlaLimitRow | undefined> {
  const rows = await executorOf(x)
    .selectFrom('ticket_sla_limits')
    .select(['category_id', 'first_response_days', 'resolve_single_days', 'resolve_cross_days'])
    .where('severity', '=', key.severity)
    .where((eb) => eb.or([eb('category_id', '=', key.categoryId), eb('category_id', 'is', null)]))
    .execute();
  const best = rows.find((r) => r.category_id !== null) ?? rows[0];
  return best
    ? {
        firstResponseDays: best.first_response_days,
        resolveSingleDays: best.resolve_single_days,
        resolveCrossDays: best.resolve_cross_days,
      }
    : undefined;
}

/** The warranty period that covers a category, if one is mapped to it. */
export async function warrantyPeriodFor(x: Reader, categoryId: number): Promise<WarrantyPeriodRow | null> {
  const row = await executorOf(x)
    .selectFrom('category_warranty')
    .innerJoin('warranty_periods', 'warranty_periods.kind', 'category_warranty.kind')
    .select(['warranty_periods.unit', 'warranty_periods.count', 'warranty_periods.season_end'])
    .where('category_warranty.category_id', '=', categoryId)
    .executeTakeFirst();
  if (!row) return null;
  return row.unit === 'seasons'
    ? { unit: 'seasons', count: row.count, seasonEnd: row.season_end ?? '03-15' }
    : { unit: 'years', count: row.count };
}

export type ProjectServiceHours = { hours: WorkingHoursRow; completedOn: IsoDate | null };

export async function projectServiceHours(x: Reader, projectId: number): Promise<ProjectServiceHours | undefined> {
  const row = await executorOf(x)
    .selectFrom('projects')
    .select(['work_start', 'work_end', 'completed_on'])
    .where('id', '=', projectId)
    .executeTakeFirst();
  return row ? { hours: { start: row.work_start, end: row.work_end }, completedOn: row.completed_on } : undefined;
}

/** Working hours of many projects, for recomputing clocks in bulk. */
export async function allProjectServiceHours(x: Reader): Promise<Map<number, WorkingHoursRow>> {
  const rows = await executorOf(x).selectFrom('projects').select(['id', 'work_start', 'work_end']).execute();
  return new Map(rows.map((r) => [r.id, { start: r.work_start, end: r.work_end }]));
}

/* ---- What the settings pages read and write ---- */

/** A routing-table row; null category or project means "any". */
export type TicketRouteRow = {
  id: number;
  categoryId: number | null;
  projectId: number | null;
  line: Line;
  handlerId: number | null;
  updatedAt: number;
};

/** Route rows, optionally only those of some projects (and the any-project rows when `withAny`). */
export async function listTicketRoutes(
  x: Reader,
  filter: { projectIds?: number[]; withAny?: boolean } = {},
): Promise<TicketRouteRow[]> {
  let q = executorOf(x).selectFrom('ticket_routes').selectAll();
  const { projectIds } = filter;
  if (projectIds !== undefined) {
    q = q.where((eb) => {
      const some = projectIds.length ? [eb('project_id', 'in', projectIds)] : [];
      return eb.or(filter.withAny ? [...some, eb('project_id', 'is', null)] : some);
    });
  }
  const rows = await q.orderBy('project_id').orderBy('category_id').orderBy('id').execute();
  return rows.map((r) => ({
    id: r.id,
    categoryId: r.category_id,
    projectId: r.project_id,
    line: oneOf(LINES, r.line, 'ticket_routes.line'),
    handlerId: r.handler_id,
    updatedAt: r.updated_at,
  }));
}

export async function getTicketRoute(x: Reader, id: number): Promise<TicketRouteRow | undefined> {
  const row = await executorOf(x).selectFrom('ticket_routes').select('id').where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  return (await listTicketRoutes(x)).find((r) => r.id === id);
}

/** Sets the row of (category or any, project or any): one row per pair, rewritten in place. Returns its id. */
export async function upsertTicketRoute(
  tx: Executor,
  route: { categoryId: number | null; projectId: number | null; line: Line; handlerId: number | null },
  at: number,
): Promise<number> {
  const existing = await tx
    .selectFrom('ticket_routes')
    .select('id')
    .where('category_id', route.categoryId === null ? 'is' : '=', route.categoryId)
    .where('project_id', route.projectId === null ? 'is' : '=', route.projectId)
    .executeTakeFirst();
  const values = { line: route.line, handler_id: route.handlerId, updated_at: at };
  if (existing) {
    await tx.updateTable('ticket_routes').set(values).where('id', '=', existing.id).execute();
    return existing.id;
  }
  const { id } = await tx
    .insertInto('ticket_routes')
    .values({ ...values, category_id: route.categoryId, project_id: route.projectId })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function deleteTicketRoute(tx: Executor, id: number): Promise<boolean> {
  const r = await tx.deleteFrom('ticket_routes').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export type TicketSlaLimitSetting = {
  id: number;
  categoryId: number | null;
  severity: TicketSeverity;
} & TicketSlaLimitRow;

export async function listTicketSlaLimits(x: Reader): Promise<TicketSlaLimitSetting[]> {
  const rows = await executorOf(x)
    .selectFrom('ticket_sla_limits')
    .selectAll()
    .orderBy('category_id')
    .orderBy('severity')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    categoryId: r.category_id,
    severity: oneOf(TICKET_SEVERITIES, r.severity, 'ticket_sla_limits.severity'),
    firstResponseDays: r.first_response_days,
    resolveSingleDays: r.resolve_single_days,
    resolveCrossDays: r.resolve_cross_days,
  }));
}

/** Sets the limits of (category or any, severity); halves of a working day are kept as they are (1.5). */
export async function upsertTicketSlaLimit(
  tx: Executor,
  limit: { categoryId: number | null; severity: TicketSeverity } & TicketSlaLimitRow,
  at: number,
): Promise<number> {
  const existing = await tx
    .selectFrom('ticket_sla_limits')
    .select('id')
    .where('category_id', limit.categoryId === null ? 'is' : '=', limit.categoryId)
    .where('severity', '=', limit.severity)
    .executeTakeFirst();
  const values = {
    first_response_days: limit.firstResponseDays,
    resolve_single_days: limit.resolveSingleDays,
    resolve_cross_days: limit.resolveCrossDays,
    updated_at: at,
  };
  if (existing) {
    await tx.updateTable('ticket_sla_limits').set(values).where('id', '=', existing.id).execute();
    return existing.id;
  }
  const { id } = await tx
    .insertInto('ticket_sla_limits')
    .values({ ...values, category_id: limit.categoryId, severity: limit.severity })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function deleteTicketSlaLimit(tx: Executor, id: number): Promise<boolean> {
  const r = await tx.deleteFrom('ticket_sla_limits').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function listWarrantyPeriods(x: Reader): Promise<({ kind: string } & WarrantyPeriodRow)[]> {
  const rows = await executorOf(x).selectFrom('warranty_periods').selectAll().orderBy('kind').execute();
  return rows.map((r) =>
    r.unit === 'seasons'
      ? { kind: r.kind, unit: 'seasons' as const, count: r.count, seasonEnd: r.season_end ?? '03-15' }
      : { kind: r.kind, unit: 'years' as const, count: r.count },
  );
}

/** Sets a kind's period (the row is created if the kind has none yet). */
export async function updateWarrantyPeriod(
  tx: Executor,
  kind: string,
  period: WarrantyPeriodRow,
  at: number,
): Promise<void> {
  const values = {
    unit: period.unit,
    count: period.count,
    season_end: period.unit === 'seasons' ? period.seasonEnd : null,
    updated_at: at,
  };
  await tx
    .insertInto('warranty_periods')
    .values({ kind, ...values })
    .onConflict((oc) => oc.column('kind').doUpdateSet(values))
    .execute();
}

export async function listCategoryWarranty(x: Reader): Promise<{ categoryId: number; kind: string }[]> {
  const rows = await executorOf(x).selectFrom('category_warranty').selectAll().orderBy('category_id').execute();
  return rows.map((r) => ({ categoryId: r.category_id, kind: r.kind }));
}

/** Maps a category to a warranty kind, or (null) says no warranty covers it. */
export async function setCategoryWarranty(tx: Executor, categoryId: number, kind: string | null): Promise<void> {
  if (kind === null) {
    await tx.deleteFrom('category_warranty').where('category_id', '=', categoryId).execute();
    return;
  }
  await tx
    .insertInto('category_warranty')
    .values({ category_id: categoryId, kind })
    .onConflict((oc) => oc.column('category_id').doUpdateSet({ kind }))
    .execute();
}

export async function updateProjectServiceHours(
  tx: Executor,
  projectId: number,
  s: { workStart: string; workEnd: string; completedOn: IsoDate | null },
): Promise<boolean> {
  const r = await tx
    .updateTable('projects')
    .set({ work_start: s.workStart, work_end: s.workEnd, completed_on: s.completedOn })
    .where('id', '=', projectId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Each project's working hours and completion date, for the settings page. */
export async function listProjectServiceHours(
  x: Reader,
  projectIds?: number[],
): Promise<{ projectId: number; workStart: string; workEnd: string; completedOn: IsoDate | null }[]> {
  let q = executorOf(x).selectFrom('projects').select(['id', 'work_start', 'work_end', 'completed_on']);
  if (projectIds !== undefined) {
    if (projectIds.length === 0) return [];
    q = q.where('id', 'in', projectIds);
  }
  const rows = await q.orderBy('id').execute();
  return rows.map((r) => ({
    projectId: r.id,
    workStart: r.work_start,
    workEnd: r.work_end,
    completedOn: r.completed_on,
  }));
}

/** Which warranty kind covers each shipped category, by code. */
export const DEFAULT_CATEGORY_WARRANTY: Record<string, WarrantyKind> = {
  leaks: 'waterproofing',
  heating_cooling: 'heating_cooling',
  plumbing_electrical: 'installation',
  windows_doors: 'decoration',
  workmanship: 'decoration',
  flatness: 'decoration',
  cracks: 'decoration',
};

/**
 * Installs the minimum warranty periods and the category mapping where none
 * exist yet; a no-op afterwards (a kind or mapping customer relations
 * changed or cleared stays as they left it, since only an empty table is filled).
 */
export async function installDefaultTicketSettings(tx: Executor, at: number): Promise<void> {
  const periods = await tx.selectFrom('warranty_periods').select('kind').execute();
  if (periods.length === 0) {
    for (const kind of WARRANTY_KINDS) await updateWarrantyPeriod(tx, kind, DEFAULT_WARRANTY_PERIODS[kind], at);
    const categories = await tx
      .selectFrom('issue_categories')
      .select(['id', 'code'])
      .where('code', 'in', Object.keys(DEFAULT_CATEGORY_WARRANTY))
      .execute();
    for (const c of categories) await setCategoryWarranty(tx, c.id, DEFAULT_CATEGORY_WARRANTY[c.code]!);
  }
}
