import {
  householdInScope,
  mayRevealHousehold,
  projectInScope,
  scopeOf,
  type Actor,
  type Household,
} from '@frontline/core';

/**
 * Who sees and changes households: holders of `households.view` see those
 * in their scope, masked; the person looking after one and customer
 * relations in scope may reveal it (logged and limited); holders of
 * `households.assign` move one within their project scope.
 */
export const VIEW = 'households.view' as const;
export const ASSIGN = 'households.assign' as const;

export const visible = (actor: Actor, household: Household): boolean => householdInScope(actor, household);

export const mayReveal = (actor: Actor, household: Household): boolean => mayRevealHousehold(actor, household);

export const mayMove = (actor: Actor, household: Household): boolean =>
  householdInScope(actor, household) &&
  projectInScope(scopeOf(actor), { id: household.projectId, regionId: household.regionId });
