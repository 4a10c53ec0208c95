import { shanghaiDate } from '@frontline/core';
import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.ts';
import { allow, signedIn } from '../../http/policy.ts';
import { homeOf } from './service.ts';

const tags = ['home'];

export const homeRoutes = new Hono<AppEnv>().get(
  '/me/home',
  allow('signed-in', {
    summary:
      'My home page: the sections my capabilities open (duties, receptions, system, review, appraisal, compliance; null when not mine), each with its first records and counts, scoped as its full page',
    tags,
  }),
  async (c) => {
    const { actor } = signedIn(c);
    const deps = c.get('deps');
    const now = deps.now();
    return c.json(
      await homeOf(deps.db, actor, {
        today: shanghaiDate(now),
        now,
        locale: c.get('locale'),
        calendarWatchFrom: deps.calendarWatchFrom,
      }),
      200,
    );
  },
);
