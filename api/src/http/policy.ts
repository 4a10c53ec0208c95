import type { Capability, Position } from '@frontline/core';
import { CAPABILITY_ROLES } from '@frontline/core';
import type { Context, MiddlewareHandler } from 'hono';
import { ApiError } from './errors.ts';
import type { AppEnv, SignedIn } from './context.ts';

/**
 * Every route declares who may call it, next to its path. The marker lets a
 * test walk the route table and fail on any route without a policy, and lets
 * the OpenAPI document say who may call what.
 */
export const POLICY = Symbol('policy');

export type Who = 'public' | 'signed-in' | Capability;

export type RouteDoc = { summary: string; tags: string[]; description?: string };

export type PolicyMeta = { who: Who; roles: readonly Position[] | 'any' | 'none'; doc: RouteDoc };

export type PolicyMiddleware = MiddlewareHandler<AppEnv> & { [POLICY]: PolicyMeta };

/**
 * `allow('public' | 'signed-in' | capability, doc)`: unauthenticated callers
 * get 401, callers whose position lacks the capability get 403. Which records
 * a caller may touch is then checked by the handler against its scope (404).
 */
export function allow(who: Who, doc: RouteDoc): PolicyMiddleware {
  const roles: PolicyMeta['roles'] = who === 'public' ? 'none' : who === 'signed-in' ? 'any' : CAPABILITY_ROLES[who];
  const policy: MiddlewareHandler<AppEnv> = async function policy(c, next) {
    if (who !== 'public') {
      const auth = c.get('auth');
      if (!auth) throw new ApiError(401, 'UNAUTHENTICATED');
      if (roles !== 'any' && roles !== 'none' && !roles.includes(auth.actor.position)) throw new ApiError(403, 'FORBIDDEN');
    }
    await next();
  };
  return Object.assign(policy, { [POLICY]: { who, roles, doc } });
}

/** The signed-in caller; only for handlers behind a non-public policy. */
export function signedIn(c: Context<AppEnv>): SignedIn {
  const auth = c.get('auth');
  if (!auth) throw new ApiError(401, 'UNAUTHENTICATED');
  return auth;
}
