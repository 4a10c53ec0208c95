import { hasCapability, type Actor } from '@frontline/core';
import { getEmployee, liveApiToken, touchApiToken, type ApiTokenScope, type Db } from '@frontline/db';
import { constantTimeEqual, sha256, splitToken } from './tokens.ts';

/**
 * HR-system API tokens on a request, after the session design: compared in
 * constant time against the stored hash. A token acts for the HR admin who
 * made it and never reaches further than they can today: it stops working
 * when they leave or lose the HR role, or when it is revoked. Making and
 * revoking tokens is the hr-tokens feature's.
 */

/**
 * The token of an `Authorization: Bearer …` header (the scheme is
 * case-insensitive), '' when the header names the scheme with nothing after
 * it, undefined when the request carries no bearer credentials at all.
 */
export function bearerToken(authorization: string | undefined): string | undefined {
  const match = authorization && /^bearer(?:\s+(.*))?$/is.exec(authorization.trim());
  return match ? (match[1] ?? '').trim() : undefined;
}

export async function verifyApiToken(
  db: Db,
  token: string,
  scope: ApiTokenScope,
  now: number,
): Promise<{ id: string; actor: Actor } | null> {
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
    actor: {
      employeeId: creator.id,
      position: creator.position,
      line: creator.line,
      regionId: creator.regionId,
      projectId: creator.projectId,
    },
  };
}
