import { scheduleRunInput, shanghaiDate, idParam } from '@frontline/core';
import { defaultHorizonEnd, getScheduleRun, listScheduleRuns, markMissedDuties } from '@frontline/db';
import { Hono } from 'hono';
import type { AppEnv } from '../http/context.ts';
import { ApiError, notFound } from '../http/errors.ts';
import { allow } from '../http/policy.ts';
import { auditContext } from '../http/request-info.ts';
import { input } from '../http/validate.ts';

const tags = ['schedule'];

export const scheduleRoutes = new Hono<AppEnv>()
  .post(
    '/runs',
    allow('schedule.run', {
      summary: 'Start a planning run in the background: ownership, then every duty over the horizon; 202 with the run id',
      description: 'Idempotent: re-running updates planned duties and leaves acted-on ones alone. Years without calendar data get nothing unless allowUnknownYears.',
      tags,
    }),
    input('json', scheduleRunInput),
    async (c) => {
      const deps = c.get('deps');
      const body = c.req.valid('json');
      const today = shanghaiDate(deps.now());
      const from = body.from && body.from > today ? body.from : today;
      const options = { horizon: { from, to: defaultHorizonEnd(from, body.months) }, today, allowUnknownYears: body.allowUnknownYears };
      const id = await deps.runner.start(options, auditContext(c));
      if (id === null) throw new ApiError(409, 'GENERATION_RUNNING');
      return c.json({ id }, 202);
    },
  )
  .get('/runs', allow('schedule.run', { summary: 'Recent planning runs', tags }), async (c) => {
    return c.json({ runs: await listScheduleRuns(c.get('deps').db) }, 200);
  })
  .get('/runs/:id', allow('schedule.run', { summary: 'One planning run: progress, then its report', tags }), input('param', idParam), async (c) => {
    const run = await getScheduleRun(c.get('deps').db, c.req.valid('param').id);
    if (!run) throw notFound();
    return c.json(run, 200);
  })
  .post(
    '/mark-missed',
    allow('schedule.run', { summary: 'Run the daily job now: open duties past their window become missed (idempotent)', tags }),
    async (c) => {
      const deps = c.get('deps');
      const count = await markMissedDuties(deps.db, shanghaiDate(deps.now()), auditContext(c));
      return c.json({ count }, 200);
    },
  );
