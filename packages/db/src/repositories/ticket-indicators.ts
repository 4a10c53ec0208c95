import {
  addMonths,
  BACKLOG_BUCKETS,
  emptyTicketTotals,
  FOLLOW_UP_DAYS,
  monthsBetween,
  OPEN_TICKET_STATUSES,
  TICKET_COUNTERS,
  type BacklogBucket,
  type MonthKey,
  type TicketFigure,
  type TicketTotals,
  type TicketType,
} from '@frontline/core';
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { executorOf, type Reader } from '../unit-of-work.ts';
import { projectNamesOf } from './analysis.ts';

/**
 * The complaint-handling indicators, read from `ticket_monthly` (the ticket
 * service keeps it in step with every ticket): a region's figures sum a few
 * hundred cells however many tickets lie behind them. The open backlog and
 * drill-down read the tickets themselves (the partial index `tickets_open`
 * keeps the backlog to the open ones).
 */

export type TicketScopeFilter = {
  regionId?: number | undefined;
  projectId?: number | undefined;
  type?: TicketType | undefined;
  /** The caller's scope: the regions or projects they may see. */
  regionIds?: number[] | undefined;
  projectIds?: number[] | undefined;
};

function scopeWhere(f: TicketScopeFilter, prefix = ''): RawBuilder<SqlBool>[] {
  const col = (name: string) => sql.ref(`${prefix}${name}`);
  const parts: RawBuilder<SqlBool>[] = [];
  if (f.regionId !== undefined) parts.push(sql<SqlBool>`${col('region_id')} = ${f.regionId}`);
  if (f.projectId !== undefined) parts.push(sql<SqlBool>`${col('project_id')} = ${f.projectId}`);
  if (f.type !== undefined) parts.push(sql<SqlBool>`${col('type')} = ${f.type}`);
  if (f.regionIds)
    parts.push(
      f.regionIds.length ? sql<SqlBool>`${col('region_id')} in (${sql.join(f.regionIds)})` : sql<SqlBool>`1 = 0`,
    );
  if (f.projectIds)
    parts.push(
      f.projectIds.length ? sql<SqlBool>`${col('project_id')} in (${sql.join(f.projectIds)})` : sql<SqlBool>`1 = 0`,
    );
  return parts;
}
const all = (parts: RawBuilder<SqlBool>[]) =>
  parts.length ? sql<SqlBool>`${sql.join(parts, sql` and `)}` : sql<SqlBool>`1 = 1`;

const totalsColumns = [
  ...TICKET_COUNTERS.map((c) => sql<number>`coalesce(sum(${sql.ref(c)}), 0)`.as(c)),
  sql<number>`coalesce(sum(close_working_days), 0)`.as('close_working_days'),
];

function totalsOf(row: Record<string, unknown> | undefined): TicketTotals {
  const t = emptyTicketTotals();
  if (!row) return t;
  for (const c of TICKET_COUNTERS) t[c] = Number(row[c] ?? 0);
  t.close_working_days = Number(row.close_working_days ?? 0);
  return t;
}

export type TicketMonthlyView = {
  months: MonthKey[];
  /** Summed over the months. */
  totals: TicketTotals;
  trend: { month: MonthKey; totals: TicketTotals }[];
  byProject: { projectId: number; projectName: string; regionId: number; totals: TicketTotals }[];
};

/** Totals of the months `from`..`to` for a scope: summed, per month, and per project. */
export async function ticketMonthlyView(
  x: Reader,
  f: TicketScopeFilter,
  from: MonthKey,
  to: MonthKey,
  /** The months the per-project totals cover (default: all of them). */
  projectMonths: { from: MonthKey; to: MonthKey } = { from, to },
): Promise<TicketMonthlyView> {
  const k = executorOf(x);
  const where = (a: MonthKey, b: MonthKey) => all([sql<SqlBool>`month between ${a} and ${b}`, ...scopeWhere(f)]);
  const [byMonth, byProject] = await Promise.all([
    k
      .selectFrom('ticket_monthly')
      .select(['month', ...totalsColumns])
      .where(where(from, to))
      .groupBy('month')
      .execute(),
    k
      .selectFrom('ticket_monthly')
      .select(['project_id', sql<number>`max(region_id)`.as('region_id'), ...totalsColumns])
      .where(where(projectMonths.from, projectMonths.to))
      .groupBy('project_id')
      .execute(),
  ]);
  const months = monthsBetween(from, to);
  const found = new Map(byMonth.map((r) => [r.month, totalsOf(r)]));
  const trend = months.map((month) => ({ month, totals: found.get(month) ?? emptyTicketTotals() }));
  const totals = emptyTicketTotals();
  for (const { totals: t } of trend) {
    for (const c of TICKET_COUNTERS) totals[c] += t[c];
    totals.close_working_days += t.close_working_days;
  }
  const names = await projectNamesOf(
    k,
    byProject.map((r) => r.project_id),
  );
  return {
    months,
    totals,
    trend,
    byProject: byProject
      .map((r) => ({
        projectId: r.project_id,
        projectName: names.get(r.project_id) ?? String(r.project_id),
        regionId: r.region_id,
        totals: totalsOf(r),
      }))
      .sort((a, b) => a.projectName.localeCompare(b.projectName, 'zh-CN')),
  };
}

/** Shanghai midnight of a month's first day, as epoch ms. */
export const monthStartMs = (month: MonthKey): number => Date.parse(`${month}-01T00:00:00+08:00`);

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** Written out, not bound: SQLite uses the partial index `tickets_open` only when the query's terms match its WHERE. */
const OPEN_STATUS_LITERAL = sql<SqlBool>`status in (${sql.join(OPEN_TICKET_STATUSES.map((s) => sql.lit(s)))})`;

/**
 * The open tickets of a scope by age in calendar days since acceptance
 * (Shanghai dates: accepted today is 0 days old). Every bucket is present.
 */
export async function ticketBacklog(
  x: Reader,
  f: TicketScopeFilter,
  now: number,
): Promise<{ bucket: BacklogBucket; count: number }[]> {
  const today = Math.floor((now + SHANGHAI_OFFSET_MS) / DAY_MS);
  const age = sql<number>`${today} - ((accepted_at + ${SHANGHAI_OFFSET_MS}) / ${DAY_MS})`;
  const bounded = BACKLOG_BUCKETS.filter((b) => Number.isFinite(b.maxDays));
  const bucket = sql<string>`case ${sql.join(
    bounded.map((b) => sql`when ${age} <= ${b.maxDays} then ${b.key}`),
    sql` `,
  )} else ${BACKLOG_BUCKETS.at(-1)!.key} end`;
  const rows = await executorOf(x)
    .selectFrom('tickets')
    .select([bucket.as('bucket'), sql<number>`count(*)`.as('n')])
    .where(all([OPEN_STATUS_LITERAL, ...scopeWhere(f)]))
    .groupBy(sql`1`)
    .execute();
  const counts = new Map(rows.map((r) => [r.bucket, r.n]));
  return BACKLOG_BUCKETS.map((b) => ({ bucket: b.key, count: counts.get(b.key) ?? 0 }));
}

const followedUpInTime = sql<SqlBool>`exists (select 1 from ticket_follow_ups u where u.ticket_id = t.id and u.recorded_at is not null and u.recorded_at >= t.closed_at and u.recorded_at - t.closed_at <= ${FOLLOW_UP_DAYS * DAY_MS})`;
const FIGURE_WHERE: Record<TicketFigure, RawBuilder<SqlBool>> = {
  closed: sql<SqlBool>`t.status != 'dismissed'`,
  late: sql<SqlBool>`t.status != 'dismissed' and t.closed_at > t.resolve_by`,
  not_first_time: sql<SqlBool>`t.status != 'dismissed' and (t.reopen_count > 0 or t.ever_closed_unaccepted = 1)`,
  not_followed_up: sql<SqlBool>`t.status != 'dismissed' and not ${followedUpInTime}`,
  first_response_late: sql<SqlBool>`t.status != 'dismissed' and (t.first_response_at is null or t.first_response_at > t.first_response_by)`,
  reopened: sql<SqlBool>`t.status != 'dismissed' and t.reopen_count > 0`,
  dismissed: sql<SqlBool>`t.status = 'dismissed'`,
};

/** What a drill-down row shows: identities and times, never the customer's personal data. */
export type TicketBehindFigure = {
  id: number;
  projectId: number;
  projectName: string;
  type: string;
  categoryId: number;
  severity: string;
  status: string;
  handlerId: number | null;
  handlerName: string | null;
  acceptedAt: number;
  closedAt: number;
  resolveBy: number;
  reopenCount: number;
};

/** The tickets behind a figure: closed (or dismissed) in `month` in the scope, newest close first, paged. */
export async function ticketsBehindFigure(
  x: Reader,
  f: TicketScopeFilter & { month: MonthKey; figure: TicketFigure; limit: number; offset: number },
): Promise<{ total: number; tickets: TicketBehindFigure[] }> {
  const k = executorOf(x);
  const where = all([
    sql<SqlBool>`t.closed_at >= ${monthStartMs(f.month)} and t.closed_at < ${monthStartMs(addMonths(f.month, 1))}`,
    sql<SqlBool>`t.status in ('closed', 'followed_up', 'archived', 'dismissed')`,
    FIGURE_WHERE[f.figure],
    ...scopeWhere(f, 't.'),
  ]);
  const [count, rows] = await Promise.all([
    k
      .selectFrom('tickets as t')
      .select(sql<number>`count(*)`.as('n'))
      .where(where)
      .executeTakeFirst(),
    k
      .selectFrom('tickets as t')
      .innerJoin('projects as p', 'p.id', 't.project_id')
      .leftJoin('employees as e', 'e.id', 't.handler_id')
      .select([
        't.id',
        't.project_id',
        'p.name as project_name',
        't.type',
        't.category_id',
        't.severity',
        't.status',
        't.handler_id',
        'e.name as handler_name',
        't.accepted_at',
        't.closed_at',
        't.resolve_by',
        't.reopen_count',
      ])
      .where(where)
      .orderBy('t.closed_at', 'desc')
      .orderBy('t.id', 'desc')
      .limit(f.limit)
      .offset(f.offset)
      .execute(),
  ]);
  return {
    total: count?.n ?? 0,
    tickets: rows.map((r) => ({
      id: r.id,
      projectId: r.project_id,
      projectName: r.project_name,
      type: r.type,
      categoryId: r.category_id,
      severity: r.severity,
      status: r.status,
      handlerId: r.handler_id,
      handlerName: r.handler_name,
      acceptedAt: r.accepted_at,
      closedAt: r.closed_at!,
      resolveBy: r.resolve_by,
      reopenCount: r.reopen_count,
    })),
  };
}

/**
 * Closed tickets a person handled that closed in [from, to) (epoch ms): the
 * complaint-handling appraisal component's counts, and the tickets behind
 * them for its explanation.
 */
export async function handledTicketsClosed(
  x: Reader,
  employeeIds: readonly number[],
  from: number,
  to: number,
): Promise<
  { id: number; handlerId: number; projectId: number; closedAt: number; onTime: boolean; firstTime: boolean }[]
> {
  if (employeeIds.length === 0) return [];
  // A whole group's people are too many for one IN list: then the period's closes are read and sorted out here.
  const few = employeeIds.length <= 500;
  const wanted = new Set(employeeIds);
  let q = executorOf(x)
    .selectFrom('tickets')
    .select(['id', 'handler_id', 'project_id', 'closed_at', 'resolve_by', 'reopen_count', 'ever_closed_unaccepted'])
    .where('status', 'in', ['closed', 'followed_up', 'archived']);
  q = few ? q.where('handler_id', 'in', [...employeeIds]) : q.where('handler_id', 'is not', null);
  const rows = await q
    .where('closed_at', '>=', from)
    .where('closed_at', '<', to)
    .orderBy('closed_at')
    .orderBy('id')
    .execute();
  return rows
    .filter((r) => wanted.has(r.handler_id!))
    .map((r) => ({
      id: r.id,
      handlerId: r.handler_id!,
      projectId: r.project_id,
      closedAt: r.closed_at!,
      onTime: r.closed_at! <= r.resolve_by,
      firstTime: r.reopen_count === 0 && r.ever_closed_unaccepted === 0,
    }));
}

export type TicketDescription = {
  id: number;
  projectName: string;
  type: string;
  severity: string;
  acceptedAt: number;
  closedAt: number | null;
  resolveBy: number;
  reopenCount: number;
};

/** What a ticket on a score's explanation was: no customer details. */
export async function describeTickets(x: Reader, ids: readonly number[]): Promise<Map<number, TicketDescription>> {
  if (ids.length === 0) return new Map();
  const rows = await executorOf(x)
    .selectFrom('tickets as t')
    .innerJoin('projects as p', 'p.id', 't.project_id')
    .select([
      't.id',
      'p.name',
      't.type',
      't.severity',
      't.accepted_at',
      't.closed_at',
      't.resolve_by',
      't.reopen_count',
    ])
    .where('t.id', 'in', [...new Set(ids)])
    .execute();
  return new Map(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        projectName: r.name,
        type: r.type,
        severity: r.severity,
        acceptedAt: r.accepted_at,
        closedAt: r.closed_at,
        resolveBy: r.resolve_by,
        reopenCount: r.reopen_count,
      },
    ]),
  );
}
