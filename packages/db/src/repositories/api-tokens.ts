import { executorOf, type Executor, type Reader, type Writer } from '../unit-of-work.ts';
import { oneOf } from './columns.ts';

/**
 * API tokens for the HR system as stored. The token is `<id>.<secret>`; only
 * the id and a SHA-256 hash of the secret are kept (as with sessions), so the
 * table never yields a usable token. A token carries one scope and can be
 * revoked.
 */

export const API_TOKEN_SCOPES = ['scores.read'] as const;
export type ApiTokenScope = (typeof API_TOKEN_SCOPES)[number];

export type ApiToken = {
  id: string;
  name: string;
  scope: ApiTokenScope;
  createdBy: number;
  createdByName: string;
  createdByRegionId: number | null;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
  revokedByName: string | null;
};

function tokenQuery(x: Reader) {
  return executorOf(x)
    .selectFrom('api_tokens as t')
    .innerJoin('employees as c', 'c.id', 't.created_by')
    .leftJoin('employees as r', 'r.id', 't.revoked_by')
    .select([
      't.id',
      't.name',
      't.scope',
      't.created_by',
      'c.name as created_by_name',
      'c.region_id as created_by_region_id',
      't.created_at',
      't.last_used_at',
      't.revoked_at',
      'r.name as revoked_by_name',
    ]);
}

type TokenRow = Awaited<ReturnType<ReturnType<typeof tokenQuery>['execute']>>[number];

const toApiToken = (t: TokenRow): ApiToken => ({
  id: t.id,
  name: t.name,
  scope: oneOf(API_TOKEN_SCOPES, t.scope, 'api_tokens.scope'),
  createdBy: t.created_by,
  createdByName: t.created_by_name,
  createdByRegionId: t.created_by_region_id,
  createdAt: t.created_at,
  lastUsedAt: t.last_used_at,
  revokedAt: t.revoked_at,
  revokedByName: t.revoked_by_name,
});

export async function insertApiToken(
  tx: Executor,
  t: { id: string; name: string; scope: ApiTokenScope; secretHash: Uint8Array },
  made: { actorId: number; at: number },
): Promise<void> {
  await tx
    .insertInto('api_tokens')
    .values({
      id: t.id,
      name: t.name,
      scope: t.scope,
      secret_hash: Buffer.from(t.secretHash),
      created_by: made.actorId,
      created_at: made.at,
    })
    .execute();
}

export async function getApiToken(x: Reader, id: string): Promise<ApiToken | undefined> {
  const row = await tokenQuery(x).where('t.id', '=', id).executeTakeFirst();
  return row && toApiToken(row);
}

/** Every token, live first, newest first; with `regionId`, those made by people of that region. */
export async function listApiTokens(x: Reader, filter: { regionId?: number } = {}): Promise<ApiToken[]> {
  let q = tokenQuery(x);
  if (filter.regionId !== undefined) q = q.where('c.region_id', '=', filter.regionId);
  const rows = await q
    .orderBy((eb) => eb('t.revoked_at', 'is not', null))
    .orderBy('t.created_at', 'desc')
    .execute();
  return rows.map(toApiToken);
}

/** Revokes a live token; false when there is none by that id (or it is already revoked). */
export async function revokeApiToken(
  tx: Executor,
  id: string,
  revoked: { actorId: number | null; at: number },
): Promise<boolean> {
  const result = await tx
    .updateTable('api_tokens')
    .set({ revoked_at: revoked.at, revoked_by: revoked.actorId })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** The live token by id with its secret hash, for the caller to compare in constant time. */
export async function liveApiToken(
  x: Reader,
  id: string,
): Promise<{ id: string; name: string; scope: ApiTokenScope; secretHash: Uint8Array; createdBy: number } | undefined> {
  const row = await executorOf(x)
    .selectFrom('api_tokens')
    .select(['id', 'name', 'scope', 'secret_hash', 'created_by'])
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return (
    row && {
      id: row.id,
      name: row.name,
      scope: oneOf(API_TOKEN_SCOPES, row.scope, 'api_tokens.scope'),
      secretHash: new Uint8Array(row.secret_hash),
      createdBy: row.created_by,
    }
  );
}

/** Notes a token's use; not audited (every export it serves is). */
export async function touchApiToken(x: Writer, id: string, now: number): Promise<void> {
  await executorOf(x).updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
}
