import type { Actor, Capability, Position } from '@frontline/core';
import { CAPABILITY_ROLES, GROUP_CAPABILITIES, mayUse } from '@frontline/core';
import type { Context, MiddlewareHandler } from 'hono';
import type { ApiTokenScope } from '@frontline/db';
import { bearerToken, verifyApiToken } from '../auth/api-tokens.ts';
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

export type PolicyMeta = {
  who: Who;
  roles: readonly Position[] | 'any' | 'none';
  /** The capability is group-wide configuration, for holders with group scope only. */
  groupOnly: boolean;
  doc: RouteDoc;
  /** Answers a session whose password an administrator reset, before its owner has chosen a new one. */
  beforePasswordChange: boolean;
};

export type PolicyOptions = { beforePasswordChange?: boolean };

export type PolicyMiddleware = MiddlewareHandler<AppEnv> & { [POLICY]: PolicyMeta };

/**
 * `allow('public' | 'signed-in' | capability, doc)`: unauthenticated callers
 * get 401, callers who may not use the capability get 403 (their position
 * lacks it, or it is group-wide and their scope is a region). Which records
 * a caller may touch is then checked by the handler against its scope (404).
 * A session held to a password change gets 403 PASSWORD_CHANGE_REQUIRED on
 * every route but those marked `beforePasswordChange` (public ones included,
 * so nothing is reached with it but the way out).
 */
export function allow(
  who: 'public' | 'signed-in' | Capability,
  doc: RouteDoc,
  options: PolicyOptions = {},
): PolicyMiddleware {
  const roles: PolicyMeta['roles'] = who === 'public' ? 'none' : who === 'signed-in' ? 'any' : CAPABILITY_ROLES[who];
  const groupOnly = who !== 'public' && who !== 'signed-in' && GROUP_CAPABILITIES.includes(who);
  const beforePasswordChange = options.beforePasswordChange === true;
  const policy: MiddlewareHandler<AppEnv> = async function policy(c, next) {
    const auth = c.get('auth');
    if (auth?.mustChangePassword && !beforePasswordChange) throw new ApiError(403, 'PASSWORD_CHANGE_REQUIRED');
    if (who !== 'public') {
      if (!auth) throw new ApiError(401, 'UNAUTHENTICATED');
      if (who !== 'signed-in' && !mayUse(auth.actor, who)) throw new ApiError(403, 'FORBIDDEN');
    }
    await next();
  };
  return Object.assign(policy, { [POLICY]: { who, roles, groupOnly, doc, beforePasswordChange } });
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
 * is 401 whatever the cookie says, so a caller learns its token is dead (the
 * session middleware does not read cookies on bearer requests at all).
 */
export function allowToken(scope: ApiTokenScope, capability: Capability, doc: RouteDoc): PolicyMiddleware {
  const session = allow(capability, doc);
  const policy: MiddlewareHandler<AppEnv> = async function tokenPolicy(c, next) {
    const bearer = bearerToken(c.req.header('authorization'));
    if (bearer === undefined) return session(c, next);
    const deps = c.get('deps');
    const token = await verifyApiToken(deps.db, bearer, scope, deps.now());
    if (!token)
      throw new ApiError(401, 'TOKEN_INVALID', { headers: { 'www-authenticate': 'Bearer error="invalid_token"' } });
    c.set('apiToken', token);
    await next();
  };
  return Object.assign(policy, {
    [POLICY]: {
      who: `token:${scope}` as const,
      roles: CAPABILITY_ROLES[capability],
      groupOnly: false,
      doc,
      beforePasswordChange: false,
    },
  });
}

/** Whoever a token-or-session route acts for. */
export function caller(c: Context<AppEnv>): Actor {
  return c.get('apiToken')?.actor ?? signedIn(c).actor;
}
