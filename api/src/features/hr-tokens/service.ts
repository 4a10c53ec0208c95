import type { Actor, AppError, Result } from '@frontline/core';
import {
  getApiToken,
  insertApiToken,
  listApiTokens,
  revokeApiToken,
  unitOfWork,
  writeAudit,
  type ApiToken,
  type ApiTokenScope,
  type AuditContext,
  type Db,
} from '@frontline/db';
import { randomToken, sha256 } from '../../auth/tokens.ts';
import { mayRevoke, tokenRegionFilter } from './policy.ts';

/**
 * HR-system API tokens, after the session design: `<id>.<secret>`, only a
 * hash of the secret stored. Making and revoking one are audited in the same
 * transaction; checking one on a request is `verifyApiToken` (auth/).
 */
export async function createApiToken(
  db: Db,
  name: string,
  scope: ApiTokenScope,
  ctx: AuditContext & { actorId: number },
): Promise<Result<{ token: string; meta: ApiToken }, AppError>> {
  const id = randomToken(16);
  const secret = randomToken(32);
  return unitOfWork(db, async (tx) => {
    await insertApiToken(tx, { id, name, scope, secretHash: sha256(secret) }, ctx);
    await writeAudit(tx, ctx, {
      action: 'api_token.create',
      entity: 'api_token',
      entityId: id,
      after: { name, scope },
    });
    return { token: `${id}.${secret}`, meta: (await getApiToken(tx, id))! };
  });
}

/** The tokens made by people in the caller's scope. */
export async function listTokens(db: Db, actor: Actor): Promise<ApiToken[]> {
  return listApiTokens(db, tokenRegionFilter(actor));
}

/** Revokes a live token the caller may revoke; false when there is none such (or it is already revoked). */
export async function revokeToken(db: Db, actor: Actor, id: string, ctx: AuditContext): Promise<boolean> {
  const token = await getApiToken(db, id);
  if (!token || !mayRevoke(actor, token)) return false;
  const revoked = await unitOfWork(db, async (tx) => {
    const changed = await revokeApiToken(tx, token.id, ctx);
    if (changed) await writeAudit(tx, ctx, { action: 'api_token.revoke', entity: 'api_token', entityId: token.id });
    return changed;
  });
  return revoked.ok && revoked.value;
}
