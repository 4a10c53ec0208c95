import {
  actsOnDuty,
  hasCapability,
  householdInScope,
  isCustomerRelations,
  projectInScope,
  scopeOf,
  type Actor,
  type HouseholdRef,
} from '@frontline/core';

/**
 * Who may record and read visits. A duty's visit is recorded by the person
 * due or their deputy; a booking's visit by whoever booked it, the
 * household's owner, or the reception day's executive (their deputy or
 * assistant). Reading is for the staff who were there, the owners of its
 * households, customer relations covering one of them, and anyone who
 * reviews responses (managers, CR admins) whose scope covers its project.
 */

export const mayRecordForDuty = (actor: Actor, duty: { employeeId: number; deputyId: number | null }): boolean =>
  actsOnDuty(duty, actor.employeeId);

export function mayRecordForBooking(
  actor: Actor,
  booking: { bookedBy: number },
  managers: readonly number[],
  household: { ownerEmployeeId: number | null } | undefined,
): boolean {
  return (
    booking.bookedBy === actor.employeeId ||
    managers.includes(actor.employeeId) ||
    household?.ownerEmployeeId === actor.employeeId
  );
}

/** Reading a visit without looking at its households: the staff who were there, and reviewers whose scope covers its project. */
export function mayReadVisitDirectly(
  actor: Actor,
  v: { employeeId: number; projectId: number; regionId: number; staff?: { id: number }[] },
): boolean {
  if (v.employeeId === actor.employeeId || v.staff?.some((s) => s.id === actor.employeeId)) return true;
  return (
    hasCapability(actor.position, 'responses.view') &&
    projectInScope(scopeOf(actor), { id: v.projectId, regionId: v.regionId })
  );
}

/** Reading a visit through its households: their owner, or customer relations covering one. */
export function mayReadVisitThrough(actor: Actor, households: readonly HouseholdRef[]): boolean {
  return households.some(
    (h) => h.ownerEmployeeId === actor.employeeId || (isCustomerRelations(actor) && householdInScope(actor, h)),
  );
}

/** The responses a reviewer sees: their region's, their project's, or (without a wider scope) their own. */
export function responsesFilter(actor: Actor): { regionIds?: number[]; projectIds?: number[]; employeeId?: number } {
  const scope = scopeOf(actor);
  if (scope.kind === 'region') return { regionIds: [scope.regionId] };
  if (scope.kind === 'project') return { projectIds: [scope.projectId] };
  if (scope.kind === 'own') return { employeeId: actor.employeeId };
  return {};
}
