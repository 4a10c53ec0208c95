import {
  assignmentReason,
  defaultOwnershipWeight,
  emptyPlanReport,
  generateSchedule,
  maxDate,
  planOwnership,
  reconcilePlan,
  type CadenceRule,
  type DateRange,
  type IsoDate,
  type ParticipationCell,
  type PersistSummary,
  type PlannedDuty,
  type PlanReconciliation,
  type PlanReport,
  type RebalanceSummary,
  type UnplacedGroup,
  type WorkCalendar,
} from '@frontline/core';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { writeAudit, type AuditContext } from '../repositories/audit.ts';
import type { Db } from '../open.ts';
import { blackoutMap } from '../repositories/blackouts.ts';
import { loadWorkCalendar } from '../repositories/calendar.ts';
import {
  householdsPerOwner,
  listRegionIds,
  ownershipPool,
  ownershipProjectIds,
  regionPlanningInputs,
  storedPlannedDuties,
} from '../repositories/planning.ts';
import { listParticipation, listRules } from '../repositories/rules.ts';
import type { Executor } from '../unit-of-work.ts';
import { chunks, pgInsertRows, pgRun } from './postgres.ts';

/**
 * The planning run, region by region: give households their owners, plan the
 * region's duties over the horizon, write them. It decides nothing itself:
 * core plans ownership (`planOwnership`), the duties (`generateSchedule`)
 * and what the stored plan becomes (`reconcilePlan`); this reads through the
 * planning repository and writes a million-household group's rows through
 * prepared statements, which is why it lives in bulk/. Each region is one
 * transaction; the event loop gets a turn between regions, so a long run
 * reports progress while it works.
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

const EXAMPLES = 50;
const MOVES_SHOWN = 200;

/**
 * Rows elsewhere that hang on a duty: a reception day set up for it, a
 * verification round, a recorded visit, a draft on someone's phone. A duty
 * with any of these is somebody's work and stays, whatever the plan says.
 * (A test holds this list to the schema's foreign keys.)
 */
export const DUTY_DEPENDENTS = [
  { table: 'reception_days', column: 'duty_id' },
  { table: 'plan_verifications', column: 'duty_id' },
  { table: 'visits', column: 'duty_id' },
  { table: 'visit_drafts', column: 'duty_id' },
  { table: 'ticket_follow_ups', column: 'duty_id' },
] as const;

const NOTHING_HANGS_ON_IT = DUTY_DEPENDENTS.map(
  (d) => `NOT EXISTS (SELECT 1 FROM ${d.table} WHERE ${d.table}.${d.column} = duties.id)`,
).join(' AND ');

/** A dry run's region is planned inside a transaction this ends, so nothing it did stays. */
class DryRunRollback extends Error {}

export async function runPlan(
  db: Db,
  options: PlanOptions,
  ctx: AuditContext,
  onProgress?: (done: number, total: number) => void,
  mode: RunMode = {},
): Promise<PlanReport> {
  const [calendar, rules, participation, allRegions] = await Promise.all([
    mode.calendar ?? loadWorkCalendar(db),
    listRules(db),
    listParticipation(db),
    listRegionIds(db),
  ]);
  const regionIds = options.regionIds ? allRegions.filter((id) => options.regionIds!.includes(id)) : allRegions;
  const report = emptyPlanReport();
  for (let y = Number(options.horizon.from.slice(0, 4)); y <= Number(options.horizon.to.slice(0, 4)); y++) {
    const state = calendar.yearState(y);
    if (state === 'unknown') report.unknownYears.push(y);
    if (state === 'provisional') report.provisionalYears.push(y);
  }
  const groups = new Map<string, UnplacedGroup>();
  onProgress?.(0, regionIds.length);
  for (const [i, regionId] of regionIds.entries()) {
    try {
      // Reads go through the transaction; the writes' prepared statements run on the same connection, so inside it too.
      await db.kysely.transaction().execute(async (tx) => {
        await planRegion(
          db,
          tx,
          regionId,
          { options, calendar, rules, participation, at: ctx.at, actorId: ctx.actorId },
          report,
          groups,
        );
        if (mode.dryRun) throw new DryRunRollback();
      });
    } catch (e) {
      if (!(e instanceof DryRunRollback)) throw e;
    }
    report.regions++;
    onProgress?.(i + 1, regionIds.length);
    await yieldToEventLoop();
  }
  report.unplaced = [...groups.values()].sort((a, b) =>
    a.periodKey < b.periodKey ? -1 : a.periodKey > b.periodKey ? 1 : 0,
  );
  if (mode.dryRun) return report;
  await writeAudit(db.kysely, ctx, {
    action: 'schedule.run',
    entity: 'schedule',
    after: {
      horizon: options.horizon,
      allowUnknownYears: options.allowUnknownYears,
      regions: report.regions,
      ownership: report.ownership,
      duties: report.duties,
      unknownYears: report.unknownYears,
      provisionalYears: report.provisionalYears,
      moved: report.moved,
    },
  });
  return report;
}

type Shared = {
  options: PlanOptions;
  calendar: WorkCalendar;
  rules: CadenceRule[];
  participation: ParticipationCell[];
  at: number;
  actorId: number | null;
};

async function planRegion(
  db: Db,
  tx: Executor,
  regionId: number,
  shared: Shared,
  report: PlanReport,
  groups: Map<string, UnplacedGroup>,
): Promise<void> {
  const { options } = shared;
  const inputs = await regionPlanningInputs(tx, regionId, options.horizon);
  const projectIds = inputs.projects.map((p) => p.id);

  const owned = await rebalanceOwnership(
    db,
    tx,
    options.ownershipProjectIds ? projectIds.filter((id) => options.ownershipProjectIds!.includes(id)) : projectIds,
    shared,
  );
  report.ownership.projects += owned.projects;
  report.ownership.moved += owned.moved;
  report.ownership.unassigned += owned.unassigned;
  const households = await householdsPerOwner(tx, regionId);

  const schedule = generateSchedule({
    horizon: options.horizon,
    today: options.today,
    calendar: shared.calendar,
    allowUnknownYears: options.allowUnknownYears,
    rules: shared.rules,
    employees: inputs.people.map((p) => ({ ...p, households: households.get(p.id) ?? 0 })),
    projects: inputs.projects,
    events: inputs.events,
    participation: shared.participation,
    leaves: inputs.leaves,
    blackouts: blackoutMap(inputs.blackouts),
    busy: inputs.busy,
    existing: inputs.proposals,
  });

  const scope = { from: maxDate(options.today, options.horizon.from), to: options.horizon.to };
  const reconciliation = reconcilePlan(await storedPlannedDuties(tx, regionId, scope), schedule.duties);
  const written =
    db.dialect === 'postgres'
      ? await writeReconciliationPostgres(tx, regionId, reconciliation, shared.at)
      : writeReconciliation(db, regionId, reconciliation, shared.at);
  report.moved += reconciliation.moves.length;
  report.moves.push(...reconciliation.moves.slice(0, Math.max(0, MOVES_SHOWN - report.moves.length)));
  for (const k of Object.keys(written) as (keyof PersistSummary)[]) report.duties[k] += written[k];

  const names = new Map(inputs.people.map((p) => [p.id, p.name]));
  const projectNames = new Map(inputs.projects.map((p) => [p.id, p.name]));
  for (const u of schedule.unplaced) {
    const key = `${u.reason}:${u.kind}:${u.periodKey}`;
    const group = groups.get(key) ?? { reason: u.reason, kind: u.kind, periodKey: u.periodKey, count: 0 };
    group.count++;
    groups.set(key, group);
    if (report.examples.length < EXAMPLES && u.reason !== 'unknown_year') {
      report.examples.push({
        ...u,
        employeeName: u.employeeId === null ? null : (names.get(u.employeeId) ?? null),
        projectName: u.projectId === null ? null : (projectNames.get(u.projectId) ?? null),
      });
    }
  }
}

/**
 * Household ownership (对接客户): each delivering or occupied project's
 * households spread over its active staff by core's planner; every move is
 * kept in household_assignments with its reason.
 */
async function rebalanceOwnership(
  db: Db,
  tx: Executor,
  projectIds: readonly number[],
  by: { at: number; actorId: number | null },
): Promise<RebalanceSummary> {
  const write = db.dialect === 'postgres' ? ownershipWriterPostgres(tx, by) : ownershipWriterSqlite(db, by);
  const summary: RebalanceSummary = { projects: 0, moved: 0, unassigned: 0 };
  for (const projectId of await ownershipProjectIds(tx, projectIds)) {
    const pool = await ownershipPool(tx, projectId);
    const members = pool.members.map((m) => ({
      employeeId: m.employeeId,
      weight: m.weight ?? defaultOwnershipWeight(m.position),
    }));
    const moves = planOwnership(members, pool.households);
    await write(
      moves.map((move) => ({
        householdId: move.householdId,
        from: move.from,
        to: move.to,
        reason: assignmentReason(move, pool.leavers),
      })),
    );
    summary.unassigned += moves.filter((move) => move.to === null).length;
    summary.projects++;
    summary.moved += moves.length;
  }
  return summary;
}

/** A household's new owner and the history row that says why. */
type OwnershipMove = { householdId: number; from: number | null; to: number | null; reason: string };

/** SQLite: two prepared statements a move, synchronous, on the connection the region's transaction holds. */
function ownershipWriterSqlite(db: Db, by: { at: number; actorId: number | null }) {
  const update = db.sqlite.prepare<[number | null, number, number]>(
    'UPDATE households SET owner_employee_id = ?, updated_at = ? WHERE id = ?',
  );
  const history = db.sqlite.prepare<[number, number | null, number | null, string, number, number | null]>(
    'INSERT INTO household_assignments (household_id, from_employee_id, to_employee_id, reason, note, at, actor_id) VALUES (?, ?, ?, ?, NULL, ?, ?)',
  );
  return async (moves: readonly OwnershipMove[]) => {
    for (const m of moves) {
      update.run(m.to, by.at, m.householdId);
      history.run(m.householdId, m.from, m.to, m.reason, by.at, by.actorId);
    }
  };
}

/** PostgreSQL: a project's moves as one update over arrays (a household moves once a plan) and batched history rows. */
function ownershipWriterPostgres(tx: Executor, by: { at: number; actorId: number | null }) {
  return async (moves: readonly OwnershipMove[]) => {
    for (const part of chunks(moves))
      await pgRun(
        tx,
        `update households h set owner_employee_id = u.owner, updated_at = $3
         from unnest($1::bigint[], $2::bigint[]) as u(id, owner) where h.id = u.id`,
        [part.map((m) => m.householdId), part.map((m) => m.to), by.at],
      );
    await pgInsertRows(
      tx,
      'household_assignments',
      ['household_id', 'from_employee_id', 'to_employee_id', 'reason', 'note', 'at', 'actor_id'],
      moves.map((m) => [m.householdId, m.from, m.to, m.reason, null, by.at, by.actorId]),
    );
  };
}

/**
 * Writes a region's reconciled plan. A removal happens only where nothing
 * hangs on the duty (checked in the statement, so it holds whatever else was
 * written since); one that does not happen counts as kept.
 */
function writeReconciliation(db: Db, regionId: number, r: PlanReconciliation, at: number): PersistSummary {
  const insert = db.sqlite.prepare<
    [
      string,
      string,
      number | null,
      number | null,
      number,
      number,
      number | null,
      string,
      string,
      string,
      string,
      string | null,
      number,
    ]
  >(
    `INSERT INTO duties (key, kind, rule_id, event_id, employee_id, region_id, project_id, period_kind, period_key, due_from, due_to, proposed_on, status, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'planned', ?)
     ON CONFLICT (key) DO NOTHING`,
  );
  const update = db.sqlite.prepare<[number, number, number | null, string, string, string | null, number, number]>(
    "UPDATE duties SET employee_id = ?, region_id = ?, project_id = ?, due_from = ?, due_to = ?, proposed_on = ?, updated_at = ? WHERE id = ? AND status = 'planned'",
  );
  const remove = db.sqlite.prepare<[number]>(
    `DELETE FROM duties WHERE id = ? AND status IN ('planned', 'scheduled') AND ${NOTHING_HANGS_ON_IT}`,
  );
  const summary: PersistSummary = {
    created: 0,
    updated: r.updates.length,
    unchanged: r.unchanged,
    kept: r.kept,
    removed: 0,
  };
  for (const d of r.inserts) summary.created += insert.run(...dutyRowOf(d, regionId, at)).changes;
  for (const u of r.updates)
    update.run(
      u.duty.employeeId,
      regionId,
      u.duty.projectId,
      u.duty.dueFrom,
      u.duty.dueTo,
      u.duty.proposedOn,
      at,
      u.id,
    );
  for (const id of r.removals) {
    const removed = remove.run(id).changes;
    summary.removed += removed;
    if (!removed) summary.kept++;
  }
  return summary;
}

const DUTY_INSERT_COLUMNS = [
  'key',
  'kind',
  'rule_id',
  'event_id',
  'employee_id',
  'region_id',
  'project_id',
  'period_kind',
  'period_key',
  'due_from',
  'due_to',
  'proposed_on',
  'status',
  'updated_at',
] as const;

/** A new duty's row, in DUTY_INSERT_COLUMNS order less `status` (always 'planned'). */
function dutyRowOf(d: PlannedDuty, regionId: number, at: number) {
  return [
    d.key,
    d.kind,
    d.ruleId,
    d.eventId,
    d.employeeId,
    regionId,
    d.projectId,
    d.periodKind,
    d.periodKey,
    d.dueFrom,
    d.dueTo,
    d.proposedOn,
    at,
  ] as const;
}

/**
 * The same writes on PostgreSQL, in the same order (inserts, updates,
 * removals) and with the same counting, batched: multi-row inserts that skip
 * a key already taken, one update and one delete over arrays per few
 * thousand duties. The delete's condition is the SQLite one, so a duty
 * something hangs on stays (and counts as kept).
 */
async function writeReconciliationPostgres(
  tx: Executor,
  regionId: number,
  r: PlanReconciliation,
  at: number,
): Promise<PersistSummary> {
  const summary: PersistSummary = {
    created: 0,
    updated: r.updates.length,
    unchanged: r.unchanged,
    kept: r.kept,
    removed: 0,
  };
  const rows = r.inserts.map((d) => {
    const row = dutyRowOf(d, regionId, at);
    return [...row.slice(0, 12), 'planned', row[12]];
  });
  summary.created = (
    await pgInsertRows(tx, 'duties', DUTY_INSERT_COLUMNS, rows, 'on conflict (key) do nothing')
  ).changes;
  for (const part of chunks(r.updates))
    await pgRun(
      tx,
      `update duties d set employee_id = u.employee_id, region_id = $8, project_id = u.project_id, due_from = u.due_from,
         due_to = u.due_to, proposed_on = u.proposed_on, updated_at = $7
       from unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::text[])
         as u(id, employee_id, project_id, due_from, due_to, proposed_on)
       where d.id = u.id and d.status = 'planned'`,
      [
        part.map((u) => u.id),
        part.map((u) => u.duty.employeeId),
        part.map((u) => u.duty.projectId),
        part.map((u) => u.duty.dueFrom),
        part.map((u) => u.duty.dueTo),
        part.map((u) => u.duty.proposedOn),
        at,
        regionId,
      ],
    );
  for (const part of chunks(r.removals)) {
    const { changes } = await pgRun(
      tx,
      `delete from duties where id = any($1::bigint[]) and status in ('planned', 'scheduled') and ${NOTHING_HANGS_ON_IT}`,
      [part],
    );
    summary.removed += changes;
    summary.kept += part.length - changes;
  }
  return summary;
}
