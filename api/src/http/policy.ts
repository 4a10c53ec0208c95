import type { Actor, Capability, Position } from '@frontline/core';
import { CAPABILITY_ROLES, GROUP_CAPABILITIES, mayUse } from '@frontline/core';
import type { Context, MiddlewareHandler } from 'hono';
import type { ApiTokenScope } from '@frontline/db';
import { verifyApiToken } from '../auth/api-tokens.ts';
import { ApiError } from './errors.ts';
import type { AppEnv, SignedIn } from './context.ts';

/**
 * Every route declares who may call it, next to its path. The marker lets a
 * test walk the route table and fail on any route without a policy, and lets
 * the OpenAPI document say who may call what.
 */
export const POLICY = Symbol('policy');

export type Who = 'public' | 'signed-in' | Capability | `token:${ApiTokenScope}`;

export type RouteDoc = { summary: string; tags: string[]; description?: string };

/** `groupOnly`: the capability is group-wide configuration, for holders with group scope only. */
export type PolicyMeta = { who: Who; roles: readonly Position[] | 'any' | 'none'; groupOnly: boolean; doc: RouteDoc };

export type PolicyMiddleware = MiddlewareHandler<AppEnv> & { [POLICY]: PolicyMeta };

/**
 * `allow('public' | 'signed-in' | capability, doc)`: unauthenticated callers
 * get 401, callers who may not use the capability get 403 (their position
 * lacks it, or it is group-wide and their scope is a region). Which records
 * a caller may touch is then checked by the handler against its scope (404).
 */
export function allow(who: 'public' | 'signed-in' | Capability, doc: RouteDoc): PolicyMiddleware {
  const roles: PolicyMeta['roles'] = who === 'public' ? 'none' : who === 'signed-in' ? 'any' : CAPABILITY_ROLES[who];
  const groupOnly = who !== 'public' && who !== 'signed-in' && GROUP_CAPABILITIES.includes(who);
  const policy: MiddlewareHandler<AppEnv> = async function policy(c, next) {
    if (who !== 'public') {
      const auth = c.get('auth');
      if (!auth) throw new ApiError(401, 'UNAUTHENTICATED');
      if (who !== 'signed-in' && !mayUse(auth.actor, who)) throw new ApiError(403, 'FORBIDDEN');
    }
    await next();
  };
  return Object.assign(policy, { [POLICY]: { who, roles, groupOnly, doc } });
}

/** The signed-in caller; only for handlers behind a non-public policy. */
export function signedIn(c: Context<AppEnv>): SignedIn {
  const auth = c.get('auth');
  if (!auth) throw new ApiError(401, 'UNAUTHENTICATED');
  return auth;
}

/**
 * A route other systems call: `Authorization: Bearer <token>` with the
 * scope, or a signed-in session with the capability. A bad or revoked token
 * is 401 whatever the cookie says, so a caller learns its token is dead.
 */
export function allowToken(scope: ApiTokenScope, capability: Capability, doc: RouteDoc): PolicyMiddleware {
  const session = allow(capability, doc);
  const policy: MiddlewareHandler<AppEnv> = async function tokenPolicy(c, next) {
    const header = c.req.header('authorization');
    if (!header?.startsWith('Bearer ')) return session(c, next);
    const deps = c.get('deps');
    const token = await verifyApiToken(deps.db, header.slice('Bearer '.length).trim(), scope, deps.now());
    if (!token) throw new ApiError(401, 'TOKEN_INVALID', { headers: { 'www-authenticate': 'Bearer error="invalid_token"' } });
    c.set('apiToken', token);
    await next();
  };
  return Object.assign(policy, { [POLICY]: { who: `token:${scope}` as const, roles: CAPABILITY_ROLES[capability], groupOnly: false, doc } });
}

/** Whoever a token-or-session route acts for. */
export function caller(c: Context<AppEnv>): Actor {
  return c.get('apiToken')?.actor ?? signedIn(c).actor;
}
