import { addDaysIso, addMonthsIso, type IsoDate } from '../calendar/dates.ts';
import type { DateRange } from './date-rules.ts';

/** The day before the same date `months` later: a 12-month horizon from 2026-11-23 ends 2027-11-22. */
export function defaultHorizonEnd(from: IsoDate, months: number): IsoDate {
  return addDaysIso(addMonthsIso(from, months), -1);
}

/** The months a re-plan covers when no full run has been made yet (or the last one's horizon is past). */
export const REPLAN_MONTHS = 12;

/**
 * What a re-plan between full runs covers (after a leaver, leave, a new
 * event, a calendar change): from today to the last finished run's horizon
 * end, with its choice about years without calendar data; twelve months and
 * no such years when there is no run still reaching today.
 */
export function replanScope(
  lastRun: { horizonTo: IsoDate; allowUnknownYears: boolean } | undefined,
  today: IsoDate,
): { horizon: DateRange; allowUnknownYears: boolean } {
  const to = lastRun && lastRun.horizonTo >= today ? lastRun.horizonTo : defaultHorizonEnd(today, REPLAN_MONTHS);
  return { horizon: { from: today, to }, allowUnknownYears: lastRun?.allowUnknownYears ?? false };
}

/**
 * What a re-plan after one person's change (leaving, joining, leave) covers:
 * their region only, and only their own project's households may change
 * hands. Nothing for someone in no region.
 */
export function personReplan(person: {
  regionId: number | null;
  projectId: number | null;
}): { regionIds: number[]; ownershipProjectIds: number[] } | null {
  if (person.regionId === null) return null;
  return { regionIds: [person.regionId], ownershipProjectIds: person.projectId === null ? [] : [person.projectId] };
}
