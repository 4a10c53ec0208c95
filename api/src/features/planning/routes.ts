import {
  blackoutInput,
  blackoutParam,
  eventInput,
  hasCapability,
  idParam,
  participationInput,
  ruleInput,
  scheduleRunInput,
  shanghaiDate,
} from '@frontline/core';
import {
  countEventDuties,
  getProject,
  getRule,
  getScheduleRun,
  listBlackouts,
  listEvents,
  listParticipation,
  listRules,
  listScheduleRuns,
} from '@frontline/db';
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../../http/context.ts';
import { ApiError, notFound, valueOrThrow } from '../../http/errors.ts';
import { allow, signedIn } from '../../http/policy.ts';
import { auditContext } from '../../http/request-info.ts';
import { input } from '../../http/validate.ts';
import { markMissed } from '../duties/service.ts';
import { MANAGE_EVENTS, MANAGE_RULES, mayReadRun, planningRegionOf, projectVisible, RUN } from './policy.ts';
import { replanRegion } from './replan.ts';
import {
  addBlackout,
  changeRule,
  createEvent,
  createRule,
  removeBlackout,
  requestedRun,
  saveParticipation,
} from './service.ts';

export const scheduleRoutes = new Hono<AppEnv>()
  .post(
    '/runs',
    allow(RUN, {
      summary:
        'Start a planning run in the background: ownership, then every duty over the horizon; 202 with the run id',
      description:
        'Idempotent: re-running updates planned duties and leaves acted-on ones alone. Years without calendar data get nothing unless allowUnknownYears.',
      tags: ['schedule'],
    }),
    input('json', scheduleRunInput),
    async (c) => {
      const deps = c.get('deps');
      const options = requestedRun(c.req.valid('json'), shanghaiDate(deps.now()), planningRegionOf(signedIn(c).actor));
      const id = await deps.runner.start(options, auditContext(c));
      if (id === null) throw new ApiError(409, 'GENERATION_RUNNING');
      return c.json({ id }, 202);
    },
  )
  .get(
    '/runs',
    allow(RUN, {
      summary: 'Recent planning runs (a regional caller: those that covered their region)',
      tags: ['schedule'],
    }),
    async (c) => {
      const regionId = planningRegionOf(signedIn(c).actor);
      return c.json({ runs: await listScheduleRuns(c.get('deps').db, regionId === null ? {} : { regionId }) }, 200);
    },
  )
  .get(
    '/runs/:id',
    allow(RUN, { summary: 'One planning run: progress, then its report, or why it failed', tags: ['schedule'] }),
    input('param', idParam),
    async (c) => {
      const regionId = planningRegionOf(signedIn(c).actor);
      const run = await getScheduleRun(c.get('deps').db, c.req.valid('param').id);
      if (!run || !mayReadRun(regionId, run)) throw notFound();
      return c.json(run, 200);
    },
  )
  .post(
    '/mark-missed',
    allow(RUN, {
      summary:
        'Run the daily job now: open duties past their window become missed (idempotent); a regional caller’s region only',
      tags: ['schedule'],
    }),
    async (c) => {
      const deps = c.get('deps');
      const regionId = planningRegionOf(signedIn(c).actor);
      const count = await markMissed(
        deps.db,
        shanghaiDate(deps.now()),
        auditContext(c),
        regionId === null ? {} : { regionId },
      );
      return c.json({ count }, 200);
    },
  );

/** Cadence rules and the participation matrix: anyone signed in may read them; customer relations edits. */
export const ruleRoutes = new Hono<AppEnv>()
  .get(
    '/rules',
    allow('signed-in', { summary: 'Cadence rules: who owes which duty, how often, where', tags: ['rules'] }),
    async (c) => {
      return c.json({ rules: await listRules(c.get('deps').db) }, 200);
    },
  )
  .post(
    '/rules',
    allow(MANAGE_RULES, { summary: 'Add a cadence rule; audited', tags: ['rules'] }),
    input('json', ruleInput),
    async (c) => {
      return c.json(valueOrThrow(await createRule(c.get('deps').db, c.req.valid('json'), auditContext(c))), 201);
    },
  )
  .put(
    '/rules/:id',
    allow(MANAGE_RULES, {
      summary: 'Change a cadence rule (takes effect at the next planning run); audited',
      tags: ['rules'],
    }),
    input('param', idParam),
    input('json', ruleInput),
    async (c) => {
      const db = c.get('deps').db;
      const before = await getRule(db, c.req.valid('param').id);
      if (!before) throw notFound();
      return c.json(valueOrThrow(await changeRule(db, before, c.req.valid('json'), auditContext(c))), 200);
    },
  )
  .get(
    '/participation',
    allow('signed-in', {
      summary: 'Which lines take part in checkpoints 1–5, and how many staff per households',
      tags: ['rules'],
    }),
    async (c) => {
      return c.json({ cells: await listParticipation(c.get('deps').db) }, 200);
    },
  )
  .put(
    '/participation',
    allow(MANAGE_RULES, { summary: 'Replace the participation matrix; audited', tags: ['rules'] }),
    input('json', participationInput),
    async (c) => {
      valueOrThrow(await saveParticipation(c.get('deps').db, c.req.valid('json').cells, auditContext(c)));
      return c.json({ cells: await listParticipation(c.get('deps').db) }, 200);
    },
  );

/** The project if the caller's scope reaches it (404 otherwise, so existence does not leak). */
async function projectFor(c: Context<AppEnv>, id: number) {
  const project = await getProject(c.get('deps').db, id);
  if (!project || !projectVisible(signedIn(c).actor, project)) throw notFound();
  return project;
}

export const eventRoutes = new Hono<AppEnv>()
  .get(
    '/projects/:id/events',
    allow('org.browse', { summary: 'A project’s checkpoint events', tags: ['events'] }),
    input('param', idParam),
    async (c) => {
      const project = await projectFor(c, c.req.valid('param').id);
      return c.json(
        {
          events: await listEvents(c.get('deps').db, { projectIds: [project.id] }),
          canManage: hasCapability(signedIn(c).actor.position, MANAGE_EVENTS),
        },
        200,
      );
    },
  )
  .post(
    '/projects/:id/events',
    allow(MANAGE_EVENTS, {
      summary:
        'Create a checkpoint event (checkpoints 1–5); duties for the participating lines are generated at once; audited',
      tags: ['events'],
    }),
    input('param', idParam),
    input('json', eventInput),
    async (c) => {
      const db = c.get('deps').db;
      const project = await projectFor(c, c.req.valid('param').id);
      const event = await createEvent(db, { ...c.req.valid('json'), projectId: project.id }, auditContext(c));
      // the event's duties exist as soon as it does
      const replan = await replanRegion(c, project.regionId);
      const duties = await countEventDuties(db, event.id);
      return c.json({ event, duties, replan }, 201);
    },
  )
  .get(
    '/projects/:id/blackouts',
    allow('org.browse', { summary: 'Dates a project is closed to visits', tags: ['events'] }),
    input('param', idParam),
    async (c) => {
      const project = await projectFor(c, c.req.valid('param').id);
      return c.json({ blackouts: await listBlackouts(c.get('deps').db, [project.id]) }, 200);
    },
  )
  .post(
    '/projects/:id/blackouts',
    allow(MANAGE_EVENTS, {
      summary: 'Close a project to visits on a date (e.g. an inspection); audited',
      tags: ['events'],
    }),
    input('param', idParam),
    input('json', blackoutInput),
    async (c) => {
      const project = await projectFor(c, c.req.valid('param').id);
      return c.json(
        await addBlackout(c.get('deps').db, { ...c.req.valid('json'), projectId: project.id }, auditContext(c)),
        201,
      );
    },
  )
  .delete(
    '/projects/:id/blackouts/:blackoutId',
    allow(MANAGE_EVENTS, { summary: 'Reopen a blackout date; audited', tags: ['events'] }),
    input('param', blackoutParam),
    async (c) => {
      const { id, blackoutId } = c.req.valid('param');
      const project = await projectFor(c, id);
      const db = c.get('deps').db;
      const blackout = (await listBlackouts(db, [project.id])).find((b) => b.id === blackoutId);
      if (!blackout) throw notFound();
      await removeBlackout(db, blackout, auditContext(c));
      return c.body(null, 204);
    },
  );
