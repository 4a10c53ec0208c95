import { OPEN_STATUSES, PLANNED_DUTY_KINDS, type DutyKind, type DutyState, type DutyStatus, type IsoDate, type PeriodKind, type PlannedDuty } from '@frontline/core';
import { sql, type Selectable } from 'kysely';
import { writeAudit, type AuditContext } from './audit.ts';
import type { Db } from './open.ts';
import type { DutyTable } from './schema.ts';

/** Duties as stored: the generated plan plus what people did with it. */
export type Duty = {
  id: number;
  key: string;
  kind: DutyKind;
  ruleId: number | null;
  eventId: number | null;
  employeeId: number;
  regionId: number | null;
  projectId: number | null;
  periodKind: PeriodKind;
  periodKey: string;
  dueFrom: IsoDate;
  dueTo: IsoDate;
  proposedOn: IsoDate | null;
  scheduledOn: IsoDate | null;
  householdId: number | null;
  status: DutyStatus;
  deputyId: number | null;
  attendedBy: number | null;
  completedOn: IsoDate | null;
  notes: string | null;
  reason: string | null;
  approvedBy: number | null;
  updatedAt: number;
};

export function toDuty(r: Selectable<DutyTable>): Duty {
  return {
    id: r.id, key: r.key, kind: r.kind as DutyKind, ruleId: r.rule_id, eventId: r.event_id, employeeId: r.employee_id,
    regionId: r.region_id, projectId: r.project_id, periodKind: r.period_kind as PeriodKind, periodKey: r.period_key,
    dueFrom: r.due_from, dueTo: r.due_to, proposedOn: r.proposed_on, scheduledOn: r.scheduled_on, householdId: r.household_id,
    status: r.status as DutyStatus, deputyId: r.deputy_id, attendedBy: r.attended_by, completedOn: r.completed_on,
    notes: r.notes, reason: r.reason, approvedBy: r.approved_by, updatedAt: r.updated_at,
  };
}

export type PersistScope = { regionId: number | null; from: IsoDate; to: IsoDate };
export type PersistSummary = { created: number; updated: number; unchanged: number; kept: number; removed: number };


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
] as const;

const NOTHING_HANGS_ON_IT = DUTY_DEPENDENTS.map((d) => `NOT EXISTS (SELECT 1 FROM ${d.table} WHERE ${d.table}.${d.column} = duties.id)`).join(' AND ');
const PLANNED_KINDS_SQL = PLANNED_DUTY_KINDS.map((k) => `'${k}'`).join(', ');

/**
 * Writes a region's generated plan: new duties are inserted, planned ones
 * updated where the plan changed, anything people have acted on (scheduled,
 * done, missed, excused, delegated) left alone. Planned or scheduled duties of
 * the region and horizon that the plan no longer has (a leaver's, a rule
 * switched off) are removed, unless something hangs on them. Only the kinds
 * the planner makes are touched: verification revisits belong to their plan.
 * Synchronous: call inside `exclusive`.
 */
export function persistScheduleSync(
  db: Db,
  duties: readonly (PlannedDuty & { regionId: number | null })[],
  scope: PersistScope,
  at: number,
  /** Receives every planned duty whose date changed. */
  moves: { dutyId: number; employeeId: number; kind: DutyKind; from: IsoDate; to: IsoDate | null }[] = [],
): PersistSummary {
  const existing = db.sqlite
    .prepare(
      `SELECT id, key, status, employee_id, project_id, due_from, due_to, proposed_on FROM duties
       WHERE region_id IS ? AND due_to >= ? AND due_from <= ? AND kind IN (${PLANNED_KINDS_SQL})`,
    )
    .all(scope.regionId, scope.from, scope.to) as {
    id: number; key: string; status: string; employee_id: number; project_id: number | null; due_from: string; due_to: string; proposed_on: string | null;
  }[];
  const byKey = new Map(existing.map((e) => [e.key, e]));
  const insert = db.sqlite.prepare(
    `INSERT INTO duties (key, kind, rule_id, event_id, employee_id, region_id, project_id, period_kind, period_key, due_from, due_to, proposed_on, status, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'planned', ?)
     ON CONFLICT (key) DO NOTHING`,
  );
  const update = db.sqlite.prepare(
    'UPDATE duties SET employee_id = ?, region_id = ?, project_id = ?, due_from = ?, due_to = ?, proposed_on = ?, updated_at = ? WHERE id = ? AND status = ?',
  );
  const summary: PersistSummary = { created: 0, updated: 0, unchanged: 0, kept: 0, removed: 0 };
  const planned = new Set<string>();
  for (const d of duties) {
    planned.add(d.key);
    const old = byKey.get(d.key);
    if (!old) {
      summary.created += insert.run(d.key, d.kind, d.ruleId, d.eventId, d.employeeId, d.regionId, d.projectId, d.periodKind, d.periodKey, d.dueFrom, d.dueTo, d.proposedOn, at).changes;
    } else if (old.status !== 'planned') {
      summary.kept++;
    } else if (
      old.employee_id !== d.employeeId || old.project_id !== d.projectId || old.due_from !== d.dueFrom || old.due_to !== d.dueTo || old.proposed_on !== d.proposedOn
    ) {
      update.run(d.employeeId, d.regionId, d.projectId, d.dueFrom, d.dueTo, d.proposedOn, at, old.id, 'planned');
      summary.updated++;
      if (old.proposed_on !== null && old.proposed_on !== d.proposedOn) moves.push({ dutyId: old.id, employeeId: d.employeeId, kind: d.kind, from: old.proposed_on, to: d.proposedOn });
    } else {
      summary.unchanged++;
    }
  }
  const remove = db.sqlite.prepare(`DELETE FROM duties WHERE id = ? AND status IN ('planned', 'scheduled') AND ${NOTHING_HANGS_ON_IT}`);
  for (const old of existing) {
    if (planned.has(old.key) || (old.status !== 'planned' && old.status !== 'scheduled')) continue;
    const removed = remove.run(old.id).changes;
    summary.removed += removed;
    if (!removed) summary.kept++;
  }
  return summary;
}

/** The daily job: open duties whose window has passed become missed. Safe to run any number of times. */
export async function markMissedDuties(db: Db, today: IsoDate, ctx: AuditContext, filter: { regionId?: number } = {}): Promise<number> {
  return db.kysely.transaction().execute(async (trx) => {
    let q = trx.updateTable('duties').set({ status: 'missed', updated_at: ctx.at }).where('status', 'in', [...OPEN_STATUSES]).where('due_to', '<', today);
    if (filter.regionId !== undefined) q = q.where('region_id', '=', filter.regionId);
    const result = await q.executeTakeFirst();
    const count = Number(result.numUpdatedRows);
    if (count) await writeAudit(trx, ctx, { action: 'duties.mark_missed', entity: 'duties', after: { today, count, ...filter } });
    return count;
  });
}

export async function getDuty(db: Db, id: number): Promise<Duty | undefined> {
  const row = await db.kysely.selectFrom('duties').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toDuty(row);
}

/** A duty's household as views need it: the address to label (masked there) and what decides who may see it. */
export type DutyHousehold = {
  id: number; building: string; unit: string; room: string; projectId: number; regionId: number; ownerEmployeeId: number | null;
  /** The customers' names, so that free text about the household can be masked where they were typed. */
  owners: { name: string }[];
};

export type DutyListItem = Duty & { projectName: string | null; employeeName: string; deputyName: string | null; eventTitle: string | null; household: DutyHousehold | null };

function listQuery(db: Db) {
  return db.kysely
    .selectFrom('duties as d')
    .innerJoin('employees as e', 'e.id', 'd.employee_id')
    .leftJoin('employees as dep', 'dep.id', 'd.deputy_id')
    .leftJoin('projects as p', 'p.id', 'd.project_id')
    .leftJoin('checkpoint_events as ev', 'ev.id', 'd.event_id')
    .leftJoin('households as h', 'h.id', 'd.household_id')
    .leftJoin('projects as hp', 'hp.id', 'h.project_id')
    .selectAll('d')
    .select([
      'p.name as project_name', 'e.name as employee_name', 'dep.name as deputy_name', 'ev.title as event_title',
      'h.building', 'h.unit', 'h.room', 'h.project_id as household_project_id', 'hp.region_id as household_region_id', 'h.owner_employee_id as household_owner_id',
      sql<string | null>`(select json_group_array(o.name) from household_owners o where o.household_id = h.id)`.as('household_owner_names'),
    ]);
}

type ListRow = Selectable<DutyTable> & {
  project_name: string | null; employee_name: string; deputy_name: string | null; event_title: string | null;
  building: string | null; unit: string | null; room: string | null;
  household_project_id: number | null; household_region_id: number | null; household_owner_id: number | null; household_owner_names: string | null;
};

function toListItem(r: ListRow): DutyListItem {
  return {
    ...toDuty(r),
    projectName: r.project_name,
    employeeName: r.employee_name,
    deputyName: r.deputy_name,
    eventTitle: r.event_title,
    household:
      r.household_id === null || r.building === null
        ? null
        : {
            id: r.household_id, building: r.building, unit: r.unit!, room: r.room!,
            projectId: r.household_project_id!, regionId: r.household_region_id!, ownerEmployeeId: r.household_owner_id,
            owners: (JSON.parse(r.household_owner_names ?? '[]') as string[]).map((name) => ({ name })),
          },
  };
}

/** The caller's duties (due, or delegated to them) whose window overlaps [from, to]. */
export async function listDutiesOf(db: Db, employeeId: number, range: { from: IsoDate; to: IsoDate }, kind?: DutyKind): Promise<DutyListItem[]> {
  let q = listQuery(db)
    .where((eb) => eb.or([eb('d.employee_id', '=', employeeId), eb('d.deputy_id', '=', employeeId)]))
    .where('d.due_to', '>=', range.from)
    .where('d.due_from', '<=', range.to);
  if (kind) q = q.where('d.kind', '=', kind);
  const rows = await q.orderBy('d.due_to').orderBy('d.id').execute();
  return rows.map((r) => toListItem(r as ListRow));
}

/** One duty with the names around it. */
export async function getDutyListItem(db: Db, id: number): Promise<DutyListItem | undefined> {
  const row = await listQuery(db).where('d.id', '=', id).executeTakeFirst();
  return row && toListItem(row as ListRow);
}

/** One person's duties whose window ends in [from, to]: what the compliance board counts for them. */
export async function listDutiesForPerson(db: Db, employeeId: number, range: { from: IsoDate; to: IsoDate }): Promise<DutyListItem[]> {
  const rows = await listQuery(db)
    .where('d.employee_id', '=', employeeId)
    .where('d.due_to', '>=', range.from)
    .where('d.due_to', '<=', range.to)
    .orderBy('d.due_from')
    .orderBy('d.id')
    .execute();
  return rows.map((r) => toListItem(r as ListRow));
}

/** Dates on which a person already has a reception (other than `except`). */
export async function receptionDatesOf(db: Db, employeeId: number, except?: number): Promise<Set<IsoDate>> {
  const rows = await db.kysely
    .selectFrom('duties')
    .select(['scheduled_on', 'proposed_on', 'id', 'status'])
    .where('employee_id', '=', employeeId)
    .where('kind', '=', 'reception')
    .where('status', 'in', ['planned', 'scheduled', 'done', 'delegated'])
    .execute();
  return new Set(rows.filter((r) => r.id !== except).map((r) => r.scheduled_on ?? r.proposed_on).filter((d): d is string => d !== null));
}

/**
 * Saves a transition, only if the duty is still in the status it was read in
 * (someone else acting meanwhile gets a conflict, not a silent overwrite).
 */
export async function saveDutyState(
  db: Db,
  duty: Duty,
  next: DutyState & { householdId?: number | null },
  action: string,
  ctx: AuditContext,
): Promise<boolean> {
  return db.kysely.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('duties')
      .set({
        status: next.status,
        scheduled_on: next.scheduledOn,
        completed_on: next.completedOn,
        attended_by: next.attendedBy,
        deputy_id: next.deputyId,
        reason: next.reason,
        notes: next.notes,
        approved_by: next.approvedBy,
        household_id: next.householdId === undefined ? duty.householdId : next.householdId,
        updated_at: ctx.at,
      })
      .where('id', '=', duty.id)
      .where('status', '=', duty.status)
      .where('updated_at', '=', duty.updatedAt)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return false;
    await writeAudit(trx, ctx, {
      action: `duty.${action}`,
      entity: 'duty',
      entityId: duty.id,
      before: { status: duty.status, scheduledOn: duty.scheduledOn, deputyId: duty.deputyId },
      after: { status: next.status, scheduledOn: next.scheduledOn, deputyId: next.deputyId, reason: next.reason, completedOn: next.completedOn },
    });
    return true;
  });
}

export function dutyState(d: Duty): DutyState {
  return {
    status: d.status, employeeId: d.employeeId, scheduledOn: d.scheduledOn, completedOn: d.completedOn, attendedBy: d.attendedBy,
    deputyId: d.deputyId, reason: d.reason, notes: d.notes, approvedBy: d.approvedBy,
  };
}
