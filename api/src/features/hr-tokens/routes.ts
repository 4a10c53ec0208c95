import { apiTokenInput } from '@frontline/core';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../http/context.ts';
import { notFound, valueOrThrow } from '../../http/errors.ts';
import { allow, signedIn } from '../../http/policy.ts';
import { auditContext } from '../../http/request-info.ts';
import { input } from '../../http/validate.ts';
import { createApiToken, listTokens, revokeToken } from './service.ts';
import { tokenView } from './views.ts';

const tags = ['appraisal'];

export const hrTokenRoutes = new Hono<AppEnv>()
  .get(
    '/hr/tokens',
    allow('scores.manage', {
      summary: 'API tokens for the HR system made by people in the caller’s scope (never the secret)',
      tags,
    }),
    async (c) => {
      return c.json({ items: (await listTokens(c.get('deps').db, signedIn(c).actor)).map(tokenView) }, 200);
    },
  )
  .post(
    '/hr/tokens',
    allow('scores.manage', {
      summary: 'Create a read-only scores token; the secret is shown in this response only',
      tags,
    }),
    input('json', apiTokenInput),
    async (c) => {
      const ctx = { ...auditContext(c), actorId: signedIn(c).actor.employeeId };
      const { token, meta } = valueOrThrow(
        await createApiToken(c.get('deps').db, c.req.valid('json').name, 'scores.read', ctx),
      );
      return c.json({ token, ...tokenView(meta) }, 201);
    },
  )
  .delete(
    '/hr/tokens/:id',
    allow('scores.manage', { summary: 'Revoke a token: it stops working at once', tags }),
    input('param', z.object({ id: z.string().max(64) })),
    async (c) => {
      if (!(await revokeToken(c.get('deps').db, signedIn(c).actor, c.req.valid('param').id, auditContext(c))))
        throw notFound();
      return c.body(null, 204);
    },
  );
