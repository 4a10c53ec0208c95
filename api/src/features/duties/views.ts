import { isProvisionalDate, privacyFor, type Actor, type WorkCalendar } from '@frontline/core';
import type { DutyListItem } from '@frontline/db';
import type { DutyMove } from './policy.ts';

/**
 * A duty as the API shows it: codes, dates and names; the web app puts them
 * into words. Its household's address is masked (nothing for HR), and its
 * notes are the duty person's own words, masked for others who may not
 * reveal the household. `allowedMoves` is what the viewer may do to it now
 * (the policy's `allowedMoves`).
 */
export function dutyView(actor: Actor, d: DutyListItem, calendar: WorkCalendar, allowedMoves: DutyMove[]) {
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
    ticketId: d.ticketId,
    receptionDayId: d.receptionDayId,
    householdLabel: privacy.label(d.household),
    completedOn: d.completedOn,
    /** Its date (or window) rests on a year whose holiday notice is not out: shown as 暂定. */
    provisional: isProvisionalDate(calendar, d.scheduledOn ?? d.proposedOn ?? d.dueFrom),
    notes: own ? d.notes : privacy.text(d.notes),
    reason: d.reason,
    approvedBy: d.approvedBy,
    allowedMoves,
  };
}

export type DutyView = ReturnType<typeof dutyView>;
