import { recomputeOpenTicketClocks } from '../tickets/service.ts';
import {
  addDaysIso,
  calendarWatch,
  calendarWatchMail,
  checkDutyDate,
  chooseDate,
  createWorkCalendar,
  DAY_KIND_LABELS,
  eachDate,
  formatMessage,
  holidayNameEn,
  isoWeekKey,
  isSafeEmail,
  maxDate,
  receptionDateNotice,
  type CalendarYear,
  type DutyMove,
  type PlanReport,
  type DayStatus,
  type IsoDate,
  type Locale,
  type WorkCalendar,
} from '@frontline/core';
import {
  blackoutMap,
  clearReceptionDateProposals,
  enqueueMail,
  listBlackouts,
  listCalendarYears,
  listLeaveRecords,
  loadWorkCalendar,
  openReceptionDaysBetween,
  partiesOf,
  receptionDayDatesOf,
  receptionManagers,
  replaceCalendarYear,
  runPlan,
  setReceptionDateProposal,
  unitOfWork,
  writeAudit,
  type AuditContext,
  type Db,
  type MailSettings,
  type NoticeSource,
  listActiveAdmins,
} from '@frontline/db';
import { replanOptions } from '../planning/service.ts';

/**
 * The working-day calendar's decisions: what changing a year's days does
 * (which dates change kind, which planned duties the planner moves — only
 * those whose date no longer fits —, which scheduled reception days now
 * stand on a day off and wait for their executive), the weekly reminder
 * while a notice is missing, and the warning for a likely holiday. The
 * preview runs the real planner in transactions it rolls back, so it shows
 * exactly what applying does.
 */

export type DayChange = { date: IsoDate; before: DayStatus; after: DayStatus };

/** A scheduled reception day whose date is no longer a working day, and where it could go. */
export type ReceptionToMove = {
  dayId: number;
  dutyId: number;
  date: IsoDate;
  employeeId: number;
  employeeName: string;
  projectName: string;
  now: DayStatus;
  proposed: IsoDate | null;
};

export type CalendarChangePreview = {
  year: number;
  days: DayChange[];
  plan: Pick<PlanReport, 'moved' | 'moves'>;
  receptions: ReceptionToMove[];
};

/** The calendar as it would be with `year` replaced. */
async function calendarWith(db: Db, year: CalendarYear): Promise<WorkCalendar> {
  const years = (await listCalendarYears(db)).filter((y) => y.year !== year.year);
  return createWorkCalendar([...years, year]);
}

function changedDays(before: WorkCalendar, after: WorkCalendar, year: number): DayChange[] {
  return eachDate(`${year}-01-01`, `${year}-12-31`).flatMap((date) => {
    const b = before.status(date);
    const a = after.status(date);
    return b.kind === a.kind && b.name === a.name ? [] : [{ date, before: b, after: a }];
  });
}

/** A day's kind in words, as a mail says it. */
function dayInWords(status: DayStatus): { zh: string; en: string } {
  const label = DAY_KIND_LABELS[status.kind];
  return status.name
    ? { zh: `${label.zh}（${status.name}）`, en: `${label.en.toLowerCase()} (${holidayNameEn(status.name)})` }
    : { zh: label.zh, en: label.en.toLowerCase() };
}

/**
 * Open reception days from today on, in the year, that the calendar no
 * longer allows, each with the nearest date that fits its duty: inside the
 * duty's window, a working day, not in the executive's leave, not on a
 * blackout of the venue, not on another of their receptions.
 */
async function receptionsToMove(
  db: Db,
  calendar: WorkCalendar,
  year: number,
  today: IsoDate,
  allowUnknownYears: boolean,
): Promise<ReceptionToMove[]> {
  const out: ReceptionToMove[] = [];
  for (const r of await openReceptionDaysBetween(db, maxDate(today, `${year}-01-01`), `${year}-12-31`)) {
    if (calendar.isWorkingDay(r.date)) continue;
    const [leaves, blackouts, others] = await Promise.all([
      listLeaveRecords(db, r.employeeId),
      listBlackouts(db, [r.projectId]),
      receptionDayDatesOf(db, r.employeeId, r.id),
    ]);
    const rules = {
      calendar,
      workingDayOnly: true,
      allowUnknownYears,
      window: { from: maxDate(r.dueFrom, addDaysIso(today, 1)), to: r.dueTo },
      blackouts: blackoutMap(blackouts).get(r.projectId),
      leaves,
      busy: new Set(others),
    };
    const candidates =
      rules.window.from <= rules.window.to
        ? eachDate(rules.window.from, rules.window.to).filter((d) => checkDutyDate(d, rules) === null)
        : [];
    out.push({
      dayId: r.id,
      dutyId: r.dutyId,
      date: r.date,
      employeeId: r.employeeId,
      employeeName: r.employeeName,
      projectName: r.projectName,
      now: calendar.status(r.date),
      proposed: chooseDate(candidates, calendar, r.date, `reception:${r.id}`),
    });
  }
  return out;
}

/** What replacing a year would do, without changing anything. */
export async function previewYear(db: Db, year: CalendarYear, today: IsoDate): Promise<CalendarChangePreview> {
  const [before, after, options] = await Promise.all([
    loadWorkCalendar(db),
    calendarWith(db, year),
    replanOptions(db, today),
  ]);
  const days = changedDays(before, after, year.year);
  const plan = days.length
    ? await runPlan(db, options, { actorId: null, at: 0 }, undefined, { calendar: after, dryRun: true })
    : { moved: 0, moves: [] as DutyMove[] };
  return {
    year: year.year,
    days,
    plan: { moved: plan.moved, moves: plan.moves },
    receptions: await receptionsToMove(db, after, year.year, today, options.allowUnknownYears),
  };
}

/**
 * Stores the year (official from now on, with its notice's source) with its
 * audit entry, then marks every reception day it puts on a day off with a
 * proposed date and tells its executive, deputy and assistants; nothing of
 * theirs moves by itself. Re-planning the duties is the caller's next step,
 * after this has committed (a failed re-plan must not undo the change).
 */
export async function applyYear(
  db: Db,
  year: CalendarYear,
  ctx: AuditContext & { today: IsoDate },
  mail: MailSettings | null,
  notice?: NoticeSource,
): Promise<{ created: boolean; days: DayChange[]; receptions: ReceptionToMove[] }> {
  const before = await loadWorkCalendar(db);
  const stored = await unitOfWork(db, async (tx) => {
    const { before: was } = await replaceCalendarYear(tx, year, notice, ctx);
    await writeAudit(tx, ctx, {
      action: was ? 'calendar.year.update' : 'calendar.year.create',
      entity: 'calendar_year',
      entityId: year.year,
      before: was ?? undefined,
      after: { source: year.source, ...(notice ? { notice } : {}), days: year.days },
    });
    return { created: !was };
  });
  if (!stored.ok) throw new Error(stored.error.code);
  const after = await loadWorkCalendar(db);
  const options = await replanOptions(db, ctx.today);
  const receptions = await receptionsToMove(db, after, year.year, ctx.today, options.allowUnknownYears);
  const managers = new Map<number, number[]>();
  for (const r of receptions)
    managers.set(r.dayId, await receptionManagers(db, { employeeId: r.employeeId, dutyId: r.dutyId }));
  await unitOfWork(db, async (tx) => {
    // Proposals of days the calendar allows again are dropped; the others are (re)made.
    await clearReceptionDateProposals(
      tx,
      `${year.year}-01-01`,
      `${year.year}-12-31`,
      receptions.map((r) => r.dayId),
    );
    const parties = await partiesOf(tx, [...managers.values()].flat());
    for (const r of receptions) {
      const now = dayInWords(r.now);
      await setReceptionDateProposal(tx, r.dayId, { date: r.proposed, now });
      await writeAudit(tx, ctx, {
        action: 'reception.date-off',
        entity: 'reception_day',
        entityId: r.dayId,
        after: { date: r.date, now: r.now.kind, proposed: r.proposed },
      });
      if (!mail) continue;
      for (const id of managers.get(r.dayId) ?? []) {
        const to = parties.get(id);
        if (!to) continue;
        await enqueueMail(
          tx,
          {
            ...receptionDateNotice({
              to,
              dayId: r.dayId,
              date: r.date,
              now,
              proposed: r.proposed,
              link: `${mail.origin}/receptions/${r.dayId}`,
            }),
            employeeId: id,
          },
          ctx.at,
          mail.host,
        );
      }
    }
  });
  // Open tickets' limits fall elsewhere on the new calendar: their clocks are replayed (their history is the truth).
  await recomputeOpenTicketClocks(db, ctx.at, after);
  return { created: stored.value.created, days: changedDays(before, after, year.year), receptions };
}

/**
 * The weekly reminder while a notice is missing (this year's, or next year's
 * from the watch date on): one mail a week to each active system admin, by
 * dedupe key, so running it every interval sends each week's once.
 */
export async function remindMissingNotices(
  db: Db,
  o: { today: IsoDate; watchFrom: string; mail: MailSettings; at: number },
): Promise<number> {
  const years = calendarWatch(await loadWorkCalendar(db), o.today, o.watchFrom);
  if (!years.length) return 0;
  const admins = await listActiveAdmins(db);
  let queued = 0;
  await unitOfWork(db, async (tx) => {
    for (const year of years) {
      for (const a of admins) {
        if (!isSafeEmail(a.email)) continue;
        const draft = calendarWatchMail({
          to: { name: a.name, email: a.email, locale: a.locale, employeeId: a.id },
          year,
          week: isoWeekKey(o.today),
          link: `${o.mail.origin}/admin/calendar?notice=${year}#notice`,
        });
        if (await enqueueMail(tx, { ...draft, employeeId: a.id }, o.at, o.mail.host)) queued++;
      }
    }
  });
  return queued;
}

/**
 * What a person setting a reception date should know though the date is
 * allowed: that it is likely to become a holiday when its year's notice
 * comes out (the arrangement principles put it in a holiday break).
 */
export async function dateWarnings(
  db: Db,
  date: IsoDate,
  locale: Locale,
): Promise<{ code: 'DATE_LIKELY_HOLIDAY'; message: string }[]> {
  const status = (await loadWorkCalendar(db)).status(date);
  if (status.kind !== 'likely_holiday') return [];
  const name = locale === 'en' ? holidayNameEn(status.name ?? '') : (status.name ?? '');
  return [
    {
      code: 'DATE_LIKELY_HOLIDAY',
      message: formatMessage('DATE_LIKELY_HOLIDAY', locale, { date, name, year: date.slice(0, 4) }),
    },
  ];
}
