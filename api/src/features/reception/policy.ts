import { householdInScope, scopeOf, type Actor, type Household } from '@frontline/core';
import type { Booking, ReceptionDay } from '@frontline/db';

/**
 * Who may do what with reception days. A day is run by its managers (the
 * executive, their deputy on the duty, their assistant) and seen by everyone
 * of the venue's region, who may book into it; group-wide roles see every
 * day.
 */
export const mayManageDay = (actor: Actor, managers: readonly number[]): boolean => managers.includes(actor.employeeId);

export function mayViewDay(actor: Actor, day: Pick<ReceptionDay, 'regionId'>, managers: readonly number[]): boolean {
  if (mayManageDay(actor, managers)) return true;
  return scopeOf(actor).kind === 'group' || actor.regionId === day.regionId;
}

/** In the list of days, the caller runs their own days and those of the executive they assist. */
export const managesListedDay = (
  actor: Actor,
  day: Pick<ReceptionDay, 'employeeId'>,
  assisted: number | null,
): boolean => day.employeeId === actor.employeeId || day.employeeId === assisted;

/** Whose days the list shows: the caller's and their executive's (mine), or their region's unless they see the group. */
export function dayListScope(
  actor: Actor,
  mine: boolean,
  assisted: number | null,
): { employeeIds?: number[]; regionIds?: number[] } {
  if (mine) return { employeeIds: [actor.employeeId, ...(assisted ? [assisted] : [])] };
  if (scopeOf(actor).kind === 'group') return {};
  return { regionIds: actor.regionId === null ? [] : [actor.regionId] };
}

/** A day's venue is a project of the duty's region. */
export const venueInDutyRegion = (
  project: { regionId: number } | undefined,
  duty: { regionId: number | null },
): boolean => project !== undefined && project.regionId === duty.regionId;

/** Who may book a household: one in their scope, into a day of its region. */
export const mayBookHousehold = (actor: Actor, household: Household): boolean => householdInScope(actor, household);

/** On the roster, staff see their own bookings' households; managers of the day and CR in scope see the whole roster. */
export const seesOnRoster = (
  actor: Actor,
  booking: Pick<Booking, 'bookedBy'>,
  household: Household,
  mayManage: boolean,
): boolean => mayManage || booking.bookedBy === actor.employeeId || householdInScope(actor, household);

/** A booking may be changed by who booked it, the household's owner, or the day's managers. */
export const mayChangeBooking = (
  actor: Actor,
  booking: Pick<Booking, 'bookedBy'>,
  household: Pick<Household, 'ownerEmployeeId'> | undefined,
  mayManage: boolean,
): boolean => mayManage || booking.bookedBy === actor.employeeId || household?.ownerEmployeeId === actor.employeeId;
