import { pickLocale, type Actor } from '@frontline/core';
import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { clearSessionCookie, isSecure, readSessionCookie, writeSessionCookie } from '../auth/cookie.ts';
import { validateSessionToken } from '../auth/session.ts';
import { ApiError } from './errors.ts';
import type { AppEnv } from './context.ts';

/** zh-CN unless the `lang` cookie or Accept-Language asks for English. */
export function locale(): MiddlewareHandler<AppEnv> {
  return async function locale(c, next) {
    c.set('locale', pickLocale(c.req.header('accept-language'), getCookie(c, 'lang')));
    await next();
  };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF defence for cookie sessions: a state-changing request must carry an
 * Origin equal to ours. Bearer-token clients carry no ambient credentials.
 */
export function originCheck(options: { origin?: string | undefined } = {}): MiddlewareHandler<AppEnv> {
  return async function originCheck(c, next) {
    if (!SAFE_METHODS.has(c.req.method) && !c.req.header('authorization')?.startsWith('Bearer ')) {
      const sent = c.req.header('origin');
      const own = options.origin ?? new URL(c.req.url).origin;
      if (!sent || sent !== own) throw new ApiError(403, 'ORIGIN_MISMATCH');
    }
    await next();
  };
}

/** Loads the signed-in employee from the session cookie; disabled employees are signed out. */
export function session(): MiddlewareHandler<AppEnv> {
  return async function session(c, next) {
    const deps = c.get('deps');
    const secure = isSecure(c, deps.origin);
    const token = readSessionCookie(c, secure);
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
        c.set('auth', { actor, employee, sessionId: valid.id });
        if (valid.refreshed) writeSessionCookie(c, secure, token, valid.expiresAt, now);
      } else {
        clearSessionCookie(c, secure);
      }
    }
    await next();
  };
}
