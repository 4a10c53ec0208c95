import {
  hasCapability,
  peopleMovesFrom,
  regionInScope,
  scopeOf,
  type Actor,
  type PeoplePlanMove,
  type PlanStatus,
} from '@frontline/core';

/**
 * Who may do what with improvement plans. Holders of `plans.view` see the
 * plans their scope manages and those they take part in; customer
 * relations (`rollup.manage`) draft, approve and steer every plan in scope,
 * the owner steers their own; an action's owner completes it.
 */
export const VIEW = 'plans.view' as const;
export const MANAGE = 'rollup.manage' as const;
export const OVERDUE = 'compliance.view' as const;

/**
 * Managers see the plans their scope covers, as the list shows them: a
 * project head their project's, a regional manager their region's (a plan
 * spanning regions is the group's).
 */
export function managesImprovementPlan(
  actor: Actor,
  plan: { regionId: number | null; projectId: number | null },
): boolean {
  if (!hasCapability(actor.position, 'responses.view')) return false;
  const scope = scopeOf(actor);
  if (scope.kind === 'group') return true;
  if (scope.kind === 'project') return plan.projectId === scope.projectId;
  return plan.regionId !== null && regionInScope(scope, plan.regionId);
}

/** Whether the list shows the caller's scope, or (for those without one, or asking for `mine`) only the plans they take part in. */
export const listsScope = (actor: Actor, mine: boolean): boolean =>
  hasCapability(actor.position, 'responses.view') && !mine;

/** Customer relations steer every plan in scope; the owner runs their own. */
export const steers = (actor: Actor, plan: { ownerId: number }): boolean =>
  hasCapability(actor.position, MANAGE) || plan.ownerId === actor.employeeId;

/** Approving is customer relations'; starting and submitting whoever steers the plan. */
export const mayMakeMove = (actor: Actor, plan: { ownerId: number }, move: PeoplePlanMove): boolean =>
  move === 'approve' ? hasCapability(actor.position, MANAGE) : steers(actor, plan);

/** The moves the caller may make on the plan now: those the lifecycle allows from its status that are theirs to make. */
export const allowedMoves = (actor: Actor, plan: { ownerId: number; status: PlanStatus }): PeoplePlanMove[] =>
  peopleMovesFrom(plan.status).filter((move) => mayMakeMove(actor, plan, move));

export const mayCompleteAction = (actor: Actor, plan: { ownerId: number }, action: { ownerId: number }): boolean =>
  steers(actor, plan) || action.ownerId === actor.employeeId;
