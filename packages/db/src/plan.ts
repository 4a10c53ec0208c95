import {
  generateSchedule,
  type CadenceRule,
  type DateRange,
  type DutyKind,
  type IsoDate,
  type Line,
  type ParticipationCell,
  type Position,
  type ProjectStage,
  type ScheduleEmployee,
  type Unplaced,
  type UnplacedReason,
  type WorkCalendar,
} from '@frontline/core';
import { addDaysIso, addMonthsIso, maxDate } from '@frontline/core';
import { sql, type Selectable } from 'kysely';
import type { ScheduleRunTable } from './schema.ts';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { writeAudit, type AuditContext } from './audit.ts';
import { blackoutMap } from './repositories/blackouts.ts';
import { loadWorkCalendar } from './repositories/calendar.ts';
import { persistScheduleSync, type PersistSummary } from './duties.ts';
import { exclusive, type Db } from './open.ts';
import { rebalanceProjectsSync, type RebalanceSummary } from './ownership.ts';
import { listParticipation, listRules } from './rules.ts';

/**
 * The planning run, region by region: give households their owners, generate
 * the region's duties over the horizon, persist them. Each region is one
 * transaction; the event loop gets a turn between regions so a long run can
 * report progress while it works.
 */
export type PlanOptions = {
  horizon: DateRange;
  today: IsoDate;
  allowUnknownYears: boolean;
  /** Only these regions (a leaver's, say); default every region. */
  regionIds?: readonly number[];
  /** Rebalance households only in these projects (a leaver's); default every project of the regions. */
  ownershipProjectIds?: readonly number[];
};

/** How a run may differ from the stored one: plan on a calendar not yet saved, and write nothing (a preview). */
export type RunMode = { calendar?: WorkCalendar; dryRun?: boolean };

/** A planned duty the run gave another date. */
export type DutyMove = { dutyId: number; employeeId: number; kind: DutyKind; from: IsoDate; to: IsoDate | null };

export type UnplacedGroup = { reason: UnplacedReason; kind: DutyKind; periodKey: string; count: number };

export type PlanReport = {
  regions: number;
  ownership: RebalanceSummary;
  duties: PersistSummary;
  /** Years in the horizon with no calendar data (nothing placed there unless allowed). */
  unknownYears: number[];
  /** Years in the horizon planned on the law alone, their notice not out yet. */
  provisionalYears: number[];
  /** Planned duties whose date moved, the first few in full; `moved` counts them all. */
  moved: number;
  moves: DutyMove[];
  unplaced: UnplacedGroup[];
  /** The first few unplaced items in full, for the report screen. */
  examples: (Unplaced & { employeeName: string | null; projectName: string | null })[];
};

const EXAMPLES = 50;
const MOVES_SHOWN = 200;

/** A dry run's region is planned inside a transaction this ends, so nothing it did stays. */
class DryRunRollback extends Error {}

export async function runPlan(
  db: Db,
  options: PlanOptions,
  ctx: AuditContext,
  onProgress?: (done: number, total: number) => void,
  mode: RunMode = {},
): Promise<PlanReport> {
  const [calendar, rules, participation] = await Promise.all([mode.calendar ?? loadWorkCalendar(db), listRules(db), listParticipation(db)]);
  const allRegions = db.sqlite.prepare('SELECT id FROM regions ORDER BY id').pluck().all() as number[];
  const regionIds = options.regionIds ? allRegions.filter((id) => options.regionIds!.includes(id)) : allRegions;
  const report: PlanReport = {
    regions: 0,
    ownership: { projects: 0, moved: 0, unassigned: 0 },
    duties: { created: 0, updated: 0, unchanged: 0, kept: 0, removed: 0 },
    unknownYears: [],
    provisionalYears: [],
    moved: 0,
    moves: [],
    unplaced: [],
    examples: [],
  };
  for (let y = Number(options.horizon.from.slice(0, 4)); y <= Number(options.horizon.to.slice(0, 4)); y++) {
    const state = calendar.yearState(y);
    if (state === 'unknown') report.unknownYears.push(y);
    if (state === 'provisional') report.provisionalYears.push(y);
  }
  const groups = new Map<string, UnplacedGroup>();
  onProgress?.(0, regionIds.length);
  for (const [i, regionId] of regionIds.entries()) {
    try {
      await exclusive(db, () => {
        planRegionSync(db, regionId, { options, calendar, rules, participation }, ctx, report, groups);
        if (mode.dryRun) throw new DryRunRollback();
      });
    } catch (e) {
      if (!(e instanceof DryRunRollback)) throw e;
    }
    report.regions++;
    onProgress?.(i + 1, regionIds.length);
    await yieldToEventLoop();
  }
  report.unplaced = [...groups.values()].sort((a, b) => (a.periodKey < b.periodKey ? -1 : a.periodKey > b.periodKey ? 1 : 0));
  if (mode.dryRun) return report;
  await writeAudit(db.kysely, ctx, {
    action: 'schedule.run',
    entity: 'schedule',
    after: {
      horizon: options.horizon, allowUnknownYears: options.allowUnknownYears, regions: report.regions, ownership: report.ownership, duties: report.duties,
      unknownYears: report.unknownYears, provisionalYears: report.provisionalYears, moved: report.moved,
    },
  });
  return report;
}

type Shared = { options: PlanOptions; calendar: WorkCalendar; rules: CadenceRule[]; participation: ParticipationCell[] };

function planRegionSync(db: Db, regionId: number, shared: Shared, ctx: AuditContext, report: PlanReport, groups: Map<string, UnplacedGroup>): void {
  const { options } = shared;
  const s = db.sqlite;
  const projects = (s.prepare('SELECT id, region_id AS regionId, stage, name FROM projects WHERE region_id = ? ORDER BY id').all(regionId) as {
    id: number; regionId: number; stage: ProjectStage; name: string;
  }[]);
  const projectIds = projects.map((p) => p.id);

  const owned = rebalanceProjectsSync(db, options.ownershipProjectIds ? projectIds.filter((id) => options.ownershipProjectIds!.includes(id)) : projectIds, ctx);
  report.ownership.projects += owned.projects;
  report.ownership.moved += owned.moved;
  report.ownership.unassigned += owned.unassigned;

  const people = s
    .prepare('SELECT id, name, position, line, region_id AS regionId, project_id AS projectId FROM employees WHERE region_id = ? AND active = 1 ORDER BY id')
    .all(regionId) as { id: number; name: string; position: Position; line: Line | null; regionId: number; projectId: number | null }[];
  const households = new Map(
    (s
      .prepare(
        `SELECT h.owner_employee_id AS id, COUNT(*) AS n FROM households h JOIN projects p ON p.id = h.project_id
         WHERE p.region_id = ? AND h.owner_employee_id IS NOT NULL GROUP BY h.owner_employee_id`,
      )
      .all(regionId) as { id: number; n: number }[]).map((r) => [r.id, r.n]),
  );
  const employees: ScheduleEmployee[] = people.map((p) => ({ ...p, households: households.get(p.id) ?? 0 }));

  const events = s
    .prepare(
      `SELECT e.id, e.project_id AS projectId, e.checkpoint, e.starts_on AS startsOn, e.ends_on AS endsOn, e.expected_households AS expectedHouseholds
       FROM checkpoint_events e JOIN projects p ON p.id = e.project_id WHERE p.region_id = ? AND e.ends_on >= ?`,
    )
    .all(regionId, options.horizon.from) as { id: number; projectId: number; checkpoint: number; startsOn: string; endsOn: string; expectedHouseholds: number }[];

  const leaves = new Map<number, DateRange[]>();
  for (const l of s
    .prepare(
      `SELECT l.employee_id AS id, l.starts_on AS "from", l.ends_on AS "to" FROM employee_leaves l JOIN employees e ON e.id = l.employee_id
       WHERE e.region_id = ? AND l.ends_on >= ? AND l.starts_on <= ?`,
    )
    .all(regionId, options.horizon.from, options.horizon.to) as { id: number; from: string; to: string }[]) {
    leaves.set(l.id, [...(leaves.get(l.id) ?? []), { from: l.from, to: l.to }]);
  }

  const blackouts = blackoutMap(
    s
      .prepare('SELECT b.project_id AS projectId, b.date, b.reason FROM project_blackouts b JOIN projects p ON p.id = b.project_id WHERE p.region_id = ?')
      .all(regionId) as { projectId: number; date: string; reason: string }[],
  );

  // Receptions people have already fixed (or held) block those dates for new proposals.
  const busy = new Map<number, Set<IsoDate>>();
  for (const d of s
    .prepare(
      `SELECT employee_id AS id, COALESCE(scheduled_on, proposed_on) AS date FROM duties
       WHERE region_id = ? AND kind = 'reception' AND status IN ('scheduled', 'done', 'delegated') AND due_to >= ?`,
    )
    .all(regionId, options.horizon.from) as { id: number; date: string | null }[]) {
    if (!d.date) continue;
    const set = busy.get(d.id) ?? new Set<IsoDate>();
    set.add(d.date);
    busy.set(d.id, set);
  }

  // Proposals the plan already has: kept where they still fit, so a re-plan moves only what changed.
  const existing = new Map(
    (s
      .prepare(`SELECT key, employee_id AS employeeId, proposed_on AS proposedOn FROM duties WHERE region_id = ? AND status = 'planned' AND kind = 'reception' AND due_to >= ?`)
      .all(regionId, options.horizon.from) as { key: string; employeeId: number; proposedOn: string | null }[]).map((r) => [r.key, r]),
  );

  const schedule = generateSchedule({
    horizon: options.horizon,
    today: options.today,
    calendar: shared.calendar,
    allowUnknownYears: options.allowUnknownYears,
    rules: shared.rules,
    employees,
    projects,
    events,
    participation: shared.participation,
    leaves,
    blackouts,
    busy,
    existing,
  });
  const moves: DutyMove[] = [];
  const persisted = persistScheduleSync(
    db,
    schedule.duties.map((d) => ({ ...d, regionId })),
    { regionId, from: maxDate(options.today, options.horizon.from), to: options.horizon.to },
    ctx.at,
    moves,
  );
  report.moved += moves.length;
  report.moves.push(...moves.slice(0, Math.max(0, MOVES_SHOWN - report.moves.length)));
  for (const k of Object.keys(persisted) as (keyof PersistSummary)[]) report.duties[k] += persisted[k];

  const names = new Map(people.map((p) => [p.id, p.name]));
  const projectNames = new Map(projects.map((p) => [p.id, p.name]));
  for (const u of schedule.unplaced) {
    const key = `${u.reason}:${u.kind}:${u.periodKey}`;
    const group = groups.get(key) ?? { reason: u.reason, kind: u.kind, periodKey: u.periodKey, count: 0 };
    group.count++;
    groups.set(key, group);
    if (report.examples.length < EXAMPLES && u.reason !== 'unknown_year') {
      report.examples.push({ ...u, employeeName: u.employeeId === null ? null : (names.get(u.employeeId) ?? null), projectName: u.projectId === null ? null : (projectNames.get(u.projectId) ?? null) });
    }
  }
}

/**
 * After a person leaves or joins: re-plan their region only. A leaver's
 * households move to colleagues (only those), their open duties go, and the
 * receivers pick up home-visit duties.
 */
export async function replanRegionOf(db: Db, employeeId: number, ctx: AuditContext, plan: Omit<PlanOptions, 'regionIds'>): Promise<PlanReport | null> {
  const row = await db.kysely.selectFrom('employees').select(['region_id', 'project_id']).where('id', '=', employeeId).executeTakeFirst();
  if (!row || row.region_id === null) return null;
  // Only the person's own project can see households change hands.
  return runPlan(db, { ...plan, regionIds: [row.region_id], ownershipProjectIds: row.project_id === null ? [] : [row.project_id] }, ctx);
}

/** Options for re-plans between full runs: today to the last run's horizon end, and its unknown-year choice. */
export async function currentPlanOptions(db: Db, today: IsoDate): Promise<Omit<PlanOptions, 'regionIds'>> {
  const last = await db.kysely
    .selectFrom('schedule_runs')
    .select(['horizon_to', 'allow_unknown_years'])
    .where('status', '=', 'done')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  const to = last && last.horizon_to >= today ? last.horizon_to : defaultHorizonEnd(today, 12);
  return { horizon: { from: today, to }, today, allowUnknownYears: last?.allow_unknown_years === 1 };
}

/** The day before the same date `months` later: a 12-month horizon from 2026-11-23 ends 2027-11-22. */
export function defaultHorizonEnd(from: IsoDate, months: number): IsoDate {
  return addDaysIso(addMonthsIso(from, months), -1);
}

export type ScheduleRun = {
  id: number;
  status: 'running' | 'done' | 'failed';
  horizonFrom: IsoDate;
  horizonTo: IsoDate;
  allowUnknownYears: boolean;
  done: number;
  total: number;
  report: PlanReport | null;
  /** The regions it planned; null: every region. */
  regionIds: number[] | null;
  /** Why it failed, for a failed run. */
  error: string | null;
  actorId: number | null;
  startedAt: number;
  finishedAt: number | null;
};

/** Recent runs; with `regionId`, the runs that covered that region (its own and group-wide ones). */
export async function listScheduleRuns(db: Db, filter: { regionId?: number } = {}, limit = 20): Promise<ScheduleRun[]> {
  let q = db.kysely.selectFrom('schedule_runs').selectAll();
  if (filter.regionId !== undefined) {
    const regionId = filter.regionId;
    q = q.where((eb) => eb.or([eb('region_ids', 'is', null), eb(sql<boolean>`exists (select 1 from json_each(region_ids) where value = ${regionId})`, '=', sql<boolean>`1`)]));
  }
  const rows = await q.orderBy('id', 'desc').limit(limit).execute();
  return rows.map(toRun);
}

export async function getScheduleRun(db: Db, id: number): Promise<ScheduleRun | undefined> {
  const row = await db.kysely.selectFrom('schedule_runs').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toRun(row);
}

function toRun(r: Selectable<ScheduleRunTable>): ScheduleRun {
  return {
    id: r.id, status: r.status as ScheduleRun['status'], horizonFrom: r.horizon_from, horizonTo: r.horizon_to,
    allowUnknownYears: r.allow_unknown_years === 1, done: r.done, total: r.total,
    report: r.report_json ? (JSON.parse(r.report_json) as PlanReport) : null,
    regionIds: r.region_ids === null ? null : (JSON.parse(r.region_ids) as number[]),
    error: r.error,
    actorId: r.actor_id, startedAt: r.started_at, finishedAt: r.finished_at,
  };
}

export async function startScheduleRun(db: Db, options: PlanOptions, ctx: AuditContext): Promise<number> {
  const { id } = await db.kysely
    .insertInto('schedule_runs')
    .values({
      status: 'running', horizon_from: options.horizon.from, horizon_to: options.horizon.to, allow_unknown_years: options.allowUnknownYears ? 1 : 0,
      done: 0, total: 0, actor_id: ctx.actorId, started_at: ctx.at,
      region_ids: options.regionIds ? JSON.stringify([...options.regionIds]) : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function updateScheduleRun(
  db: Db,
  id: number,
  change: { done?: number; total?: number; status?: ScheduleRun['status']; report?: PlanReport | null; error?: string; finishedAt?: number },
): Promise<void> {
  await db.kysely
    .updateTable('schedule_runs')
    .set({
      ...(change.done === undefined ? {} : { done: change.done }),
      ...(change.total === undefined ? {} : { total: change.total }),
      ...(change.status ? { status: change.status } : {}),
      ...(change.report === undefined ? {} : { report_json: change.report === null ? null : JSON.stringify(change.report) }),
      ...(change.finishedAt === undefined ? {} : { finished_at: change.finishedAt }),
      ...(change.error === undefined ? {} : { error: change.error }),
    })
    .where('id', '=', id)
    .execute();
}

/** Runs left 'running' by a process that stopped are marked failed at start-up. */
export async function failInterruptedRuns(db: Db, at: number): Promise<number> {
  const r = await db.kysely
    .updateTable('schedule_runs')
    .set({ status: 'failed', finished_at: at, error: 'interrupted: the server stopped during the run' })
    .where('status', '=', 'running')
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
