import { employeeInScope, hasCapability, type Actor, type Employee } from '@frontline/core';

/**
 * Who may change what about a person. Browsing follows the caller's scope;
 * a person's standing and password follow core's `mayManageEmployee`
 * (nobody their own, nor that of someone at or above them).
 */

/** A person's leave is theirs to record; their manager and people managers in scope may too. */
export function mayManageLeave(actor: Actor, employee: Employee): boolean {
  if (employee.id === actor.employeeId || employee.managerId === actor.employeeId) return true;
  return hasCapability(actor.position, 'employees.manage') && employeeInScope(actor, employee);
}

/** An executive's assistant: an active colleague of their region, not themselves. */
export function mayBeAssistant(assistant: Employee, executive: Employee): boolean {
  return assistant.active && assistant.id !== executive.id && assistant.regionId === executive.regionId;
}
