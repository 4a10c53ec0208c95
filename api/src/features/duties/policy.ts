import {
  actsOnDuty,
  employeeInScope,
  hasCapability,
  mayApproveFor,
  mayTransition,
  type Actor,
  type DutyAction,
  type Employee,
  type IsoDate,
} from '@frontline/core';
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
  return (
    actsOn(actor, duty) ||
    (hasCapability(actor.position, 'compliance.view') && employeeInScope(actor, owner)) ||
    owner.managerId === actor.employeeId
  );
}

export const mayExcuse = (actor: Actor, owner: Employee): boolean => mayApproveFor(actor, owner);

export const mayDelegate = (actor: Actor, duty: Duty, owner: Employee): boolean =>
  duty.employeeId === actor.employeeId || mayApproveFor(actor, owner);

/** A duty and its open reception day, if it has one (the duty lists carry it). */
export type DutyWithDay = Duty & { receptionDayId: number | null };

/** What a person may do to a duty from its page (the daily job's `miss` is nobody's). */
export type DutyMove = Exclude<DutyAction['type'], 'miss'>;
const DUTY_MOVES: readonly DutyMove[] = ['schedule', 'complete', 'delegate', 'excuse'];

/**
 * The moves `actor` may make on the duty today: who may (the rules above)
 * and what its state allows (core's lifecycle); recording it done also waits
 * for its window to open. Pages offer exactly these, so nothing offered is
 * refused for who or what; a date may still be refused by the date rules.
 */
export function allowedMoves(actor: Actor, duty: DutyWithDay, owner: Employee, today: IsoDate): DutyMove[] {
  const may: Record<DutyMove, boolean> = {
    // A reception duty with its day set up is moved on the day's page, which carries the bookings and invites.
    schedule: actsOn(actor, duty) && duty.receptionDayId === null,
    // A ticket follow-up is done by recording it on its ticket (satisfaction and comments), not by ticking it off.
    complete: actsOn(actor, duty) && duty.dueFrom <= today && duty.kind !== 'follow_up',
    delegate: mayDelegate(actor, duty, owner),
    excuse: mayExcuse(actor, owner),
  };
  return DUTY_MOVES.filter((move) => may[move] && mayTransition(duty.status, move));
}
