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
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { writeAudit, type AuditContext } from './audit.ts';
import { loadWorkCalendar } from './calendar.ts';
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
};

export type UnplacedGroup = { reason: UnplacedReason; kind: DutyKind; periodKey: string; count: number };

export type PlanReport = {
  regions: number;
  ownership: RebalanceSummary;
  duties: PersistSummary;
  /** Years in the horizon with no calendar data (nothing placed there unless allowed). */
  unknownYears: number[];
  unplaced: UnplacedGroup[];
  /** The first few unplaced items in full, for the report screen. */
  examples: (Unplaced & { employeeName: string | null; projectName: string | null })[];
};

const EXAMPLES = 50;

export async function runPlan(db: Db, options: PlanOptions, ctx: AuditContext, onProgress?: (done: number, total: number) => void): Promise<PlanReport> {
  const [calendar, rules, participation] = await Promise.all([loadWorkCalendar(db), listRules(db), listParticipation(db)]);
  const allRegions = db.sqlite.prepare('SELECT id FROM regions ORDER BY id').pluck().all() as number[];
  const regionIds = options.regionIds ? allRegions.filter((id) => options.regionIds!.includes(id)) : allRegions;
  const report: PlanReport = {
    regions: 0,
    ownership: { projects: 0, moved: 0, unassigned: 0 },
    duties: { created: 0, updated: 0, unchanged: 0, kept: 0, removed: 0 },
    unknownYears: [],
    unplaced: [],
    examples: [],
  };
  for (let y = Number(options.horizon.from.slice(0, 4)); y <= Number(options.horizon.to.slice(0, 4)); y++) {
    if (!calendar.knowsYear(y)) report.unknownYears.push(y);
  }
  const groups = new Map<string, UnplacedGroup>();
  onProgress?.(0, regionIds.length);
  for (const [i, regionId] of regionIds.entries()) {
    await exclusive(db, () => planRegionSync(db, regionId, { options, calendar, rules, participation }, ctx, report, groups));
    report.regions++;
    onProgress?.(i + 1, regionIds.length);
    await yieldToEventLoop();
  }
  report.unplaced = [...groups.values()].sort((a, b) => (a.periodKey < b.periodKey ? -1 : a.periodKey > b.periodKey ? 1 : 0));
  await writeAudit(db.kysely, ctx, {
    action: 'schedule.run',
    entity: 'schedule',
    after: { horizon: options.horizon, allowUnknownYears: options.allowUnknownYears, regions: report.regions, ownership: report.ownership, duties: report.duties, unknownYears: report.unknownYears },
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

  const owned = rebalanceProjectsSync(db, projectIds, ctx);
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

  const blackouts = new Map<number, Map<IsoDate, string>>();
  for (const b of s
    .prepare('SELECT b.project_id AS projectId, b.date, b.reason FROM project_blackouts b JOIN projects p ON p.id = b.project_id WHERE p.region_id = ?')
    .all(regionId) as { projectId: number; date: string; reason: string }[]) {
    const m = blackouts.get(b.projectId) ?? new Map<IsoDate, string>();
    m.set(b.date, b.reason);
    blackouts.set(b.projectId, m);
  }

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
  });
  const persisted = persistScheduleSync(
    db,
    schedule.duties.map((d) => ({ ...d, regionId })),
    { regionId, from: options.today > options.horizon.from ? options.today : options.horizon.from, to: options.horizon.to },
    ctx.at,
  );
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
 * An employee leaves: mark them, then re-plan their region only. Their
 * households move to colleagues (only those), their open duties go, and the
 * receivers pick up home-visit duties.
 */
export async function recordLeaver(db: Db, employeeId: number, leftOn: IsoDate, ctx: AuditContext, plan: Omit<PlanOptions, 'regionIds'>): Promise<PlanReport | null> {
  const before = await db.kysely.selectFrom('employees').select(['active', 'left_on', 'region_id']).where('id', '=', employeeId).executeTakeFirst();
  if (!before) return null;
  await db.kysely.transaction().execute(async (trx) => {
    await trx.updateTable('employees').set({ active: 0, left_on: leftOn, updated_at: ctx.at }).where('id', '=', employeeId).execute();
    await trx.deleteFrom('sessions').where('employee_id', '=', employeeId).execute();
    await writeAudit(trx, ctx, { action: 'employee.leave', entity: 'employee', entityId: employeeId, before: { active: before.active, leftOn: before.left_on }, after: { active: 0, leftOn } });
  });
  if (before.region_id === null) return null;
  return runPlan(db, { ...plan, regionIds: [before.region_id] }, ctx);
}
