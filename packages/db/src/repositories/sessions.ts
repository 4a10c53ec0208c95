import type { Employee } from '@frontline/core';
import { lookupsBeatJoins } from '../dialect/index.ts';
import { executorOf, type Executor, type Reader, type Writer } from '../unit-of-work.ts';
import { toEmployee } from './org.ts';

export type SessionRecord = {
  id: string;
  secretHash: Uint8Array;
  employeeId: number;
  createdAt: number;
  lastActiveAt: number;
};

/** Inserts a session with the executor given, so a password change swaps sessions inside its own transaction. */
export async function insertSession(x: Writer, s: SessionRecord): Promise<void> {
  await executorOf(x)
    .insertInto('sessions')
    .values({
      id: s.id,
      secret_hash: s.secretHash,
      employee_id: s.employeeId,
      created_at: s.createdAt,
      last_active_at: s.lastActiveAt,
    })
    .execute();
}

/**
 * A session with its employee: every signed-in request reads this first.
 * `mustChangePassword` holds the session to the change route. Two reads by
 * key where they are faster than one join (SQLite), else the join.
 */
export async function getSession(
  x: Reader,
  id: string,
): Promise<(SessionRecord & { employee: Employee; mustChangePassword: boolean }) | undefined> {
  const k = executorOf(x);
  const found = lookupsBeatJoins(k) ? await sessionThenEmployee(k, id) : await sessionWithEmployee(k, id);
  if (!found) return undefined;
  const { session, employee } = found;
  return {
    id: session.id,
    secretHash: session.secret_hash,
    employeeId: employee.id,
    createdAt: session.created_at,
    lastActiveAt: session.last_active_at,
    employee: toEmployee(employee),
    mustChangePassword: employee.password_change_required === 1,
  };
}

async function sessionThenEmployee(k: Executor, id: string) {
  const session = await k.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
  const employee =
    session && (await k.selectFrom('employees').selectAll().where('id', '=', session.employee_id).executeTakeFirst());
  return session && employee ? { session, employee } : undefined;
}

async function sessionWithEmployee(k: Executor, id: string) {
  const row = await k
    .selectFrom('sessions as s')
    .innerJoin('employees as e', 'e.id', 's.employee_id')
    .selectAll('e')
    .select(['s.id as session_id', 's.secret_hash', 's.created_at as session_created_at', 's.last_active_at'])
    .where('s.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const { session_id, secret_hash, session_created_at, last_active_at, ...employee } = row;
  return {
    session: { id: session_id, secret_hash, created_at: session_created_at, last_active_at },
    employee,
  };
}

export async function touchSession(x: Reader, id: string, at: number): Promise<void> {
  await executorOf(x).updateTable('sessions').set({ last_active_at: at }).where('id', '=', id).execute();
}

export async function deleteSession(x: Reader, id: string): Promise<void> {
  await executorOf(x).deleteFrom('sessions').where('id', '=', id).execute();
}

/** Ends every session of a person; answers how many there were. */
export async function deleteEmployeeSessions(x: Reader, employeeId: number): Promise<number> {
  return Number(
    (await executorOf(x).deleteFrom('sessions').where('employee_id', '=', employeeId).executeTakeFirst())
      .numDeletedRows,
  );
}
