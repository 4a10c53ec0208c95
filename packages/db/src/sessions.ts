import type { Employee } from '@frontline/core';
import type { Db } from './open.ts';
import { toEmployee } from './org.ts';

export type SessionRecord = {
  id: string;
  secretHash: Uint8Array;
  employeeId: number;
  createdAt: number;
  lastActiveAt: number;
};

export async function insertSession(db: Db, s: SessionRecord): Promise<void> {
  await db.kysely
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

/** A session with its employee, in one query: every signed-in request reads this first. */
export async function getSession(db: Db, id: string): Promise<(SessionRecord & { employee: Employee }) | undefined> {
  const row = await db.kysely
    .selectFrom('sessions as s')
    .innerJoin('employees as e', 'e.id', 's.employee_id')
    .selectAll('e')
    .select(['s.id as session_id', 's.secret_hash', 's.created_at as session_created_at', 's.last_active_at'])
    .where('s.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const { session_id, secret_hash, session_created_at, last_active_at, ...employee } = row;
  return { id: session_id, secretHash: secret_hash, employeeId: employee.id, createdAt: session_created_at, lastActiveAt: last_active_at, employee: toEmployee(employee) };
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
