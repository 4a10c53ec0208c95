import { signInInput } from '@frontline/core';
import { deleteSession, findCredentials, writeAudit } from '@frontline/db';
import { Hono } from 'hono';
import { clearSessionCookie, isSecure, writeSessionCookie } from '../auth/cookie.ts';
import { verifyPassword } from '../auth/password.ts';
import { createSession } from '../auth/session.ts';
import type { AppEnv } from '../http/context.ts';
import { ApiError } from '../http/errors.ts';
import { allow } from '../http/policy.ts';
import { auditContext, clientAddress } from '../http/request-info.ts';
import { input } from '../http/validate.ts';
import { describeMe } from './me.ts';

const tags = ['auth'];

export const authRoutes = new Hono<AppEnv>()
  .post(
    '/sign-in',
    // Also answers a browser still holding a session that must change its password, so another person can sign in on it.
    allow('public', { summary: 'Sign in with login and password; sets the session cookie', tags }, { beforePasswordChange: true }),
    input('json', signInInput),
    async (c) => {
      const deps = c.get('deps');
      const { login, password } = c.req.valid('json');
      const now = deps.now();
      const accountKey = login.toLowerCase();
      const addressKey = clientAddress(c);
      const wait = Math.max(deps.throttle.account.retryAfter([accountKey], now), deps.throttle.address.retryAfter([addressKey], now));
      if (wait > 0) {
        throw new ApiError(429, 'TOO_MANY_ATTEMPTS', { params: { seconds: wait }, headers: { 'Retry-After': String(wait) } });
      }
      const found = await findCredentials(deps.db, login);
      const usable = found && found.employee.active ? found.passwordHash : null;
      // Same work and the same answer whether the login exists or not.
      const valid = await verifyPassword(usable, password);
      if (!found || !valid || !found.employee.active) {
        deps.throttle.account.fail([accountKey], now);
        deps.throttle.address.fail([addressKey], now);
        await writeAudit(deps.db.kysely, auditContext(c), { action: 'auth.sign-in-failed', entity: 'employee', entityId: found?.employee.id ?? null, after: { login: accountKey } });
        throw new ApiError(401, 'INVALID_CREDENTIALS');
      }
      deps.throttle.account.succeed(accountKey);
      const { token, expiresAt } = await createSession(deps.db, found.employee.id, now, deps.sessionPolicy);
      writeSessionCookie(c, isSecure(c, deps.origin), token, expiresAt, now);
      await writeAudit(deps.db.kysely, { ...auditContext(c), actorId: found.employee.id }, { action: 'auth.sign-in', entity: 'employee', entityId: found.employee.id });
      return c.json(await describeMe(deps.db, found.employee, found.mustChangePassword), 200);
    },
  )
  .post('/sign-out', allow('public', { summary: 'Sign out: ends the session on the server and clears the cookie', tags }, { beforePasswordChange: true }), async (c) => {
    const deps = c.get('deps');
    const auth = c.get('auth');
    if (auth) {
      await deleteSession(deps.db, auth.sessionId);
      await writeAudit(deps.db.kysely, auditContext(c), { action: 'auth.sign-out', entity: 'employee', entityId: auth.actor.employeeId });
    }
    clearSessionCookie(c, isSecure(c, deps.origin));
    return c.body(null, 204);
  });
