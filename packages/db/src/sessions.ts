import type { Employee } from '@frontline/core';
import type { Kysely } from 'kysely';
import type { Db } from './open.ts';
import type { Database } from './schema.ts';
import { toEmployee } from './org.ts';

export type SessionRecord = {
  id: string;
  secretHash: Uint8Array;
  employeeId: number;
  createdAt: number;
  lastActiveAt: number;
};

/** Inserts a session with the executor given, so a password change swaps sessions inside its own transaction. */
export async function insertSession(executor: Kysely<Database>, s: SessionRecord): Promise<void> {
  await executor
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
 * A session with its employee, in one query: every signed-in request reads
 * this first. `mustChangePassword` holds the session to the change route.
 */
export async function getSession(db: Db, id: string): Promise<(SessionRecord & { employee: Employee; mustChangePassword: boolean }) | undefined> {
  const row = await db.kysely
    .selectFrom('sessions as s')
    .innerJoin('employees as e', 'e.id', 's.employee_id')
    .selectAll('e')
    .select(['s.id as session_id', 's.secret_hash', 's.created_at as session_created_at', 's.last_active_at'])
    .where('s.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const { session_id, secret_hash, session_created_at, last_active_at, ...employee } = row;
  return {
    id: session_id,
    secretHash: secret_hash,
    employeeId: employee.id,
    createdAt: session_created_at,
    lastActiveAt: last_active_at,
    employee: toEmployee(employee),
    mustChangePassword: employee.password_change_required === 1,
  };
}

export async function touchSession(db: Db, id: string, at: number): Promise<void> {
  await db.kysely.updateTable('sessions').set({ last_active_at: at }).where('id', '=', id).execute();
}

export async function deleteSession(db: Db, id: string): Promise<void> {
  await db.kysely.deleteFrom('sessions').where('id', '=', id).execute();
}

export async function deleteEmployeeSessions(db: Db, employeeId: number): Promise<void> {
  await db.kysely.deleteFrom('sessions').where('employee_id', '=', employeeId).execute();
}
