import type { CommonIssueSummary, OverdueAction, ReceptionDay } from '@frontline/db';
import type { Actor } from '@frontline/core';
import { commonIssueView } from '../common-issues/views.ts';
import type { rosterEntryView } from '../reception/views.ts';

/** How many there are, and the first few of them: what a home section shows before its link to the full page. */
export type Some<T> = { total: number; items: T[] };
export const some = <T>(all: readonly T[], first: number): Some<T> => ({
  total: all.length,
  items: all.slice(0, first),
});

type RosterEntry = ReturnType<typeof rosterEntryView>;

/** A booking on a day's roster as the home page names it: its time and household, masked as the roster gives it. */
export const rosterLine = (b: RosterEntry) => ({ id: b.id, startsAt: b.startsAt, household: b.household });

/** One of my coming bookings: the day, where and with whom, and the household (masked). */
export const bookingLine = (day: ReceptionDay, b: RosterEntry) => ({
  id: b.id,
  dayId: day.id,
  date: day.date,
  startsAt: b.startsAt,
  endsAt: b.endsAt,
  venue: day.venue,
  executiveName: day.employeeName,
  provisional: day.provisional,
  household: b.household,
});

/** A common issue awaiting review: what it is and how many it touches (the projects of the caller's scope by name). */
export function issueLine(actor: Actor, issue: CommonIssueSummary) {
  const v = commonIssueView(actor, issue);
  return {
    id: v.id,
    title: v.title,
    categoryLabel: v.categoryLabel,
    households: v.households,
    items: v.items,
    projects: v.projects.map((p) => p.name),
    otherProjects: v.otherProjects,
    latestReported: v.latestReported,
  };
}

export const actionLine = (a: OverdueAction) => ({
  id: a.id,
  planId: a.planId,
  planTitle: a.planTitle,
  title: a.title,
  dueOn: a.dueOn,
  ownerName: a.ownerName,
});
