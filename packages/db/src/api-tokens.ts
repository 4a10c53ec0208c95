import { writeAuditSync, type AuditContext } from './audit.ts';
import { exclusive, type Db } from './open.ts';

/**
 * API tokens for the HR system. The token is `<id>.<secret>`; only the id and
 * a SHA-256 hash of the secret are kept (as with sessions), so the table
 * never yields a usable token. A token carries one scope and can be revoked.
 */

export const API_TOKEN_SCOPES = ['scores.read'] as const;
export type ApiTokenScope = (typeof API_TOKEN_SCOPES)[number];

export type ApiToken = {
  id: string; name: string; scope: ApiTokenScope; createdBy: number; createdByName: string; createdByRegionId: number | null; createdAt: number;
  lastUsedAt: number | null; revokedAt: number | null; revokedByName: string | null;
};

const SELECT = `select t.id, t.name, t.scope, t.created_by as createdBy, c.name as createdByName, c.region_id as createdByRegionId, t.created_at as createdAt,
                       t.last_used_at as lastUsedAt, t.revoked_at as revokedAt, r.name as revokedByName
                from api_tokens t join employees c on c.id = t.created_by left join employees r on r.id = t.revoked_by`;

export async function insertApiToken(db: Db, t: { id: string; name: string; scope: ApiTokenScope; secretHash: Uint8Array }, ctx: AuditContext): Promise<ApiToken> {
  return exclusive(db, () => {
    const s = db.sqlite;
    s.prepare('insert into api_tokens (id, name, scope, secret_hash, created_by, created_at) values (?, ?, ?, ?, ?, ?)').run(t.id, t.name, t.scope, Buffer.from(t.secretHash), ctx.actorId, ctx.at);
    writeAuditSync(s, ctx, { action: 'api_token.create', entity: 'api_token', entityId: t.id, after: { name: t.name, scope: t.scope } });
    return s.prepare(`${SELECT} where t.id = ?`).get(t.id) as ApiToken;
  });
}

/** Every token, live first; with `regionId`, those made by people of that region. */
export async function listApiTokens(db: Db, filter: { regionId?: number } = {}): Promise<ApiToken[]> {
  const where = filter.regionId === undefined ? '' : 'where c.region_id = ?';
  return db.sqlite.prepare(`${SELECT} ${where} order by t.revoked_at is not null, t.created_at desc`).all(...(filter.regionId === undefined ? [] : [filter.regionId])) as ApiToken[];
}

export async function getApiToken(db: Db, id: string): Promise<ApiToken | undefined> {
  return db.sqlite.prepare(`${SELECT} where t.id = ?`).get(id) as ApiToken | undefined;
}

/** Revokes a live token; false when there is none by that id (or it is already revoked). */
export async function revokeApiToken(db: Db, id: string, ctx: AuditContext): Promise<boolean> {
  return exclusive(db, () => {
    const s = db.sqlite;
    const changed = s.prepare('update api_tokens set revoked_at = ?, revoked_by = ? where id = ? and revoked_at is null').run(ctx.at, ctx.actorId, id).changes;
    if (changed) writeAuditSync(s, ctx, { action: 'api_token.revoke', entity: 'api_token', entityId: id });
    return changed > 0;
  });
}

/** The live token by id with its secret hash, for the caller to compare in constant time. */
export async function liveApiToken(db: Db, id: string): Promise<{ id: string; name: string; scope: ApiTokenScope; secretHash: Uint8Array; createdBy: number } | undefined> {
  const row = db.sqlite.prepare('select id, name, scope, secret_hash, created_by from api_tokens where id = ? and revoked_at is null').get(id) as
    | { id: string; name: string; scope: ApiTokenScope; secret_hash: Buffer; created_by: number }
    | undefined;
  return row && { id: row.id, name: row.name, scope: row.scope, secretHash: new Uint8Array(row.secret_hash), createdBy: row.created_by };
}

export async function touchApiToken(db: Db, id: string, now: number): Promise<void> {
  db.sqlite.prepare('update api_tokens set last_used_at = ? where id = ?').run(now, id);
}
