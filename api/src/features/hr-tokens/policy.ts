import { employeeInScope, scopeOf, type Actor } from '@frontline/core';
import type { ApiToken } from '@frontline/db';

/**
 * Tokens are seen and revoked where their makers are: a regional HR admin's
 * region, or the whole group (holders of `scores.manage`, declared beside
 * each route).
 */
export function tokenRegionFilter(actor: Actor): { regionId?: number } {
  const scope = scopeOf(actor);
  if (scope.kind === 'group') return {};
  return { regionId: scope.kind === 'own' ? -1 : scope.regionId };
}

export const mayRevoke = (actor: Actor, token: ApiToken): boolean =>
  employeeInScope(actor, { id: token.createdBy, regionId: token.createdByRegionId, projectId: null });
