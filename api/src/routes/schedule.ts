import { scheduleRunInput, shanghaiDate, idParam, scopeOf, type Actor } from '@frontline/core';
import { defaultHorizonEnd, getScheduleRun, listScheduleRuns, markMissedDuties } from '@frontline/db';
import { Hono } from 'hono';
import type { AppEnv } from '../http/context.ts';
import { ApiError, forbidden, notFound } from '../http/errors.ts';
import { allow, signedIn } from '../http/policy.ts';
import { auditContext } from '../http/request-info.ts';
import { input } from '../http/validate.ts';

const tags = ['schedule'];

/**
 * Planning is regional work: a regional customer-relations admin plans, reads
 * runs of and marks missed duties in their own region; group-level callers
 * act on every region. Null means the group.
 */
function regionOf(actor: Actor): number | null {
  const scope = scopeOf(actor);
  if (scope.kind === 'group') return null;
  if (scope.kind === 'region') return scope.regionId;
  throw forbidden();
}

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
      const regionId = regionOf(signedIn(c).actor);
      const today = shanghaiDate(deps.now());
      const from = body.from && body.from > today ? body.from : today;
      const options = {
        horizon: { from, to: defaultHorizonEnd(from, body.months) },
        today,
        allowUnknownYears: body.allowUnknownYears,
        ...(regionId === null ? {} : { regionIds: [regionId] }),
      };
      const id = await deps.runner.start(options, auditContext(c));
      if (id === null) throw new ApiError(409, 'GENERATION_RUNNING');
      return c.json({ id }, 202);
    },
  )
  .get('/runs', allow('schedule.run', { summary: 'Recent planning runs (a regional caller: those that covered their region)', tags }), async (c) => {
    const regionId = regionOf(signedIn(c).actor);
    return c.json({ runs: await listScheduleRuns(c.get('deps').db, regionId === null ? {} : { regionId }) }, 200);
  })
  .get('/runs/:id', allow('schedule.run', { summary: 'One planning run: progress, then its report, or why it failed', tags }), input('param', idParam), async (c) => {
    const regionId = regionOf(signedIn(c).actor);
    const run = await getScheduleRun(c.get('deps').db, c.req.valid('param').id);
    if (!run || (regionId !== null && run.regionIds !== null && !run.regionIds.includes(regionId))) throw notFound();
    return c.json(run, 200);
  })
  .post(
    '/mark-missed',
    allow('schedule.run', { summary: 'Run the daily job now: open duties past their window become missed (idempotent); a regional caller’s region only', tags }),
    async (c) => {
      const deps = c.get('deps');
      const regionId = regionOf(signedIn(c).actor);
      const count = await markMissedDuties(deps.db, shanghaiDate(deps.now()), auditContext(c), regionId === null ? {} : { regionId });
      return c.json({ count }, 200);
    },
  );
