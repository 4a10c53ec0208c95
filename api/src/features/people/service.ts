import type { Employee } from '@frontline/core';
import {
  deleteEmployeeSessions,
  deleteLeave,
  insertLeave,
  insertSession,
  updateEmployeeActive,
  updateOwnershipWeight,
  updatePassword,
  writeAudit,
  type AuditContext,
  type Db,
  type Leave,
  type SessionRecord,
  inTransaction,
} from '@frontline/db';

/**
 * A person's standing and what hangs on it, each change in one transaction
 * with its audit row: leaving (which ends their sessions, so no request
 * outlives it) and returning, their leave, their share of the project's
 * households, and their password. Who may make each change is the people
 * policy's; what the change moves in the plan, the planning feature's.
 */

export async function setEmployeeActive(
  db: Db,
  id: number,
  active: boolean,
  ctx: AuditContext & { today: string },
): Promise<Employee | undefined> {
  return inTransaction(db, async (tx) => {
    const changed = await updateEmployeeActive(tx, id, active, ctx.today, ctx.at);
    if (!changed) return undefined;
    if (!active) await deleteEmployeeSessions(tx, id);
    await writeAudit(tx, ctx, {
      action: active ? 'employee.enable' : 'employee.disable',
      entity: 'employee',
      entityId: id,
      before: { active: changed.before.active, leftOn: changed.before.leftOn },
      after: { active, leftOn: changed.after.leftOn },
    });
    return changed.after;
  });
}

export async function addLeave(db: Db, leave: Omit<Leave, 'id'>, ctx: AuditContext): Promise<Leave> {
  return inTransaction(db, async (tx) => {
    const created = await insertLeave(tx, leave);
    await writeAudit(tx, ctx, { action: 'leave.create', entity: 'employee', entityId: leave.employeeId, after: leave });
    return created;
  });
}

export async function removeLeave(db: Db, leave: Leave, ctx: AuditContext): Promise<void> {
  await inTransaction(db, async (tx) => {
    await deleteLeave(tx, leave.id);
    await writeAudit(tx, ctx, {
      action: 'leave.delete',
      entity: 'employee',
      entityId: leave.employeeId,
      before: leave,
    });
  });
}

/** A person's share of their project's households; null restores the position's default (executives 0, staff 1). */
export async function setOwnershipWeight(
  db: Db,
  employeeId: number,
  weight: number | null,
  ctx: AuditContext,
): Promise<void> {
  await inTransaction(db, async (tx) => {
    const before = await updateOwnershipWeight(tx, employeeId, weight, ctx.at);
    await writeAudit(tx, ctx, {
      action: 'employee.ownership_weight',
      entity: 'employee',
      entityId: employeeId,
      before,
      after: weight,
    });
  });
}

export type PasswordChange = {
  employeeId: number;
  /** Argon2id hash; the password itself never reaches this layer. */
  passwordHash: string;
  /** Set by an administrator's reset: the person must choose their own before anything else. */
  mustChange: boolean;
  /** The session that replaces the person's own after they changed it (Lucia: end them all, issue a fresh one). */
  freshSession?: SessionRecord;
  action: 'employee.password-change' | 'employee.password-reset';
};

/**
 * Stores a new password hash and ends every session of the person, in one
 * transaction with its audit entry (which records that it happened, never a
 * password or a hash). A change made by the person themselves puts one fresh
 * session in place for the browser that made it. Undefined when there is
 * no such person.
 */
export async function setPassword(
  db: Db,
  change: PasswordChange,
  ctx: AuditContext,
): Promise<{ sessionsEnded: number } | undefined> {
  return inTransaction(db, async (tx) => {
    if (!(await updatePassword(tx, change.employeeId, change, ctx.at))) return undefined;
    const sessionsEnded = await deleteEmployeeSessions(tx, change.employeeId);
    if (change.freshSession) await insertSession(tx, change.freshSession);
    await writeAudit(tx, ctx, {
      action: change.action,
      entity: 'employee',
      entityId: change.employeeId,
      after: { mustChange: change.mustChange, sessionsEnded },
    });
    return { sessionsEnded };
  });
}
