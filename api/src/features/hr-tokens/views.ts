import type { ApiToken } from '@frontline/db';

/** A token as listed: who made it, when it was last used, whether it is revoked; never its secret (which is not stored). */
export const tokenView = (t: ApiToken) => ({
  id: t.id,
  name: t.name,
  scope: t.scope,
  createdBy: t.createdBy,
  createdByName: t.createdByName,
  createdByRegionId: t.createdByRegionId,
  createdAt: t.createdAt,
  lastUsedAt: t.lastUsedAt,
  revokedAt: t.revokedAt,
  revokedByName: t.revokedByName,
});
