import { ASSIGNMENT_REASONS, type AssignmentReason } from '@frontline/core';
import { writeAudit, type AuditContext } from './audit.ts';
import type { Db } from './open.ts';
import { oneOf } from './repositories/columns.ts';

/** Household ownership (对接客户) by hand, and each household's history of owners. */

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
  return rows.map((r) => ({ ...r, reason: oneOf(ASSIGNMENT_REASONS, r.reason, 'household_assignments.reason') }));
}
