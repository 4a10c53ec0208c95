import { writeAudit, type AuditContext } from './audit.ts';
import type { Db } from './open.ts';
import { insertSession, type SessionRecord } from './sessions.ts';

/** A person's stored password hash and whether they must replace it, for checking the password they type. */
export async function credentialsOf(db: Db, employeeId: number): Promise<{ passwordHash: string | null; mustChangePassword: boolean } | undefined> {
  const row = await db.kysely
    .selectFrom('employees')
    .select(['password_hash', 'password_change_required'])
    .where('id', '=', employeeId)
    .executeTakeFirst();
  return row && { passwordHash: row.password_hash, mustChangePassword: row.password_change_required === 1 };
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
export async function setPassword(db: Db, change: PasswordChange, ctx: AuditContext): Promise<{ sessionsEnded: number } | undefined> {
  return db.kysely.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('employees')
      .set({ password_hash: change.passwordHash, password_change_required: change.mustChange ? 1 : 0, updated_at: ctx.at })
      .where('id', '=', change.employeeId)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) return undefined;
    const ended = await trx.deleteFrom('sessions').where('employee_id', '=', change.employeeId).executeTakeFirst();
    if (change.freshSession) await insertSession(trx, change.freshSession);
    const sessionsEnded = Number(ended.numDeletedRows);
    await writeAudit(trx, ctx, { action: change.action, entity: 'employee', entityId: change.employeeId, after: { mustChange: change.mustChange, sessionsEnded } });
    return { sessionsEnded };
  });
}
