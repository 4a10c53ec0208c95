import {
  calendarWatch,
  calendarWatchMail,
  checkDutyDate,
  isoWeekKey,
  isSafeEmail,
  chooseDate,
  createWorkCalendar,
  DAY_KIND_LABELS,
  eachDate,
  holidayNameEn,
  maxDate,
  receptionDateNotice,
  addDaysIso,
  type CalendarYear,
  type DayStatus,
  type IsoDate,
  type WorkCalendar,
} from '@frontline/core';
import { blackoutMap, listBlackouts, listCalendarYears, loadWorkCalendar, saveCalendarYear, type NoticeSource } from './calendar.ts';
import { writeAudit, type AuditContext } from './audit.ts';
import type { Db } from './open.ts';
import { enqueueMail } from './outbox.ts';
import { currentPlanOptions, runPlan, type PlanReport } from './plan.ts';
import { partiesOf, receptionManagers, type MailSettings } from './reception.ts';

/**
 * What changing a year's days does: which dates change kind, which planned
 * duties the planner would move (only those whose date no longer fits), and
 * which scheduled reception days now stand on a day off and wait for their
 * executive to move them. The preview runs the real planner in transactions
 * it rolls back, so it shows exactly what applying will do.
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
  plan: Pick<PlanReport, 'moved' | 'moves' | 'provisionalYears' | 'unknownYears'>;
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

/** The day's kind in words, as a mail says it. */
function dayInWords(status: DayStatus): { zh: string; en: string } {
  const label = DAY_KIND_LABELS[status.kind];
  return status.name ? { zh: `${label.zh}（${status.name}）`, en: `${label.en.toLowerCase()} (${holidayNameEn(status.name)})` } : { zh: label.zh, en: label.en.toLowerCase() };
}

/**
 * Open reception days from today on, in the year, that the calendar no
 * longer allows, each with the nearest date that fits its duty: inside the
 * duty's window, a working day, not in the executive's leave, not on a
 * blackout of the venue, not on another of their receptions.
 */
async function receptionsToMove(db: Db, calendar: WorkCalendar, year: number, today: IsoDate, allowUnknownYears: boolean): Promise<ReceptionToMove[]> {
  const rows = await db.kysely
    .selectFrom('reception_days as r')
    .innerJoin('duties as d', 'd.id', 'r.duty_id')
    .innerJoin('employees as e', 'e.id', 'r.employee_id')
    .innerJoin('projects as p', 'p.id', 'r.project_id')
    .select(['r.id', 'r.date', 'r.employee_id', 'r.project_id', 'e.name as employee_name', 'p.name as project_name', 'd.id as duty_id', 'd.due_from', 'd.due_to'])
    .where('r.status', '=', 'open')
    .where('r.date', '>=', maxDate(today, `${year}-01-01`))
    .where('r.date', '<=', `${year}-12-31`)
    .orderBy('r.date')
    .orderBy('r.id')
    .execute();
  const out: ReceptionToMove[] = [];
  for (const r of rows) {
    const now = calendar.status(r.date);
    if (calendar.isWorkingDay(r.date)) continue;
    const [leaves, blackouts, others] = await Promise.all([
      db.kysely.selectFrom('employee_leaves').select(['starts_on as from', 'ends_on as to']).where('employee_id', '=', r.employee_id).execute(),
      listBlackouts(db, [r.project_id]),
      db.kysely.selectFrom('reception_days').select('date').where('employee_id', '=', r.employee_id).where('status', '=', 'open').where('id', '!=', r.id).execute(),
    ]);
    const rules = {
      calendar,
      workingDayOnly: true,
      allowUnknownYears,
      window: { from: maxDate(r.due_from, addDaysIso(today, 1)), to: r.due_to },
      blackouts: blackoutMap(blackouts).get(r.project_id),
      leaves,
      busy: new Set(others.map((o) => o.date)),
    };
    const candidates = rules.window.from <= rules.window.to ? eachDate(rules.window.from, rules.window.to).filter((d) => checkDutyDate(d, rules) === null) : [];
    out.push({
      dayId: r.id, dutyId: r.duty_id, date: r.date, employeeId: r.employee_id, employeeName: r.employee_name, projectName: r.project_name, now,
      proposed: chooseDate(candidates, calendar, r.date, `reception:${r.id}`),
    });
  }
  return out;
}

/** What replacing a year would do, without changing anything. */
export async function previewCalendarYear(db: Db, year: CalendarYear, today: IsoDate): Promise<CalendarChangePreview> {
  const [before, after, options] = await Promise.all([loadWorkCalendar(db), calendarWith(db, year), currentPlanOptions(db, today)]);
  const days = changedDays(before, after, year.year);
  const plan = days.length
    ? await runPlan(db, options, { actorId: null, at: 0 }, undefined, { calendar: after, dryRun: true })
    : { moved: 0, moves: [], provisionalYears: [], unknownYears: [] };
  return {
    year: year.year,
    days,
    plan: { moved: plan.moved, moves: plan.moves, provisionalYears: plan.provisionalYears, unknownYears: plan.unknownYears },
    receptions: await receptionsToMove(db, after, year.year, today, options.allowUnknownYears),
  };
}

/**
 * Stores the year (official from now on, with its notice's source), then
 * marks every reception day it puts on a day off with a proposed date and
 * tells its executive, deputy and assistants; nothing of theirs moves by
 * itself. Re-planning the duties is the caller's next step (`runPlan`),
 * after this has committed.
 */
export async function applyCalendarYear(
  db: Db,
  year: CalendarYear,
  ctx: AuditContext & { today: IsoDate },
  mail: MailSettings | null,
  notice?: NoticeSource,
): Promise<{ created: boolean; days: DayChange[]; receptions: ReceptionToMove[] }> {
  const before = await loadWorkCalendar(db);
  const { created } = await saveCalendarYear(db, year, ctx, notice);
  const after = await loadWorkCalendar(db);
  const options = await currentPlanOptions(db, ctx.today);
  const receptions = await receptionsToMove(db, after, year.year, ctx.today, options.allowUnknownYears);
  const managers = new Map<number, number[]>();
  for (const r of receptions) managers.set(r.dayId, await receptionManagers(db, { employeeId: r.employeeId, dutyId: r.dutyId }));
  await db.kysely.transaction().execute(async (trx) => {
    // Proposals of days the calendar allows again are dropped; the others are (re)made.
    await trx
      .updateTable('reception_days')
      .set({ proposed_date: null, proposed_reason: null })
      .where('date', '>=', `${year.year}-01-01`)
      .where('date', '<=', `${year.year}-12-31`)
      .where('id', 'not in', receptions.length ? receptions.map((r) => r.dayId) : [0])
      .execute();
    const parties = await partiesOf(trx, [...managers.values()].flat());
    for (const r of receptions) {
      const now = dayInWords(r.now);
      await trx.updateTable('reception_days').set({ proposed_date: r.proposed, proposed_reason: JSON.stringify(now) }).where('id', '=', r.dayId).execute();
      await writeAudit(trx, ctx, { action: 'reception.date-off', entity: 'reception_day', entityId: r.dayId, after: { date: r.date, now: r.now.kind, proposed: r.proposed } });
      if (!mail) continue;
      for (const id of managers.get(r.dayId) ?? []) {
        const to = parties.get(id);
        if (!to) continue;
        await enqueueMail(trx, { ...receptionDateNotice({ to, dayId: r.dayId, date: r.date, now, proposed: r.proposed, link: `${mail.origin}/receptions/${r.dayId}` }), employeeId: id }, ctx.at, mail.host);
      }
    }
  });
  return { created, days: changedDays(before, after, year.year), receptions };
}

/**
 * The weekly reminder while a notice is missing (this year's, or next year's
 * from the watch date on): one mail a week to each active system admin, by
 * dedupe key, so running it every interval sends each week's once.
 */
export async function remindMissingNotices(db: Db, o: { today: IsoDate; watchFrom: string; mail: MailSettings; at: number }): Promise<number> {
  const years = calendarWatch(await loadWorkCalendar(db), o.today, o.watchFrom);
  if (!years.length) return 0;
  const admins = await db.kysely.selectFrom('employees').select(['id', 'name', 'email']).where('position', '=', 'system_admin').where('active', '=', 1).execute();
  let queued = 0;
  await db.kysely.transaction().execute(async (trx) => {
    for (const year of years) {
      for (const a of admins) {
        if (!a.email || !isSafeEmail(a.email)) continue;
        const draft = calendarWatchMail({ to: { name: a.name, email: a.email, employeeId: a.id }, year, week: isoWeekKey(o.today), link: `${o.mail.origin}/admin/calendar?notice=${year}#notice` });
        if (await enqueueMail(trx, { ...draft, employeeId: a.id }, o.at, o.mail.host)) queued++;
      }
    }
  });
  return queued;
}
