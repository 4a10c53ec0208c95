import { addDaysIso, type IsoDate } from '../calendar/dates.ts';
import { isOverdue, OPEN_STATUSES, type DutyStatus } from './lifecycle.ts';
import type { DutyKind } from './rules.ts';

/** The shape the API's duty view has. */
type MyDuty = {
  kind: DutyKind;
  status: DutyStatus;
  due: { from: IsoDate; to: IsoDate };
  scheduledOn: IsoDate | null;
  proposedOn: IsoDate | null;
};

/** How far back "overdue" looks and how far ahead "upcoming" reaches on the landing page. */
export const MY_DUTIES_LOOKBACK_DAYS = 92;
export const MY_DUTIES_LOOKAHEAD_DAYS = 92;

export function myDutiesRange(today: IsoDate): { from: IsoDate; to: IsoDate } {
  return { from: addDaysIso(today, -MY_DUTIES_LOOKBACK_DAYS), to: addDaysIso(today, MY_DUTIES_LOOKAHEAD_DAYS) };
}

/**
 * The landing page's sections: due now (open, window holds today), overdue
 * (missed, or open past its window before the daily job ran), upcoming (open,
 * window not yet started) and the next reception days.
 */
export function partitionMyDuties<D extends MyDuty>(duties: readonly D[], today: IsoDate) {
  const open = (d: D) => OPEN_STATUSES.includes(d.status);
  const byDue = (a: D, b: D) => (a.due.to < b.due.to ? -1 : a.due.to > b.due.to ? 1 : 0);
  const dateOf = (d: D) => d.scheduledOn ?? d.proposedOn;
  return {
    due: duties.filter((d) => open(d) && d.due.from <= today && today <= d.due.to).sort(byDue),
    overdue: duties
      .filter((d) => d.status === 'missed' || isOverdue({ status: d.status, dueTo: d.due.to }, today))
      .sort(byDue),
    upcoming: duties.filter((d) => open(d) && d.due.from > today).sort(byDue),
    receptions: duties
      .filter((d) => d.kind === 'reception' && open(d) && (dateOf(d) ?? '') >= today)
      .sort((a, b) => ((dateOf(a) ?? '') < (dateOf(b) ?? '') ? -1 : 1))
      .slice(0, 6),
  };
}
