import { employeeInScope, idParam, mayManageEmployee, newPasswordProblem, passwordChangeInput } from '@frontline/core';
import { credentialsOf, getEmployee, setPassword, writeAudit } from '@frontline/db';
import { Hono } from 'hono';
import { isSecure, writeSessionCookie } from '../auth/cookie.ts';
import { hashPassword, temporaryPassword, verifyPassword } from '../auth/password.ts';
import { mintSession } from '../auth/session.ts';
import { accountKeys } from '../auth/throttle.ts';
import type { AppEnv } from '../http/context.ts';
import { ApiError, forbidden, notFound } from '../http/errors.ts';
import { allow, signedIn } from '../http/policy.ts';
import { auditContext, clientAddress } from '../http/request-info.ts';
import { input } from '../http/validate.ts';
import { describeMe } from './me.ts';
import { employeeView } from './views.ts';

const tags = ['auth'];

export const passwordRoutes = new Hono<AppEnv>()
  .post(
    '/me/password',
    allow(
      'signed-in',
      {
        summary: 'Change my password: the current one and a new one; ends every other session and issues a fresh one for this browser',
        tags,
        description: 'A wrong current password is 422 on `currentPassword` and counts against the sign-in throttle (429 when locked). Audited.',
      },
      { beforePasswordChange: true },
    ),
    input('json', passwordChangeInput),
    async (c) => {
      const deps = c.get('deps');
      const { employee } = signedIn(c);
      const { currentPassword, newPassword } = c.req.valid('json');
      const now = deps.now();
      // The same counters as sign-in: a stolen session cannot be used to guess the password behind it.
      const accounts = accountKeys(employee);
      const address = clientAddress(c);
      const wait = Math.max(deps.throttle.account.retryAfter(accounts, now), deps.throttle.address.retryAfter([address], now));
      if (wait > 0) throw new ApiError(429, 'TOO_MANY_ATTEMPTS', { params: { seconds: wait }, headers: { 'Retry-After': String(wait) } });
      const stored = await credentialsOf(deps.db, employee.id);
      if (!(await verifyPassword(stored?.passwordHash ?? null, currentPassword))) {
        deps.throttle.account.fail(accounts, now);
        deps.throttle.address.fail([address], now);
        await writeAudit(deps.db.kysely, auditContext(c), { action: 'auth.password-change-failed', entity: 'employee', entityId: employee.id });
        throw new ApiError(422, 'VALIDATION_FAILED', { fieldCodes: { currentPassword: 'PASSWORD_WRONG' } });
      }
      const problem = newPasswordProblem(newPassword, employee, currentPassword);
      if (problem) throw new ApiError(422, 'VALIDATION_FAILED', { fieldCodes: { newPassword: problem } });
      for (const key of accounts) deps.throttle.account.succeed(key);
      const fresh = mintSession(employee.id, now, deps.sessionPolicy);
      const done = await setPassword(
        deps.db,
        { employeeId: employee.id, passwordHash: await hashPassword(newPassword), mustChange: false, freshSession: fresh.record, action: 'employee.password-change' },
        auditContext(c),
      );
      if (!done) throw notFound();
      writeSessionCookie(c, isSecure(c, deps.origin), fresh.token, fresh.expiresAt, now);
      return c.json(await describeMe(deps.db, employee, false), 200);
    },
  )
  .post(
    '/employees/:id/password-reset',
    allow('employees.manage', {
      summary: 'Reset a person’s password: a temporary one, shown once in this response, which they must replace at their next sign-in; ends their sessions',
      tags,
      description:
        'Only for people the caller may manage (a system admin anyone but themselves; an HR admin the staff, project heads and functional heads of their region): others in scope are 403, out of scope 404. The temporary password is stored hashed, never mailed and never audited.',
    }),
    input('param', idParam),
    async (c) => {
      const deps = c.get('deps');
      const { actor } = signedIn(c);
      const employee = await getEmployee(deps.db, c.req.valid('param').id);
      if (!employee || !employeeInScope(actor, employee)) throw notFound();
      if (!mayManageEmployee(actor, employee)) throw forbidden();
      const temporary = temporaryPassword();
      const done = await setPassword(
        deps.db,
        { employeeId: employee.id, passwordHash: await hashPassword(temporary), mustChange: true, action: 'employee.password-reset' },
        auditContext(c),
      );
      if (!done) throw notFound();
      // A locked-out person is often why the reset was asked for.
      for (const key of accountKeys(employee)) deps.throttle.account.succeed(key);
      c.header('Cache-Control', 'no-store');
      return c.json({ employee: employeeView(employee, actor), temporaryPassword: temporary, sessionsEnded: done.sessionsEnded }, 200);
    },
  );
