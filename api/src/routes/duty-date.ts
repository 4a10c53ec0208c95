import { checkDutyDate, maxDate, type IsoDate } from '@frontline/core';
import { blackoutMap, currentPlanOptions, listBlackouts, listLeaveRecords, loadWorkCalendar, receptionDatesOf, type Db, type Duty } from '@frontline/db';
import { fromAppError } from '../http/errors.ts';

/**
 * A duty's date rules, for scheduling it and for its reception day: inside its
 * window (from today); a reception also on a working day (调休 make-up days
 * count), not in the person's leave, not on a blackout of the venue, and not
 * on the day of their other receptions. Throws the rule's error.
 */
export async function assertDutyDate(db: Db, duty: Duty, date: IsoDate, today: IsoDate, venueProjectId: number | null = duty.projectId): Promise<void> {
  const reception = duty.kind === 'reception';
  const [calendar, options] = await Promise.all([loadWorkCalendar(db), currentPlanOptions(db, today)]);
  const problem = checkDutyDate(date, {
    calendar,
    workingDayOnly: reception,
    allowUnknownYears: options.allowUnknownYears,
    window: { from: maxDate(duty.dueFrom, today), to: duty.dueTo },
    ...(reception && venueProjectId !== null ? { blackouts: blackoutMap(await listBlackouts(db, [venueProjectId])).get(venueProjectId) } : {}),
    ...(reception ? { leaves: await listLeaveRecords(db, duty.employeeId), busy: await receptionDatesOf(db, duty.employeeId, duty.id) } : {}),
  });
  if (problem) throw fromAppError(problem);
}
