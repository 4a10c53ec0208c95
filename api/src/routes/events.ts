import { blackoutInput, blackoutParam, eventInput, hasCapability, idParam, projectInScope, scopeOf } from '@frontline/core';
import { addBlackout, countEventDuties, createEvent, getProject, listBlackouts, listEvents, removeBlackout } from '@frontline/db';
import { replanRegion } from '../jobs/replan.ts';
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../http/context.ts';
import { notFound } from '../http/errors.ts';
import { allow, signedIn } from '../http/policy.ts';
import { auditContext } from '../http/request-info.ts';
import { input } from '../http/validate.ts';

const tags = ['events'];

/** The project if the caller's scope reaches it (404 otherwise, so existence does not leak). */
async function projectFor(c: Context<AppEnv>, id: number) {
  const { actor } = signedIn(c);
  const project = await getProject(c.get('deps').db, id);
  if (!project || !projectInScope(scopeOf(actor), project)) throw notFound();
  return project;
}

export const eventRoutes = new Hono<AppEnv>()
  .get('/projects/:id/events', allow('org.browse', { summary: 'A project’s checkpoint events', tags }), input('param', idParam), async (c) => {
    const project = await projectFor(c, c.req.valid('param').id);
    return c.json({ events: await listEvents(c.get('deps').db, { projectIds: [project.id] }), canManage: hasCapability(signedIn(c).actor.position, 'events.manage') }, 200);
  })
  .post(
    '/projects/:id/events',
    allow('events.manage', {
      summary: 'Create a checkpoint event (checkpoints 1–5); duties for the participating lines are generated at once; audited',
      tags,
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
  .get('/projects/:id/blackouts', allow('org.browse', { summary: 'Dates a project is closed to visits', tags }), input('param', idParam), async (c) => {
    const project = await projectFor(c, c.req.valid('param').id);
    return c.json({ blackouts: await listBlackouts(c.get('deps').db, [project.id]) }, 200);
  })
  .post(
    '/projects/:id/blackouts',
    allow('events.manage', { summary: 'Close a project to visits on a date (e.g. an inspection); audited', tags }),
    input('param', idParam),
    input('json', blackoutInput),
    async (c) => {
      const project = await projectFor(c, c.req.valid('param').id);
      const blackout = await addBlackout(c.get('deps').db, { ...c.req.valid('json'), projectId: project.id }, auditContext(c));
      return c.json(blackout, 201);
    },
  )
  .delete(
    '/projects/:id/blackouts/:blackoutId',
    allow('events.manage', { summary: 'Reopen a blackout date; audited', tags }),
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
