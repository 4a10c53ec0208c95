import { defaultOwnershipWeight, OWNERSHIP_STAGES, planOwnership, type AssignmentReason, type OwnershipMove } from '@frontline/core';
import { writeAudit, type AuditContext } from './audit.ts';
import type { Db } from './open.ts';

/**
 * Household ownership (对接客户) applied to the database: each delivering or
 * occupied project's households are spread over its active staff by the core
 * planner; every move is written to household_assignments.
 */

export type RebalanceSummary = { projects: number; moved: number; unassigned: number };

/** Projects whose households need owners, optionally limited to some ids. */
function ownedProjectIds(db: Db, only?: readonly number[]): number[] {
  const stages = OWNERSHIP_STAGES.map(() => '?').join(', ');
  const ids = db.sqlite.prepare(`SELECT id FROM projects WHERE stage IN (${stages}) ORDER BY id`).pluck().all(...OWNERSHIP_STAGES) as number[];
  if (!only) return ids;
  const wanted = new Set(only);
  return ids.filter((id) => wanted.has(id));
}

/** Synchronous body, for callers already inside `exclusive`. */
export function rebalanceProjectsSync(db: Db, projectIds: readonly number[] | undefined, ctx: AuditContext): RebalanceSummary {
  const pool = db.sqlite.prepare('SELECT id, position, ownership_weight AS weight FROM employees WHERE project_id = ? AND active = 1 ORDER BY id');
  const households = db.sqlite.prepare('SELECT id, owner_employee_id AS ownerId FROM households WHERE project_id = ? ORDER BY id');
  const leavers = db.sqlite.prepare('SELECT id FROM employees WHERE project_id = ? AND active = 0').pluck();
  const update = db.sqlite.prepare('UPDATE households SET owner_employee_id = ?, updated_at = ? WHERE id = ?');
  const history = db.sqlite.prepare(
    'INSERT INTO household_assignments (household_id, from_employee_id, to_employee_id, reason, note, at, actor_id) VALUES (?, ?, ?, ?, NULL, ?, ?)',
  );
  const summary: RebalanceSummary = { projects: 0, moved: 0, unassigned: 0 };
  for (const projectId of ownedProjectIds(db, projectIds)) {
    const members = (pool.all(projectId) as { id: number; position: string; weight: number | null }[]).map((m) => ({
      employeeId: m.id,
      weight: m.weight ?? defaultOwnershipWeight(m.position),
    }));
    const gone = new Set(leavers.all(projectId) as number[]);
    const moves = planOwnership(members, households.all(projectId) as { id: number; ownerId: number | null }[]);
    for (const move of moves) {
      update.run(move.to, ctx.at, move.householdId);
      history.run(move.householdId, move.from, move.to, reasonOf(move, gone), ctx.at, ctx.actorId);
      if (move.to === null) summary.unassigned++;
    }
    summary.projects++;
    summary.moved += moves.length;
  }
  return summary;
}

function reasonOf(move: OwnershipMove, gone: ReadonlySet<number>): AssignmentReason {
  if (move.from === null) return 'initial';
  return gone.has(move.from) ? 'leaver' : 'rebalance';
}

/** A manager's hand move, with a reason; audited and kept in the household's history. */
export async function moveHousehold(
  db: Db,
  household: { id: number; ownerEmployeeId: number | null },
  toEmployeeId: number,
  note: string,
  ctx: AuditContext,
): Promise<void> {
  await db.kysely.transaction().execute(async (trx) => {
    await trx.updateTable('households').set({ owner_employee_id: toEmployeeId, updated_at: ctx.at }).where('id', '=', household.id).execute();
    await trx
      .insertInto('household_assignments')
      .values({ household_id: household.id, from_employee_id: household.ownerEmployeeId, to_employee_id: toEmployeeId, reason: 'manual', note, at: ctx.at, actor_id: ctx.actorId })
      .execute();
    await writeAudit(trx, ctx, {
      action: 'household.move',
      entity: 'household',
      entityId: household.id,
      before: { ownerEmployeeId: household.ownerEmployeeId },
      after: { ownerEmployeeId: toEmployeeId, note },
    });
  });
}

export type AssignmentRecord = {
  id: number;
  at: number;
  fromEmployeeId: number | null;
  fromName: string | null;
  toEmployeeId: number | null;
  toName: string | null;
  reason: AssignmentReason;
  note: string | null;
  actorName: string | null;
};

export async function listAssignmentHistory(db: Db, householdId: number): Promise<AssignmentRecord[]> {
  const rows = await db.kysely
    .selectFrom('household_assignments as a')
    .leftJoin('employees as f', 'f.id', 'a.from_employee_id')
    .leftJoin('employees as t', 't.id', 'a.to_employee_id')
    .leftJoin('employees as x', 'x.id', 'a.actor_id')
    .select([
      'a.id', 'a.at', 'a.from_employee_id as fromEmployeeId', 'f.name as fromName', 'a.to_employee_id as toEmployeeId',
      't.name as toName', 'a.reason', 'a.note', 'x.name as actorName',
    ])
    .where('a.household_id', '=', householdId)
    .orderBy('a.id', 'desc')
    .execute();
  return rows.map((r) => ({ ...r, reason: r.reason as AssignmentReason }));
}
