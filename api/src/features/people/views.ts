import { mayManageEmployee, type Actor, type Employee } from '@frontline/core';

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
