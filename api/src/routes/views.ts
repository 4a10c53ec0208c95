import {
  householdInScope,
  maskName,
  maskPhone,
  maskRoom,
  mayRevealHousehold,
  type Actor,
  type Household,
} from '@frontline/core';

/** Response shapes. Customer data leaves the API masked unless `reveal` is set by the reveal route. */

export function householdView(h: Household, options: { canReveal: boolean; reveal?: boolean }) {
  const reveal = options.reveal === true;
  return {
    id: h.id,
    projectId: h.projectId,
    regionId: h.regionId,
    building: h.building,
    unit: h.unit,
    room: reveal ? h.room : maskRoom(h.room),
    stage: h.stage,
    ownerEmployeeId: h.ownerEmployeeId,
    owners: h.owners.map((o) => ({
      name: reveal ? o.name : maskName(o.name),
      phone: o.phone === null ? null : reveal ? o.phone : maskPhone(o.phone),
    })),
    masked: !reveal,
    canReveal: options.canReveal,
  };
}

/** Households as a caller sees them: masked, with whether they may reveal each (reveals go through the logged route). */
export function maskedHouseholds(actor: Actor, households: Household[]) {
  return households.map((h) => householdView(h, { canReveal: mayRevealHousehold(actor, h) }));
}

/**
 * Households of a record that spans the caller's scope (a common issue or a
 * plan across projects and regions): those in scope, masked; the others only
 * counted, never listed.
 */
export function householdsInScope(actor: Actor, households: Household[]) {
  const mine = households.filter((h) => householdInScope(actor, h));
  return { households: maskedHouseholds(actor, mine), householdsOutOfScope: households.length - mine.length };
}
