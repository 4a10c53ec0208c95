import type { Db } from './open.ts';

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

export async function getSession(db: Db, id: string): Promise<SessionRecord | undefined> {
  const row = await db.kysely.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
  return (
    row && {
      id: row.id,
      secretHash: row.secret_hash,
      employeeId: row.employee_id,
      createdAt: row.created_at,
      lastActiveAt: row.last_active_at,
    }
  );
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
