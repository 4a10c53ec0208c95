import type { Locale } from '@frontline/core';
import { randomBytes } from 'node:crypto';
import { localeOf } from './columns.ts';
import { executorOf, type Executor, type Reader, type Writer } from '../unit-of-work.ts';

/**
 * Calendar subscription tokens: a secret in the feed URL. The token is kept
 * as is (not hashed) because the app must show the URL again; it grants only
 * a read of calendar entries held in this same database. Revoking deletes
 * it, rotating replaces it: the old URL answers 404 at once.
 */

const newToken = () => randomBytes(24).toString('base64url');

export async function feedTokenOf(x: Reader, employeeId: number): Promise<string | undefined> {
  return (
    await executorOf(x)
      .selectFrom('feed_tokens')
      .select('token')
      .where('employee_id', '=', employeeId)
      .executeTakeFirst()
  )?.token;
}

/** The employee's token, made on first use. */
export async function ensureFeedToken(x: Writer, employeeId: number, at: number): Promise<string> {
  const tx = executorOf(x);
  await tx
    .insertInto('feed_tokens')
    .values({ employee_id: employeeId, token: newToken(), created_at: at })
    .onConflict((oc) => oc.column('employee_id').doNothing())
    .execute();
  const token = await feedTokenOf(tx, employeeId);
  if (token === undefined) throw new Error(`feed token of ${employeeId} not stored`);
  return token;
}

export async function rotateFeedToken(tx: Executor, employeeId: number, at: number): Promise<string> {
  const token = newToken();
  await tx
    .insertInto('feed_tokens')
    .values({ employee_id: employeeId, token, created_at: at })
    .onConflict((oc) => oc.column('employee_id').doUpdateSet({ token, created_at: at }))
    .execute();
  return token;
}

export async function revokeFeedToken(tx: Executor, employeeId: number): Promise<boolean> {
  return (
    Number(
      (await tx.deleteFrom('feed_tokens').where('employee_id', '=', employeeId).executeTakeFirst()).numDeletedRows,
    ) > 0
  );
}

/** The active employee a token belongs to. */
/** The active person a feed token belongs to, with the language their calendar is written in. */
export async function employeeOfFeedToken(
  x: Reader,
  token: string,
): Promise<{ id: number; name: string; locale: Locale } | undefined> {
  const row = await executorOf(x)
    .selectFrom('feed_tokens as t')
    .innerJoin('employees as e', 'e.id', 't.employee_id')
    .select(['e.id', 'e.name', 'e.language'])
    .where('t.token', '=', token)
    .where('e.active', '=', 1)
    .executeTakeFirst();
  return row && { id: row.id, name: row.name, locale: localeOf(row.language) };
}
