import type { Employee, Household } from '@frontline/core';
import { assignHousehold, writeAudit, type AuditContext, type Db } from '@frontline/db';

/**
 * Households by hand: a manager gives one to another employee of its
 * project, with a reason kept in its history and the audit log. (The
 * planner's moves are core's ownership rules, written by the planning run.)
 */

/** The employee may look after the household: active, and on its project. */
export const mayOwn = (employee: Employee, household: Household): boolean => employee.active && employee.projectId === household.projectId;

export async function moveHousehold(db: Db, household: Household, to: Employee, note: string, ctx: AuditContext): Promise<void> {
  if (to.id === household.ownerEmployeeId) return;
  await db.kysely.transaction().execute(async (tx) => {
    await assignHousehold(tx, { householdId: household.id, from: household.ownerEmployeeId, to: to.id, reason: 'manual', note }, ctx);
    await writeAudit(tx, ctx, {
      action: 'household.move',
      entity: 'household',
      entityId: household.id,
      before: { ownerEmployeeId: household.ownerEmployeeId },
      after: { ownerEmployeeId: to.id, note },
    });
  });
}
