import {
  householdListQuery,
  idParam,
  moveHouseholdInput,
  projectInScope,
  REVEAL_LIMIT,
  scopeOf,
} from '@frontline/core';
import { getEmployee, getHousehold, getProject, listAssignmentHistory, listHouseholds } from '@frontline/db';
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../../http/context.ts';
import { ApiError, forbidden, notFound } from '../../http/errors.ts';
import { allow, signedIn } from '../../http/policy.ts';
import { auditContext } from '../../http/request-info.ts';
import { input } from '../../http/validate.ts';
import { householdView } from '../../routes/views.ts';
import { ASSIGN, mayMove, mayReveal, VIEW, visible } from './policy.ts';
import { mayOwn, moveHousehold, revealHousehold } from './service.ts';

const tags = ['households'];

/**
 * Logs a reveal of the household's personal data for the caller, held to the
 * reveal limit: over it, 429 with Retry-After. Every route that shows a
 * household's data in full (the household itself, a ticket's reporter) goes
 * through here.
 */
export async function revealOrRefuse(c: Context<AppEnv>, householdId: number): Promise<void> {
  const deps = c.get('deps');
  const revealed = await revealHousehold(
    deps.db,
    householdId,
    { ...auditContext(c), actorId: signedIn(c).actor.employeeId },
    deps.mail,
  );
  if (!revealed.ok) {
    const params = revealed.error.params ?? {};
    throw new ApiError(429, revealed.error.code, { params, headers: { 'retry-after': String(params.seconds) } });
  }
}

export const householdRoutes = new Hono<AppEnv>()
  .get(
    '/projects/:id/households',
    allow(VIEW, { summary: 'Households of a project, personal data masked', tags }),
    input('param', idParam),
    input('query', householdListQuery),
    async (c) => {
      const { id } = c.req.valid('param');
      const { actor } = signedIn(c);
      const db = c.get('deps').db;
      const project = await getProject(db, id);
      if (!project || !projectInScope(scopeOf(actor), project)) throw notFound();
      const page = await listHouseholds(db, { ...c.req.valid('query'), projectId: id });
      return c.json(
        { items: page.items.map((h) => householdView(h, { canReveal: mayReveal(actor, h) })), total: page.total },
        200,
      );
    },
  )
  .get(
    '/my/households',
    allow(VIEW, { summary: 'Households the caller looks after (对接客户), masked', tags }),
    input('query', householdListQuery),
    async (c) => {
      const { actor } = signedIn(c);
      const page = await listHouseholds(c.get('deps').db, {
        ...c.req.valid('query'),
        ownerEmployeeId: actor.employeeId,
      });
      return c.json({ items: page.items.map((h) => householdView(h, { canReveal: true })), total: page.total }, 200);
    },
  )
  .get(
    '/households/:id',
    allow(VIEW, { summary: 'One household, personal data masked', tags }),
    input('param', idParam),
    async (c) => {
      const { actor } = signedIn(c);
      const db = c.get('deps').db;
      const household = await getHousehold(db, c.req.valid('param').id);
      if (!household || !visible(actor, household)) throw notFound();
      const project = (await getProject(db, household.projectId))!;
      return c.json({ household: householdView(household, { canReveal: mayReveal(actor, household) }), project }, 200);
    },
  )
  .post(
    '/households/:id/reveal',
    allow(VIEW, {
      summary: `Reveal a household’s personal data; only its owner employee and customer relations in scope; audited; at most ${REVEAL_LIMIT.max} per person in ${REVEAL_LIMIT.windowMs / 60_000} minutes (then 429 with Retry-After, and the system admins are told)`,
      tags,
    }),
    input('param', idParam),
    async (c) => {
      const { actor } = signedIn(c);
      const deps = c.get('deps');
      const household = await getHousehold(deps.db, c.req.valid('param').id);
      if (!household || !visible(actor, household)) throw notFound();
      if (!mayReveal(actor, household)) throw forbidden();
      await revealOrRefuse(c, household.id);
      return c.json({ household: householdView(household, { canReveal: true, reveal: true }) }, 200);
    },
  )
  .get(
    '/households/:id/history',
    allow(VIEW, { summary: 'Who has looked after a household, and why it changed hands', tags }),
    input('param', idParam),
    async (c) => {
      const { actor } = signedIn(c);
      const db = c.get('deps').db;
      const household = await getHousehold(db, c.req.valid('param').id);
      if (!household || !visible(actor, household)) throw notFound();
      return c.json({ history: await listAssignmentHistory(db, household.id) }, 200);
    },
  )
  .post(
    '/households/:id/owner',
    allow(ASSIGN, {
      summary: 'Move a household to another employee of its project by hand, with a reason; audited',
      tags,
    }),
    input('param', idParam),
    input('json', moveHouseholdInput),
    async (c) => {
      const { actor } = signedIn(c);
      const db = c.get('deps').db;
      const household = await getHousehold(db, c.req.valid('param').id);
      if (!household || !mayMove(actor, household)) throw notFound();
      const { employeeId, reason } = c.req.valid('json');
      const target = await getEmployee(db, employeeId);
      if (!target || !mayOwn(target, household))
        throw new ApiError(422, 'OWNER_INVALID', { fieldCodes: { employeeId: 'OWNER_INVALID' } });
      await moveHousehold(db, household, target, reason, auditContext(c));
      return c.json({ history: await listAssignmentHistory(db, household.id) }, 200);
    },
  );
