import { pickLocale, type Actor } from '@frontline/core';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { matchedRoutes } from 'hono/route';
import { bearerToken } from '../auth/api-tokens.ts';
import { clearSessionCookie, isSecure, readSessionCookie, writeSessionCookie } from '../auth/cookie.ts';
import { validateSessionToken } from '../auth/session.ts';
import { ApiError } from './errors.ts';
import { POLICY, type PolicyMeta } from './policy.ts';
import type { AppEnv } from './context.ts';

/** zh-CN unless the `lang` cookie or Accept-Language asks for English. */
export function locale(): MiddlewareHandler<AppEnv> {
  return async function locale(c, next) {
    c.set('locale', pickLocale(c.req.header('accept-language'), getCookie(c, 'lang')));
    await next();
  };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Whether the request carries `Authorization: Bearer …`, and so is never authenticated by its cookie. */
export function hasBearer(c: Context<AppEnv>): boolean {
  return bearerToken(c.req.header('authorization')) !== undefined;
}

/** Whether the route that answers takes API tokens: the first policy among the matched handlers is its own. */
function takesTokens(c: Context<AppEnv>): boolean {
  for (const route of matchedRoutes(c)) {
    const policy = (route.handler as unknown as Partial<Record<typeof POLICY, PolicyMeta>>)[POLICY];
    if (policy) return policy.who.startsWith('token:');
  }
  return false;
}

/**
 * CSRF defence for cookie sessions: a state-changing request must carry an
 * Origin equal to ours. The one exception is a bearer request to a route that
 * takes API tokens: its policy authenticates it by the token alone (a bad one
 * is 401) and cookies are never read on it, so it carries no ambient
 * credentials. A bearer header anywhere else gains nothing: the check runs.
 */
export function originCheck(options: { origin?: string | undefined } = {}): MiddlewareHandler<AppEnv> {
  return async function originCheck(c, next) {
    if (!SAFE_METHODS.has(c.req.method) && !(hasBearer(c) && takesTokens(c))) {
      const sent = c.req.header('origin');
      const own = options.origin ?? new URL(c.req.url).origin;
      if (!sent || sent !== own) throw new ApiError(403, 'ORIGIN_MISMATCH');
    }
    await next();
  };
}

/**
 * Loads the signed-in employee from the session cookie; disabled employees
 * are signed out. A request with a bearer header is authenticated by its
 * token or not at all: its cookie is not read.
 */
export function session(): MiddlewareHandler<AppEnv> {
  return async function session(c, next) {
    const deps = c.get('deps');
    const secure = isSecure(c, deps.origin);
    const token = hasBearer(c) ? undefined : readSessionCookie(c, secure);
    c.set('auth', null);
    if (token) {
      const now = deps.now();
      const valid = await validateSessionToken(deps.db, token, now, deps.sessionPolicy);
      const employee = valid && valid.employee;
      if (valid && employee && employee.active) {
        const actor: Actor = {
          employeeId: employee.id,
          position: employee.position,
          line: employee.line,
          regionId: employee.regionId,
          projectId: employee.projectId,
        };
        c.set('auth', { actor, employee, sessionId: valid.id, mustChangePassword: valid.mustChangePassword });
        if (valid.refreshed) writeSessionCookie(c, secure, token, valid.expiresAt, now);
      } else {
        clearSessionCookie(c, secure);
      }
    }
    await next();
  };
}
