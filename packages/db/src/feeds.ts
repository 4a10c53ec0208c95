import { randomBytes } from 'node:crypto';
import type { Db } from './open.ts';

/**
 * Calendar subscription tokens: a secret in the feed URL. The token is kept
 * as is (not hashed) because the app must show the URL again; it grants only
 * a read of calendar entries held in this same database. Revoking deletes
 * it, rotating replaces it: the old URL answers 404 at once.
 */

const newToken = () => randomBytes(24).toString('base64url');

export async function feedTokenOf(db: Db, employeeId: number): Promise<string | undefined> {
  return (await db.kysely.selectFrom('feed_tokens').select('token').where('employee_id', '=', employeeId).executeTakeFirst())?.token;
}

/** The employee's token, made on first use. */
export async function ensureFeedToken(db: Db, employeeId: number, at: number): Promise<string> {
  await db.kysely.insertInto('feed_tokens').values({ employee_id: employeeId, token: newToken(), created_at: at }).onConflict((oc) => oc.column('employee_id').doNothing()).execute();
  return (await feedTokenOf(db, employeeId))!;
}

export async function rotateFeedToken(db: Db, employeeId: number, at: number): Promise<string> {
  const token = newToken();
  await db.kysely
    .insertInto('feed_tokens')
    .values({ employee_id: employeeId, token, created_at: at })
    .onConflict((oc) => oc.column('employee_id').doUpdateSet({ token, created_at: at }))
    .execute();
  return token;
}

export async function revokeFeedToken(db: Db, employeeId: number): Promise<boolean> {
  return Number((await db.kysely.deleteFrom('feed_tokens').where('employee_id', '=', employeeId).executeTakeFirst()).numDeletedRows) > 0;
}

/** The active employee a token belongs to. */
export async function employeeOfFeedToken(db: Db, token: string): Promise<{ id: number; name: string } | undefined> {
  return db.kysely
    .selectFrom('feed_tokens as t')
    .innerJoin('employees as e', 'e.id', 't.employee_id')
    .select(['e.id', 'e.name'])
    .where('t.token', '=', token)
    .where('e.active', '=', 1)
    .executeTakeFirst();
}

/** Reception days a person runs or attends (by booking), in a date range. */
export async function receptionDayIdsFor(db: Db, employeeId: number, from: string, to: string): Promise<number[]> {
  const rows = await db.kysely
    .selectFrom('reception_days as d')
    .select('d.id')
    .where('d.date', '>=', from)
    .where('d.date', '<=', to)
    .where((eb) =>
      eb.or([eb('d.employee_id', '=', employeeId), eb.exists(eb.selectFrom('reception_attendees as a').select('a.day_id').whereRef('a.day_id', '=', 'd.id').where('a.employee_id', '=', employeeId))]),
    )
    .orderBy('d.date')
    .execute();
  return rows.map((r) => r.id);
}
