import {
  actionDoneInput,
  defectQuery,
  evidenceInput,
  hasCapability,
  idParam,
  planActionInput,
  planInput,
  planListQuery,
  planMoveInput,
  planUpdateInput,
  privacyFor,
  regionInScope,
  scopeOf,
  shanghaiDate,
  verificationInput,
  type Actor,
} from '@frontline/core';
import {
  addPlanAction,
  commonIssueInScope,
  completePlanAction,
  createPlan,
  getCommonIssue,
  getHouseholds,
  getPlan,
  involvedInPlan,
  listPlans,
  movePlan,
  openActionsOf,
  openVerificationsOf,
  overdueActions,
  recordVerification,
  searchDefects,
  setPlanEvidence,
  updatePlan,
  type Plan,
} from '@frontline/db';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/context.ts';
import { forbidden, notFound, valueOrThrow } from '../http/errors.ts';
import { allow, signedIn } from '../http/policy.ts';
import { auditContext } from '../http/request-info.ts';
import { scopeRefs } from '../http/scope.ts';
import { input } from '../http/validate.ts';
import { householdsInScope } from './views.ts';

const tags = ['improvement plans'];
const idsParam = z.object({ id: z.coerce.number().int().positive(), sub: z.coerce.number().int().positive() });

/**
 * Managers see the plans their scope covers, as the list shows them: a
 * project head their project's, a regional manager their region's (a plan
 * spanning regions is the group's); anyone sees the plans they take part in.
 */
function managesPlan(actor: Actor, plan: { regionId: number | null; projectId: number | null }): boolean {
  if (!hasCapability(actor.position, 'responses.view')) return false;
  const scope = scopeOf(actor);
  if (scope.kind === 'group') return true;
  if (scope.kind === 'project') return plan.projectId === scope.projectId;
  return plan.regionId !== null && regionInScope(scope, plan.regionId);
}

async function loadPlan(c: Context<AppEnv>, id: number): Promise<Plan> {
  const { actor } = signedIn(c);
  const deps = c.get('deps');
  const plan = await getPlan(deps.db, id, shanghaiDate(deps.now()));
  if (!plan) throw notFound();
  if (!managesPlan(actor, plan) && !(await involvedInPlan(deps.db, id, actor.employeeId))) throw notFound();
  return plan;
}

/** Customer relations steer every plan in scope; the owner runs their own. */
function steers(actor: Actor, plan: Plan): boolean {
  return hasCapability(actor.position, 'rollup.manage') || plan.ownerId === actor.employeeId;
}

async function planBody(c: Context<AppEnv>, id: number) {
  const { actor } = signedIn(c);
  const plan = await loadPlan(c, id);
  // A plan may span regions: its revisits' households of the caller's scope, the rest counted;
  // a revisit's notes are free text about its household, masked unless the caller may reveal it.
  const households = await getHouseholds(c.get('deps').db, plan.verifications.map((v) => v.householdId));
  const byId = new Map(households.map((h) => [h.id, h]));
  const verifications = plan.verifications.map((v) => ({ ...v, notes: privacyFor(actor, byId.has(v.householdId) ? [byId.get(v.householdId)!] : []).text(v.notes) ?? '' }));
  return { plan: { ...plan, verifications }, ...householdsInScope(actor, households) };
}

export const planRoutes = new Hono<AppEnv>()
  .get(
    '/plans',
    allow('plans.view', { summary: 'Improvement plans in the caller’s scope and those they take part in (owner, action owner, verifier)', tags }),
    input('query', planListQuery),
    async (c) => {
      const { actor } = signedIn(c);
      const deps = c.get('deps');
      const q = c.req.valid('query');
      const scope = hasCapability(actor.position, 'responses.view') && q.mine !== 'true' ? scopeRefs(actor) : { regionIds: [] };
      const plans = await listPlans(deps.db, { status: q.status, kind: q.kind, ...scope, involving: actor.employeeId }, shanghaiDate(deps.now()));
      return c.json({ plans }, 200);
    },
  )
  .post('/plans', allow('rollup.manage', { summary: 'Draft a plan for a confirmed common issue, with its actions', tags }), input('json', planInput), async (c) => {
    const { actor } = signedIn(c);
    const body = c.req.valid('json');
    const issue = await getCommonIssue(c.get('deps').db, body.commonIssueId);
    if (!issue || !commonIssueInScope(issue, scopeRefs(actor))) throw notFound();
    const id = valueOrThrow(await createPlan(c.get('deps').db, body, auditContext(c)));
    return c.json(await planBody(c, id), 201);
  })
  .get('/plans/:id', allow('plans.view', { summary: 'One plan: actions, evidence, verification revisits (households masked) and its history', tags }), input('param', idParam), async (c) => {
    return c.json(await planBody(c, c.req.valid('param').id), 200);
  })
  .put('/plans/:id', allow('rollup.manage', { summary: 'Edit a draft plan', tags }), input('param', idParam), input('json', planUpdateInput), async (c) => {
    const plan = await loadPlan(c, c.req.valid('param').id);
    valueOrThrow(await updatePlan(c.get('deps').db, plan.id, c.req.valid('json'), auditContext(c)));
    return c.json(await planBody(c, plan.id), 200);
  })
  .post(
    '/plans/:id/moves',
    allow('plans.view', { summary: 'approve (customer relations), start or submit for verification (customer relations or the owner)', tags }),
    input('param', idParam),
    input('json', planMoveInput),
    async (c) => {
      const { actor } = signedIn(c);
      const deps = c.get('deps');
      const plan = await loadPlan(c, c.req.valid('param').id);
      const { move } = c.req.valid('json');
      if (move === 'approve' ? !hasCapability(actor.position, 'rollup.manage') : !steers(actor, plan)) throw forbidden();
      valueOrThrow(await movePlan(deps.db, plan.id, move, shanghaiDate(deps.now()), deps.mail, auditContext(c)));
      return c.json(await planBody(c, plan.id), 200);
    },
  )
  .post('/plans/:id/actions', allow('plans.view', { summary: 'Add an action (customer relations or the owner)', tags }), input('param', idParam), input('json', planActionInput), async (c) => {
    const { actor } = signedIn(c);
    const plan = await loadPlan(c, c.req.valid('param').id);
    if (!steers(actor, plan)) throw forbidden();
    valueOrThrow(await addPlanAction(c.get('deps').db, plan.id, c.req.valid('json'), auditContext(c)));
    return c.json(await planBody(c, plan.id), 201);
  })
  .post(
    '/plans/:id/actions/:sub/done',
    allow('plans.view', { summary: 'Mark an action done (its owner, the plan owner or customer relations)', tags }),
    input('param', idsParam),
    input('json', actionDoneInput),
    async (c) => {
      const { actor } = signedIn(c);
      const deps = c.get('deps');
      const { id, sub } = c.req.valid('param');
      const plan = await loadPlan(c, id);
      const action = plan.actionList.find((a) => a.id === sub);
      if (!action) throw notFound();
      if (!steers(actor, plan) && action.ownerId !== actor.employeeId) throw forbidden();
      valueOrThrow(await completePlanAction(deps.db, plan.id, sub, c.req.valid('json').notes, shanghaiDate(deps.now()), auditContext(c)));
      return c.json(await planBody(c, plan.id), 200);
    },
  )
  .put('/plans/:id/evidence', allow('plans.view', { summary: 'Evidence of the fix: notes and uploaded photos (customer relations or the owner)', tags }), input('param', idParam), input('json', evidenceInput), async (c) => {
    const { actor } = signedIn(c);
    const plan = await loadPlan(c, c.req.valid('param').id);
    if (!steers(actor, plan)) throw forbidden();
    const { notes, photoIds } = c.req.valid('json');
    valueOrThrow(await setPlanEvidence(c.get('deps').db, plan.id, notes, photoIds, { ...auditContext(c), actorId: actor.employeeId }));
    return c.json(await planBody(c, plan.id), 200);
  })
  .post(
    '/plans/:id/verifications/:sub',
    allow('plans.view', { summary: 'Record a verification revisit: fixed or not (the assigned verifier or their deputy)', tags }),
    input('param', idsParam),
    input('json', verificationInput),
    async (c) => {
      const { actor } = signedIn(c);
      const deps = c.get('deps');
      const { id, sub } = c.req.valid('param');
      const plan = await loadPlan(c, id);
      valueOrThrow(await recordVerification(deps.db, plan.id, sub, c.req.valid('json'), shanghaiDate(deps.now()), { ...auditContext(c), actorId: actor.employeeId }));
      return c.json(await planBody(c, plan.id), 200);
    },
  )
  .get('/me/plan-actions', allow('signed-in', { summary: 'The caller’s open plan actions and verification revisits, by due date (shown in My duties)', tags }), async (c) => {
    const { actor } = signedIn(c);
    const deps = c.get('deps');
    return c.json({ actions: await openActionsOf(deps.db, actor.employeeId, shanghaiDate(deps.now())), verifications: await openVerificationsOf(deps.db, actor.employeeId) }, 200);
  })
  .get('/compliance/overdue-actions', allow('compliance.view', { summary: 'Overdue plan actions of people in the caller’s scope', tags }), async (c) => {
    const { actor } = signedIn(c);
    const deps = c.get('deps');
    return c.json({ actions: await overdueActions(deps.db, shanghaiDate(deps.now()), scopeRefs(actor)) }, 200);
  })
  .get('/defects', allow('plans.view', { summary: 'The defect library (缺陷库): closed plans for future projects, by category and words', tags }), input('query', defectQuery), async (c) => {
    return c.json({ defects: await searchDefects(c.get('deps').db, c.req.valid('query')) }, 200);
  });
