import type { DutyListItem } from '@frontline/db';
import { householdInScope, isProvisionalDate, maskName, maskPhone, maskRoom, mayManageEmployee, mayRevealHousehold, privacyFor, type Actor, type Employee, type Household, type WorkCalendar } from '@frontline/core';

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

/** An employee as `viewer` sees them, with whether the viewer may change their standing (activate, deactivate, reset the password). */
export function employeeView(e: Employee, viewer: Actor) {
  return {
    id: e.id,
    employeeNo: e.employeeNo,
    name: e.name,
    line: e.line,
    position: e.position,
    regionId: e.regionId,
    projectId: e.projectId,
    managerId: e.managerId,
    active: e.active,
    leftOn: e.leftOn,
    canManage: mayManageEmployee(viewer, e),
  };
}

/**
 * A duty as the API shows it: codes, dates and names; the web app puts them
 * into words. Its household's address is masked (nothing for HR), and its
 * notes are the duty person's own words, masked for others who may not
 * reveal the household.
 */
export function dutyView(actor: Actor, d: DutyListItem, calendar: WorkCalendar) {
  const privacy = privacyFor(actor, d.household ? [d.household] : []);
  const own = d.employeeId === actor.employeeId || d.deputyId === actor.employeeId;
  return {
    id: d.id,
    kind: d.kind,
    status: d.status,
    period: { kind: d.periodKind, key: d.periodKey },
    due: { from: d.dueFrom, to: d.dueTo },
    proposedOn: d.proposedOn,
    scheduledOn: d.scheduledOn,
    employeeId: d.employeeId,
    employeeName: d.employeeName,
    deputyId: d.deputyId,
    deputyName: d.deputyName,
    attendedBy: d.attendedBy,
    project: d.projectId === null ? null : { id: d.projectId, name: d.projectName },
    eventId: d.eventId,
    eventTitle: d.eventTitle,
    householdId: privacy.sight === 'none' ? null : d.householdId,
    householdLabel: privacy.label(d.household),
    completedOn: d.completedOn,
    /** Its date (or window) rests on a year whose holiday notice is not out: shown as 暂定. */
    provisional: isProvisionalDate(calendar, d.scheduledOn ?? d.proposedOn ?? d.dueFrom),
    notes: own ? d.notes : privacy.text(d.notes),
    reason: d.reason,
    approvedBy: d.approvedBy,
  };
}

export type DutyView = ReturnType<typeof dutyView>;

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
