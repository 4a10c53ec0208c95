import {
  actionDoneInput,
  evidenceInput,
  idParam,
  planActionInput,
  planInput,
  planListQuery,
  planMoveInput,
  planUpdateInput,
  shanghaiDate,
  verificationInput,
} from '@frontline/core';
import {
  getHouseholds,
  listImprovementPlans,
  openActionsOf,
  openVerificationsOf,
  overdueActions,
  type ImprovementPlan,
} from '@frontline/db';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../http/context.ts';
import { forbidden, notFound, valueOrThrow } from '../../http/errors.ts';
import { allow, signedIn } from '../../http/policy.ts';
import { auditContext } from '../../http/request-info.ts';
import { scopeRefs } from '../../http/scope.ts';
import { input } from '../../http/validate.ts';
import { visibleCommonIssue } from '../common-issues/service.ts';
import { allowedMoves, listsScope, MANAGE, mayCompleteAction, mayMakeMove, OVERDUE, steers, VIEW } from './policy.ts';
import {
  addImprovementPlanAction,
  completeImprovementPlanAction,
  createImprovementPlan,
  moveImprovementPlan,
  planMoveBlockers,
  recordVerification,
  setImprovementPlanEvidence,
  updateImprovementPlan,
  visibleImprovementPlan,
} from './service.ts';
import { improvementPlanView } from './views.ts';

const tags = ['improvement plans'];
const idsParam = z.object({ id: z.coerce.number().int().positive(), sub: z.coerce.number().int().positive() });

async function loadImprovementPlan(c: Context<AppEnv>, id: number): Promise<ImprovementPlan> {
  const deps = c.get('deps');
  const plan = await visibleImprovementPlan(deps.db, signedIn(c).actor, id, shanghaiDate(deps.now()));
  if (!plan) throw notFound();
  return plan;
}

async function improvementPlanBody(c: Context<AppEnv>, id: number) {
  const plan = await loadImprovementPlan(c, id);
  const { actor } = signedIn(c);
  const db = c.get('deps').db;
  return improvementPlanView(
    actor,
    plan,
    await getHouseholds(
      db,
      plan.verifications.map((v) => v.householdId),
    ),
    await planMoveBlockers(db, plan, allowedMoves(actor, plan)),
    c.get('locale'),
  );
}

export const improvementPlanRoutes = new Hono<AppEnv>()
  .get(
    '/plans',
    allow(VIEW, {
      summary: 'Improvement plans in the caller’s scope and those they take part in (owner, action owner, verifier)',
      tags,
    }),
    input('query', planListQuery),
    async (c) => {
      const { actor } = signedIn(c);
      const deps = c.get('deps');
      const q = c.req.valid('query');
      const scope = listsScope(actor, q.mine === 'true') ? scopeRefs(actor) : { regionIds: [] };
      const plans = await listImprovementPlans(
        deps.db,
        { status: q.status, kind: q.kind, ...scope, involving: actor.employeeId },
        shanghaiDate(deps.now()),
      );
      return c.json({ plans }, 200);
    },
  )
  .post(
    '/plans',
    allow(MANAGE, { summary: 'Draft a plan for a confirmed common issue, with its actions', tags }),
    input('json', planInput),
    async (c) => {
      const body = c.req.valid('json');
      if (!(await visibleCommonIssue(c.get('deps').db, signedIn(c).actor, body.commonIssueId))) throw notFound();
      const id = valueOrThrow(await createImprovementPlan(c.get('deps').db, body, auditContext(c)));
      return c.json(await improvementPlanBody(c, id), 201);
    },
  )
  .get(
    '/plans/:id',
    allow(VIEW, {
      summary:
        'One plan: actions, evidence, verification revisits (households masked), its history and the moves the caller may make',
      tags,
    }),
    input('param', idParam),
    async (c) => {
      return c.json(await improvementPlanBody(c, c.req.valid('param').id), 200);
    },
  )
  .put(
    '/plans/:id',
    allow(MANAGE, { summary: 'Edit a draft plan', tags }),
    input('param', idParam),
    input('json', planUpdateInput),
    async (c) => {
      const plan = await loadImprovementPlan(c, c.req.valid('param').id);
      valueOrThrow(await updateImprovementPlan(c.get('deps').db, plan.id, c.req.valid('json'), auditContext(c)));
      return c.json(await improvementPlanBody(c, plan.id), 200);
    },
  )
  .post(
    '/plans/:id/moves',
    allow(VIEW, {
      summary: 'approve (customer relations), start or submit for verification (customer relations or the owner)',
      tags,
    }),
    input('param', idParam),
    input('json', planMoveInput),
    async (c) => {
      const deps = c.get('deps');
      const plan = await loadImprovementPlan(c, c.req.valid('param').id);
      const { move } = c.req.valid('json');
      if (!mayMakeMove(signedIn(c).actor, plan, move)) throw forbidden();
      valueOrThrow(
        await moveImprovementPlan(deps.db, plan.id, move, shanghaiDate(deps.now()), deps.mail, auditContext(c)),
      );
      return c.json(await improvementPlanBody(c, plan.id), 200);
    },
  )
  .post(
    '/plans/:id/actions',
    allow(VIEW, { summary: 'Add an action (customer relations or the owner)', tags }),
    input('param', idParam),
    input('json', planActionInput),
    async (c) => {
      const plan = await loadImprovementPlan(c, c.req.valid('param').id);
      if (!steers(signedIn(c).actor, plan)) throw forbidden();
      valueOrThrow(await addImprovementPlanAction(c.get('deps').db, plan.id, c.req.valid('json'), auditContext(c)));
      return c.json(await improvementPlanBody(c, plan.id), 201);
    },
  )
  .post(
    '/plans/:id/actions/:sub/done',
    allow(VIEW, { summary: 'Mark an action done (its owner, the plan owner or customer relations)', tags }),
    input('param', idsParam),
    input('json', actionDoneInput),
    async (c) => {
      const deps = c.get('deps');
      const { id, sub } = c.req.valid('param');
      const plan = await loadImprovementPlan(c, id);
      const action = plan.actionList.find((a) => a.id === sub);
      if (!action) throw notFound();
      if (!mayCompleteAction(signedIn(c).actor, plan, action)) throw forbidden();
      valueOrThrow(
        await completeImprovementPlanAction(
          deps.db,
          plan.id,
          sub,
          c.req.valid('json').notes,
          shanghaiDate(deps.now()),
          auditContext(c),
        ),
      );
      return c.json(await improvementPlanBody(c, plan.id), 200);
    },
  )
  .put(
    '/plans/:id/evidence',
    allow(VIEW, { summary: 'Evidence of the fix: notes and uploaded photos (customer relations or the owner)', tags }),
    input('param', idParam),
    input('json', evidenceInput),
    async (c) => {
      const { actor } = signedIn(c);
      const plan = await loadImprovementPlan(c, c.req.valid('param').id);
      if (!steers(actor, plan)) throw forbidden();
      const { notes, photoIds } = c.req.valid('json');
      valueOrThrow(
        await setImprovementPlanEvidence(c.get('deps').db, plan.id, notes, photoIds, {
          ...auditContext(c),
          actorId: actor.employeeId,
        }),
      );
      return c.json(await improvementPlanBody(c, plan.id), 200);
    },
  )
  .post(
    '/plans/:id/verifications/:sub',
    allow(VIEW, {
      summary: 'Record a verification revisit: fixed or not (the assigned verifier or their deputy)',
      tags,
    }),
    input('param', idsParam),
    input('json', verificationInput),
    async (c) => {
      const { actor } = signedIn(c);
      const deps = c.get('deps');
      const { id, sub } = c.req.valid('param');
      const plan = await loadImprovementPlan(c, id);
      valueOrThrow(
        await recordVerification(deps.db, plan.id, sub, c.req.valid('json'), shanghaiDate(deps.now()), {
          ...auditContext(c),
          actorId: actor.employeeId,
        }),
      );
      return c.json(await improvementPlanBody(c, plan.id), 200);
    },
  )
  .get(
    '/me/plan-actions',
    allow('signed-in', {
      summary: 'The caller’s open plan actions and verification revisits, by due date (shown in My duties)',
      tags,
    }),
    async (c) => {
      const { actor } = signedIn(c);
      const deps = c.get('deps');
      return c.json(
        {
          actions: await openActionsOf(deps.db, actor.employeeId, shanghaiDate(deps.now())),
          verifications: await openVerificationsOf(deps.db, actor.employeeId),
        },
        200,
      );
    },
  )
  .get(
    '/compliance/overdue-actions',
    allow(OVERDUE, { summary: 'Overdue plan actions of people in the caller’s scope', tags }),
    async (c) => {
      const { actor } = signedIn(c);
      const deps = c.get('deps');
      return c.json({ actions: await overdueActions(deps.db, shanghaiDate(deps.now()), scopeRefs(actor)) }, 200);
    },
  );
