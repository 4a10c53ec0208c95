import { actsOnDuty, employeeInScope, hasCapability, mayApproveFor, type Actor, type Employee } from '@frontline/core';
import type { Duty } from '@frontline/db';

/**
 * Who may do what with a duty. The person due and their deputy act on it
 * (schedule it, record it done); managers whose scope covers the person,
 * and the person's own manager, may look; the person's manager or an
 * executive in scope excuses it; the person or such an approver hands it to
 * a deputy.
 */
export const actsOn = (actor: Actor, duty: Duty): boolean => actsOnDuty(duty, actor.employeeId);

export function mayView(actor: Actor, duty: Duty, owner: Employee): boolean {
  return actsOn(actor, duty) || (hasCapability(actor.position, 'compliance.view') && employeeInScope(actor, owner)) || owner.managerId === actor.employeeId;
}

export const mayExcuse = (actor: Actor, owner: Employee): boolean => mayApproveFor(actor, owner);

export const mayDelegate = (actor: Actor, duty: Duty, owner: Employee): boolean => duty.employeeId === actor.employeeId || mayApproveFor(actor, owner);
