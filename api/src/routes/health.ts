import { ping } from '@frontline/db';
import { Hono } from 'hono';
import type { AppEnv } from '../http/context.ts';
import { allow } from '../http/policy.ts';

export const healthRoutes = new Hono<AppEnv>().get(
  '/',
  allow('public', { summary: 'Liveness and database check', tags: ['system'] }),
  async (c) => {
    await ping(c.get('deps').db);
    return c.json({ status: 'ok' as const, database: 'ok' as const }, 200);
  },
);
