import { auditQuery } from '@frontline/core';
import { listAudit } from '@frontline/db';
import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.ts';
import { allow } from '../../http/policy.ts';
import { input } from '../../http/validate.ts';

export const auditRoutes = new Hono<AppEnv>().get(
  '/',
  allow('audit.view', { summary: 'The audit log, newest first', tags: ['audit'] }),
  input('query', auditQuery),
  async (c) => c.json(await listAudit(c.get('deps').db, c.req.valid('query')), 200),
);
