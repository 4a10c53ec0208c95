import { LINES, TICKET_SEVERITIES, type IsoDate, type Line, type TicketSeverity } from '@frontline/core';
import { executorOf, type Reader } from '../unit-of-work.ts';
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

/** Every configured limit row, for recomputing many tickets' clocks at once. */
export async function allSlaLimits(
  x: Reader,
): Promise<({ categoryId: number | null; severity: TicketSeverity } & TicketSlaLimitRow)[]> {
  const rows = await executorOf(x).selectFrom('ticket_sla_limits').selectAll().execute();
  return rows.map((r) => ({
    categoryId: r.category_id,
    severity: oneOf(TICKET_SEVERITIES, r.severity, 'ticket_sla_limits.severity'),
    firstResponseDays: r.first_response_days,
    resolveSingleDays: r.resolve_single_days,
    resolveCrossDays: r.resolve_cross_days,
  }));
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
