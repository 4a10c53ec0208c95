import { calendarWatch, languageInput, mayUse, passwordChangeInput, shanghaiDate, signInInput } from '@frontline/core';
import { deleteSession, loadWorkCalendar, writeAudit } from '@frontline/db';
import { Hono, type Context } from 'hono';
import { clearSessionCookie, isSecure, writeSessionCookie } from '../../auth/cookie.ts';
import type { AppEnv } from '../../http/context.ts';
import { notFound, valueOrThrow } from '../../http/errors.ts';
import { allow, signedIn } from '../../http/policy.ts';
import { auditContext, clientAddress } from '../../http/request-info.ts';
import { input } from '../../http/validate.ts';
import { changeOwnPassword, setOwnLanguage, signIn } from './service.ts';
import { describeMe } from './views.ts';

const tags = ['auth'];

const guard = (c: Context<AppEnv>) => {
  const deps = c.get('deps');
  return { throttle: deps.throttle, now: deps.now(), address: clientAddress(c), policy: deps.sessionPolicy };
};

export const authRoutes = new Hono<AppEnv>()
  .post(
    '/sign-in',
    // Also answers a browser still holding a session that must change its password, so another person can sign in on it.
    allow(
      'public',
      { summary: 'Sign in with login and password; sets the session cookie', tags },
      { beforePasswordChange: true },
    ),
    input('json', signInInput),
    async (c) => {
      const deps = c.get('deps');
      const g = guard(c);
      const session = valueOrThrow(await signIn(deps.db, c.req.valid('json'), g, auditContext(c)));
      writeSessionCookie(c, isSecure(c, deps.origin), session.token, session.expiresAt, g.now);
      return c.json(await describeMe(deps.db, session.employee, session.mustChangePassword), 200);
    },
  )
  .post(
    '/sign-out',
    allow(
      'public',
      { summary: 'Sign out: ends the session on the server and clears the cookie', tags },
      { beforePasswordChange: true },
    ),
    async (c) => {
      const deps = c.get('deps');
      const auth = c.get('auth');
      if (auth) {
        await deleteSession(deps.db, auth.sessionId);
        await writeAudit(deps.db, auditContext(c), {
          action: 'auth.sign-out',
          entity: 'employee',
          entityId: auth.actor.employeeId,
        });
      }
      clearSessionCookie(c, isSecure(c, deps.origin));
      return c.body(null, 204);
    },
  );

export const meRoutes = new Hono<AppEnv>().get(
  '/',
  allow(
    'signed-in',
    { summary: 'The signed-in user with position, scope and capabilities', tags },
    { beforePasswordChange: true },
  ),
  async (c) => {
    const { actor, employee, mustChangePassword } = signedIn(c);
    const deps = c.get('deps');
    const today = shanghaiDate(deps.now());
    // Those who enter the holiday notices are told on every page while one is missing.
    const calendarWatchYears = mayUse(actor, 'calendar.manage')
      ? calendarWatch(await loadWorkCalendar(deps.db), today, deps.calendarWatchFrom)
      : [];
    return c.json(
      { ...(await describeMe(deps.db, employee, mustChangePassword)), today, calendarWatch: calendarWatchYears },
      200,
    );
  },
);

export const passwordChangeRoutes = new Hono<AppEnv>().post(
  '/me/password',
  allow(
    'signed-in',
    {
      summary:
        'Change my password: the current one and a new one; ends every other session and issues a fresh one for this browser',
      tags,
      description:
        'A wrong current password is 422 on `currentPassword` and counts against the sign-in throttle (429 when locked). Audited.',
    },
    { beforePasswordChange: true },
  ),
  input('json', passwordChangeInput),
  async (c) => {
    const deps = c.get('deps');
    const { employee } = signedIn(c);
    const g = guard(c);
    const fresh = valueOrThrow(await changeOwnPassword(deps.db, employee, c.req.valid('json'), g, auditContext(c)));
    if (!fresh) throw notFound();
    writeSessionCookie(c, isSecure(c, deps.origin), fresh.token, fresh.expiresAt, g.now);
    return c.json(await describeMe(deps.db, employee, false), 200);
  },
);

export const languageRoutes = new Hono<AppEnv>().put(
  '/me/language',
  allow(
    'signed-in',
    {
      summary: 'Set my language (zh-CN or en): my screen after sign-in, and every mail and calendar invite I am sent',
      tags,
      description:
        "Only the caller's own. Allowed before a required password change, so the change page can be read in it. Audited when it changes.",
    },
    { beforePasswordChange: true },
  ),
  input('json', languageInput),
  async (c) => {
    const deps = c.get('deps');
    const { employee } = signedIn(c);
    const { language } = c.req.valid('json');
    if (!(await setOwnLanguage(deps.db, employee, language, auditContext(c)))) throw notFound();
    return c.json({ language }, 200);
  },
);
