import {
  addDaysIso,
  appraisalPeriodOf,
  calendarWatch,
  homeDuties,
  lastEndedPeriod,
  mayUse,
  myDutiesRange,
  onTimeRate,
  periodLabel,
  previousAppraisalPeriod,
  scopeOf,
  type Actor,
  type ComplianceCounts,
  type IsoDate,
  type Locale,
} from '@frontline/core';
import {
  complianceBoard,
  listHouseholds,
  listOutbox,
  listReceptionDays,
  listRules,
  loadWorkCalendar,
  openActionsOf,
  openVerificationsOf,
  overdueActions,
  receptionDayIdsFor,
  type Db,
} from '@frontline/db';
import { scopeRefs } from '../../http/scope.ts';
import { listCommonIssuesIn } from '../common-issues/service.ts';
import { myDutyViews } from '../duties/service.ts';
import { messageSummary } from '../outbox/views.ts';
import { listDaysFor, rosterOf } from '../reception/service.ts';
import { closedPeriods } from '../scores/service.ts';
import { periodView } from '../scores/views.ts';
import { ticketList, ticketListFilter } from '../tickets/service.ts';
import { booksReceptions, escalationOf, holdsDuties, sectionsOf } from './policy.ts';
import { actionLine, bookingLine, issueLine, rosterLine, some } from './views.ts';

/**
 * The home page: the sections the caller may see, each with the first few of
 * its records and how many there are, read through the services and
 * policies of the pages they link to (so each is scoped as there). Each duty
 * is shown once: the next reception day and a plan's revisits are left out
 * of the duty list.
 */

export type HomeContext = { today: IsoDate; now: number; locale: Locale; calendarWatchFrom: string };

/** How many of each list a section shows before its link to the full page. */
const FIRST = { duties: 10, overdue: 5, bookings: 5, roster: 3, tickets: 5, review: 3, outbox: 3 } as const;
/** How far ahead the next reception day and my bookings are looked for. */
const RECEPTION_AHEAD_DAYS = 183;
const BOOKINGS_AHEAD_DAYS = 56;

export async function homeOf(db: Db, actor: Actor, ctx: HomeContext) {
  const [duties, actions, verifications, rules] = await Promise.all([
    myDutyViews(db, actor, myDutiesRange(ctx.today), ctx.today),
    openActionsOf(db, actor.employeeId, ctx.today),
    openVerificationsOf(db, actor.employeeId),
    listRules(db),
  ]);
  const openWork = duties.length + actions.length + verifications.length;
  const sections = sectionsOf(actor, holdsDuties(actor, rules, openWork));
  const has = (s: (typeof sections)[number]) => sections.includes(s);

  const receptions = has('receptions') ? await receptionsSection(db, actor, ctx) : null;
  const shownElsewhere = new Set([
    ...verifications.map((v) => v.dutyId),
    ...(receptions?.next ? [receptions.next.day.dutyId] : []),
  ]);
  const [mine, system, review, appraisal, compliance] = await Promise.all([
    has('duties') ? dutiesSection(db, actor, ctx, { duties, actions, verifications, shownElsewhere }) : null,
    has('system') ? systemSection(db, actor, ctx) : null,
    has('review') ? reviewSection(db, actor, ctx) : null,
    has('appraisal') ? appraisalSection(db, actor, ctx) : null,
    has('compliance') ? complianceSection(db, actor, ctx) : null,
  ]);
  return { today: ctx.today, sections, duties: mine, receptions, system, review, appraisal, compliance };
}

async function dutiesSection(
  db: Db,
  actor: Actor,
  ctx: HomeContext,
  o: {
    duties: Awaited<ReturnType<typeof myDutyViews>>;
    actions: Awaited<ReturnType<typeof openActionsOf>>;
    verifications: Awaited<ReturnType<typeof openVerificationsOf>>;
    shownElsewhere: ReadonlySet<number>;
  },
) {
  const list = homeDuties(o.duties, ctx.today, o.shownElsewhere);
  const books = booksReceptions(actor);
  const [households, bookings] = await Promise.all([
    books ? listHouseholds(db, { ownerEmployeeId: actor.employeeId, limit: 1, offset: 0 }).then((p) => p.total) : null,
    books ? myBookings(db, actor, ctx.today) : [],
  ]);
  return {
    due: some(list.due, FIRST.duties),
    overdue: some(list.overdue, FIRST.overdue),
    upcoming: list.upcoming,
    households,
    bookings: some(bookings, FIRST.bookings),
    actions: o.actions,
    verifications: o.verifications,
  };
}

/** The caller's live bookings on coming reception days, from the days they attend (as their calendar feed has them). */
async function myBookings(db: Db, actor: Actor, today: IsoDate) {
  const to = addDaysIso(today, BOOKINGS_AHEAD_DAYS);
  const ids = await receptionDayIdsFor(db, actor.employeeId, today, to);
  const days = (await listReceptionDays(db, { from: today, to, ids })).filter((d) => d.status === 'open');
  const rosters = await Promise.all(days.map((day) => rosterOf(db, actor, day, false)));
  return days.flatMap((day, i) =>
    rosters[i]!.filter((b) => b.bookedBy === actor.employeeId && b.status === 'booked').map((b) => bookingLine(day, b)),
  );
}

async function receptionsSection(db: Db, actor: Actor, ctx: HomeContext) {
  const days = await listDaysFor(db, actor, {
    from: ctx.today,
    to: addDaysIso(ctx.today, RECEPTION_AHEAD_DAYS),
    mine: true,
  });
  const day = days.find((d) => d.status === 'open');
  const roster = day ? (await rosterOf(db, actor, day, day.mayManage)).filter((b) => b.status === 'booked') : [];
  const escalation = escalationOf(actor);
  const list = (q: Parameters<typeof ticketListFilter>[1], extra: { escalated?: boolean } = {}) =>
    ticketList(db, actor, { ...ticketListFilter(actor, q, ctx.now), ...extra }, ctx.now);
  const page = { limit: FIRST.tickets, offset: 0 };
  const [assigned, escalated] = await Promise.all([
    list({ queue: 'mine', ...page }),
    escalation === 'regional'
      ? list({ queue: 'regional', ...page })
      : escalation === 'project'
        ? list({ open: 'true', ...page }, { escalated: true })
        : null,
  ]);
  return {
    next: day ? { day, booked: roster.length, roster: roster.slice(0, FIRST.roster).map(rosterLine) } : null,
    tickets: { assigned, escalated, escalation },
  };
}

async function reviewSection(db: Db, actor: Actor, ctx: HomeContext) {
  const scope = scopeRefs(actor);
  const [issues, actions, breached] = await Promise.all([
    listCommonIssuesIn(db, { status: 'suggested', ...scope }),
    overdueActions(db, ctx.today, scope),
    ticketList(
      db,
      actor,
      ticketListFilter(actor, { queue: 'breached', limit: FIRST.review, offset: 0 }, ctx.now),
      ctx.now,
    ),
  ]);
  return {
    commonIssues: some(
      issues.map((i) => issueLine(actor, i)),
      FIRST.review,
    ),
    overdueActions: some(actions.map(actionLine), FIRST.review),
    breached,
  };
}

/** The quarter just ended, to close once it is (group HR) and to export (HR): the periods /scores offers first. */
async function appraisalSection(db: Db, actor: Actor, ctx: HomeContext) {
  const current = appraisalPeriodOf(ctx.today, 'quarter');
  const previous = previousAppraisalPeriod(current);
  const closed = await closedPeriods(db);
  const state = closed.find((c) => c.name === previous.name) ?? null;
  return {
    current: periodView(current, ctx.locale),
    previous: { ...periodView(previous, ctx.locale), closed: state },
    toClose: state ? [] : [periodView(previous, ctx.locale)],
    mayClose: mayUse(actor, 'scores.configure'),
    lastClosed: closed.length ? [...closed].sort((a, b) => (a.closedAt ?? 0) - (b.closedAt ?? 0)).at(-1)!.name : null,
  };
}

/** The last ended month's on-time rate over the caller's scope, as the compliance board counts it (null: nothing decided). */
async function complianceSection(db: Db, actor: Actor, ctx: HomeContext) {
  const period = lastEndedPeriod(ctx.today, 'month');
  const rows = await complianceBoard(db, {
    from: period.from,
    to: period.to,
    groupBy: 'region',
    scope: scopeOf(actor),
  });
  const counts = rows.reduce<ComplianceCounts>(
    (sum, r) => ({
      assigned: sum.assigned + r.assigned,
      done: sum.done + r.done,
      onTime: sum.onTime + r.onTime,
      missed: sum.missed + r.missed,
      excused: sum.excused + r.excused,
      open: sum.open + r.open,
    }),
    { assigned: 0, done: 0, onTime: 0, missed: 0, excused: 0, open: 0 },
  );
  return {
    period: { key: period.key, from: period.from, to: period.to, label: periodLabel(period, ctx.locale) },
    counts,
    rate: onTimeRate(counts),
  };
}

/** Mail that could not be delivered, and the years whose holiday notice is still missing (the calendar-watch banner's). */
async function systemSection(db: Db, actor: Actor, ctx: HomeContext) {
  const [failed, watch] = await Promise.all([
    listOutbox(db, { status: 'failed', offset: 0, limit: FIRST.outbox }),
    mayUse(actor, 'calendar.manage')
      ? loadWorkCalendar(db).then((c) => calendarWatch(c, ctx.today, ctx.calendarWatchFrom))
      : Promise.resolve([]),
  ]);
  return { failed: { total: failed.total, items: failed.items.map(messageSummary) }, calendarWatch: watch };
}

/** The home page as the API answers it. */
export type HomeView = Awaited<ReturnType<typeof homeOf>>;
