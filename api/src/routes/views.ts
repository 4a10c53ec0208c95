import type { DutyListItem } from '@frontline/db';
import { maskName, maskPhone, maskRoom, mayManageEmployee, mayRevealHousehold, type Actor, type Employee, type Household } from '@frontline/core';

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

/** A duty as the API shows it: codes, dates and names; the web app puts them into words. */
export function dutyView(d: DutyListItem) {
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
    householdId: d.householdId,
    householdLabel: d.householdLabel,
    completedOn: d.completedOn,
    notes: d.notes,
    reason: d.reason,
    approvedBy: d.approvedBy,
  };
}

export type DutyView = ReturnType<typeof dutyView>;

/** Households as a caller sees them: masked, with whether they may reveal each (reveals go through the logged route). */
export function maskedHouseholds(actor: Actor, households: Household[]) {
  return households.map((h) => householdView(h, { canReveal: mayRevealHousehold(actor, h) }));
}
