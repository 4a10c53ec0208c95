import { hasCapability, type Actor } from '@frontline/core';
import { getEmployee, insertApiToken, liveApiToken, touchApiToken, type ApiToken, type ApiTokenScope, type AuditContext, type Db } from '@frontline/db';
import { constantTimeEqual, randomToken, sha256, splitToken } from './tokens.ts';

/**
 * HR-system API tokens, after the session design: `<id>.<secret>`, only a
 * hash of the secret stored, compared in constant time. A token acts for the
 * HR admin who made it and never reaches further than they can today: it
 * stops working when they leave or lose the HR role, or when it is revoked.
 */
export async function createApiToken(db: Db, name: string, scope: ApiTokenScope, ctx: AuditContext): Promise<{ token: string; meta: ApiToken }> {
  const id = randomToken(16);
  const secret = randomToken(32);
  const meta = await insertApiToken(db, { id, name, scope, secretHash: sha256(secret) }, ctx);
  return { token: `${id}.${secret}`, meta };
}

/**
 * The token of an `Authorization: Bearer …` header (the scheme is
 * case-insensitive), '' when the header names the scheme with nothing after
 * it, undefined when the request carries no bearer credentials at all.
 */
export function bearerToken(authorization: string | undefined): string | undefined {
  const match = authorization && /^bearer(?:\s+(.*))?$/is.exec(authorization.trim());
  return match ? (match[1] ?? '').trim() : undefined;
}

export async function verifyApiToken(db: Db, token: string, scope: ApiTokenScope, now: number): Promise<{ id: string; actor: Actor } | null> {
  const parts = splitToken(token);
  if (!parts) return null;
  const { id, secret } = parts;
  const row = await liveApiToken(db, id);
  if (!row || row.scope !== scope || !constantTimeEqual(sha256(secret), row.secretHash)) return null;
  const creator = await getEmployee(db, row.createdBy);
  if (!creator || !creator.active || !hasCapability(creator.position, 'scores.manage')) return null;
  await touchApiToken(db, id, now);
  return {
    id,
    actor: { employeeId: creator.id, position: creator.position, line: creator.line, regionId: creator.regionId, projectId: creator.projectId },
  };
}
