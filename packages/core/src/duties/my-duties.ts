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
 * The sections of My duties (我的任务), each duty in one of them: the next
 * reception days (open, dated from today, at most six), then of the rest due
 * now (open, window holds today), overdue (missed, or open past its window
 * before the daily job ran) and upcoming (open, window not yet started).
 */
export function partitionMyDuties<D extends MyDuty>(duties: readonly D[], today: IsoDate) {
  const open = (d: D) => OPEN_STATUSES.includes(d.status);
  const dateOf = (d: D) => d.scheduledOn ?? d.proposedOn;
  const receptions = duties
    .filter((d) => d.kind === 'reception' && open(d) && (dateOf(d) ?? '') >= today)
    .sort((a, b) => ((dateOf(a) ?? '') < (dateOf(b) ?? '') ? -1 : 1))
    .slice(0, 6);
  const apart = new Set<D>(receptions);
  const rest = duties.filter((d) => !apart.has(d));
  return { ...dueOverdueUpcoming(rest, today), receptions };
}

/**
 * The home page's duties: due now (the visits to record first), overdue, and
 * how many are upcoming; each duty once, so those the page shows elsewhere
 * (the next reception day, a plan's revisit) are left out.
 */
export function homeDuties<D extends MyDuty & { id: number }>(
  duties: readonly D[],
  today: IsoDate,
  shownElsewhere: ReadonlySet<number>,
) {
  const s = dueOverdueUpcoming(
    duties.filter((d) => !shownElsewhere.has(d.id)),
    today,
  );
  return { due: s.due, overdue: s.overdue, upcoming: s.upcoming.length };
}

function dueOverdueUpcoming<D extends MyDuty>(duties: readonly D[], today: IsoDate) {
  const open = (d: D) => OPEN_STATUSES.includes(d.status);
  const byDue = (a: D, b: D) => (a.due.to < b.due.to ? -1 : a.due.to > b.due.to ? 1 : 0);
  return {
    due: duties.filter((d) => open(d) && d.due.from <= today && today <= d.due.to).sort(byDue),
    overdue: duties
      .filter((d) => d.status === 'missed' || isOverdue({ status: d.status, dueTo: d.due.to }, today))
      .sort(byDue),
    upcoming: duties.filter((d) => open(d) && d.due.from > today).sort(byDue),
  };
}
