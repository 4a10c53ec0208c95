import {
  err,
  newPasswordProblem,
  ok,
  type AppError,
  type Employee,
  type Locale,
  type Result,
  type SessionPolicy,
} from '@frontline/core';
import {
  credentialsOf,
  findCredentials,
  inTransaction,
  updateEmployeeLanguage,
  writeAudit,
  type AuditContext,
  type Db,
} from '@frontline/db';
import { hashPassword, verifyPassword } from '../../auth/password.ts';
import { createSession, mintSession } from '../../auth/session.ts';
import { accountKeys, type SignInThrottle } from '../../auth/throttle.ts';
import { setPassword } from '../people/service.ts';

/**
 * Signing in and changing one's own password. Both count failures against
 * the same throttle, per account and per address, so neither a sign-in form
 * nor a stolen session can be used to guess a password; a locked account
 * answers with how long to wait. Every attempt, good or bad, is audited.
 */

type Guard = { throttle: SignInThrottle; now: number; address: string };

/** Seconds to wait before another try on these accounts from this address (0: go ahead). */
async function waitFor(guard: Guard, accounts: readonly string[]): Promise<number> {
  return Math.max(
    await guard.throttle.account.retryAfter(accounts, guard.now),
    await guard.throttle.address.retryAfter([guard.address], guard.now),
  );
}

async function failed(guard: Guard, accounts: readonly string[]): Promise<void> {
  await guard.throttle.account.fail(accounts, guard.now);
  await guard.throttle.address.fail([guard.address], guard.now);
}

const locked = (seconds: number): AppError => ({ code: 'TOO_MANY_ATTEMPTS', params: { seconds } });

export async function signIn(
  db: Db,
  credentials: { login: string; password: string },
  guard: Guard & { policy: SessionPolicy },
  ctx: AuditContext,
): Promise<Result<{ employee: Employee; mustChangePassword: boolean; token: string; expiresAt: number }, AppError>> {
  const accountKey = credentials.login.toLowerCase();
  const wait = await waitFor(guard, [accountKey]);
  if (wait > 0) return err(locked(wait));
  const found = await findCredentials(db, credentials.login);
  const usable = found && found.employee.active ? found.passwordHash : null;
  // Same work and the same answer whether the login exists or not.
  const valid = await verifyPassword(usable, credentials.password);
  if (!found || !valid || !found.employee.active) {
    await failed(guard, [accountKey]);
    await writeAudit(db, ctx, {
      action: 'auth.sign-in-failed',
      entity: 'employee',
      entityId: found?.employee.id ?? null,
      after: { login: accountKey },
    });
    return err({ code: 'INVALID_CREDENTIALS' });
  }
  await guard.throttle.account.succeed([accountKey]);
  const session = await createSession(db, found.employee.id, guard.now, guard.policy);
  await writeAudit(
    db,
    { ...ctx, actorId: found.employee.id },
    { action: 'auth.sign-in', entity: 'employee', entityId: found.employee.id },
  );
  return ok({ employee: found.employee, mustChangePassword: found.mustChangePassword, ...session });
}

/**
 * A person replaces their own password: the current one must be right; the
 * new one must pass core's rules. Every other session ends and this browser
 * gets a fresh one (Lucia's advice).
 */
export async function changeOwnPassword(
  db: Db,
  employee: Employee,
  passwords: { currentPassword: string; newPassword: string },
  guard: Guard & { policy: SessionPolicy },
  ctx: AuditContext,
): Promise<Result<{ token: string; expiresAt: number } | null, AppError>> {
  const accounts = accountKeys(employee);
  const wait = await waitFor(guard, accounts);
  if (wait > 0) return err(locked(wait));
  const stored = await credentialsOf(db, employee.id);
  if (!(await verifyPassword(stored?.passwordHash ?? null, passwords.currentPassword))) {
    await failed(guard, accounts);
    await writeAudit(db, ctx, { action: 'auth.password-change-failed', entity: 'employee', entityId: employee.id });
    return err({ code: 'VALIDATION_FAILED', fields: { currentPassword: 'PASSWORD_WRONG' } });
  }
  const problem = newPasswordProblem(passwords.newPassword, employee, passwords.currentPassword);
  if (problem) return err({ code: 'VALIDATION_FAILED', fields: { newPassword: problem } });
  await guard.throttle.account.succeed(accounts);
  const fresh = mintSession(employee.id, guard.now, guard.policy);
  const done = await setPassword(
    db,
    {
      employeeId: employee.id,
      passwordHash: await hashPassword(passwords.newPassword),
      mustChange: false,
      freshSession: fresh.record,
      action: 'employee.password-change',
    },
    ctx,
  );
  return ok(done ? { token: fresh.token, expiresAt: fresh.expiresAt } : null);
}

/**
 * A person chooses their language: the screen after they sign in, and every
 * mail and calendar invite they are sent from now on. Only their own; audited
 * when it changes. Answers false for a person who is gone.
 */
export async function setOwnLanguage(
  db: Db,
  employee: Employee,
  language: Locale,
  ctx: AuditContext,
): Promise<boolean> {
  return inTransaction(db, async (tx) => {
    const before = await updateEmployeeLanguage(tx, employee.id, language, ctx.at);
    if (before === undefined) return false;
    if (before !== language) {
      await writeAudit(tx, ctx, {
        action: 'employee.language',
        entity: 'employee',
        entityId: employee.id,
        before: { language: before },
        after: { language },
      });
    }
    return true;
  });
}
