import {
  addDaysIso,
  dutyReminder,
  dutyTitle,
  isSafeEmail,
  receptionReminder,
  weeklyDigest,
  weekdayOf,
  isoWeekKey,
  type DutyKind,
  type IsoDate,
} from '@frontline/core';
import { sql } from 'kysely';
import { enqueueMail } from './outbox.ts';
import type { Db } from './open.ts';
import { getReceptionDay, receptionEvent, type MailSettings } from './reception.ts';

/**
 * The reminder jobs. Each message carries a dedupe key (duty and due date,
 * day and date and person, manager and week), and the outbox keeps one row
 * per key: running a job twice, or after a restart, sends nothing twice.
 */

export type ReminderReport = { dutyReminders: number; receptionReminders: number; digests: number };

/** Open duties whose last day is within `days` from today, to the person who must act (the deputy when delegated). */
async function remindDuties(db: Db, today: IsoDate, days: number, mail: MailSettings, at: number): Promise<number> {
  const rows = await db.kysely
    .selectFrom('duties as d')
    .innerJoin('employees as e', (j) => j.on(sql<boolean>`e.id = coalesce(d.deputy_id, d.employee_id)`))
    .leftJoin('projects as p', 'p.id', 'd.project_id')
    .leftJoin('checkpoint_events as ev', 'ev.id', 'd.event_id')
    .leftJoin('reception_days as r', (j) => j.onRef('r.duty_id', '=', 'd.id').on('r.status', '=', 'open'))
    .select(['d.id', 'd.kind', 'd.due_to', 'e.id as employee_id', 'e.name', 'e.email', 'p.name as project_name', 'ev.title as event_title'])
    .where('d.status', 'in', ['planned', 'scheduled', 'delegated'])
    .where('d.due_to', '>=', today)
    .where('d.due_to', '<=', addDaysIso(today, days))
    .where('e.active', '=', 1)
    // A reception day set up has its own reminder the day before.
    .where('r.id', 'is', null)
    .execute();
  let queued = 0;
  await db.kysely.transaction().execute(async (trx) => {
    for (const r of rows) {
      if (!r.email || !isSafeEmail(r.email)) continue;
      const draft = dutyReminder({ to: { name: r.name, email: r.email }, dutyId: r.id, title: dutyTitle(r.kind as DutyKind, r.project_name, r.event_title), dueTo: r.due_to, link: `${mail.origin}/duties/${r.id}` });
      if (await enqueueMail(trx, { ...draft, employeeId: r.employee_id }, at, mail.host)) queued++;
    }
  });
  return queued;
}

/** Tomorrow's reception days, to the executive and every attendee. */
async function remindReceptions(db: Db, today: IsoDate, mail: MailSettings, at: number): Promise<number> {
  const tomorrow = addDaysIso(today, 1);
  const days = await db.kysely.selectFrom('reception_days').select('id').where('date', '=', tomorrow).where('status', '=', 'open').execute();
  let queued = 0;
  await db.kysely.transaction().execute(async (trx) => {
    for (const { id } of days) {
      const day = (await getReceptionDay(trx, id))!;
      const people = await trx
        .selectFrom('reception_attendees as a')
        .innerJoin('employees as e', 'e.id', 'a.employee_id')
        .select(['e.id', 'e.name', 'e.email'])
        .where('a.day_id', '=', id)
        .execute();
      const event = receptionEvent(day, mail);
      const bookings = day.slots.reduce((n, s) => n + s.booked, 0);
      for (const p of people) {
        if (!p.email || !isSafeEmail(p.email)) continue;
        const draft = receptionReminder({ to: { name: p.name, email: p.email, employeeId: p.id }, dayId: id, event, bookings });
        if (await enqueueMail(trx, { ...draft, employeeId: p.id }, at, mail.host)) queued++;
      }
    }
  });
  return queued;
}

const DIGEST_ROWS = 30;

/**
 * Monday's digest: each manager gets the overdue duties (missed, or open past
 * their window, in the last five weeks) of the people who report to them.
 */
async function weeklyDigests(db: Db, today: IsoDate, mail: MailSettings, at: number): Promise<number> {
  const rows = await db.kysely
    .selectFrom('duties as d')
    .innerJoin('employees as e', 'e.id', 'd.employee_id')
    .innerJoin('employees as m', 'm.id', 'e.manager_id')
    .leftJoin('projects as p', 'p.id', 'd.project_id')
    .leftJoin('checkpoint_events as ev', 'ev.id', 'd.event_id')
    .select(['m.id as manager_id', 'm.name as manager_name', 'm.email as manager_email', 'e.name', 'd.kind', 'd.due_to', 'p.name as project_name', 'ev.title as event_title'])
    .where((eb) => eb.or([eb('d.status', '=', 'missed'), eb.and([eb('d.status', 'in', ['planned', 'scheduled', 'delegated']), eb('d.due_to', '<', today)])]))
    .where('d.due_to', '>=', addDaysIso(today, -35))
    .where('d.due_to', '<', today)
    .where('m.active', '=', 1)
    .orderBy('m.id')
    .orderBy('d.due_to')
    .execute();
  const byManager = new Map<number, typeof rows>();
  for (const r of rows) byManager.set(r.manager_id, [...(byManager.get(r.manager_id) ?? []), r]);
  const week = isoWeekKey(today);
  let queued = 0;
  await db.kysely.transaction().execute(async (trx) => {
    for (const [managerId, list] of byManager) {
      const m = list[0]!;
      if (!m.manager_email || !isSafeEmail(m.manager_email)) continue;
      const draft = weeklyDigest({
        to: { name: m.manager_name, email: m.manager_email, employeeId: managerId },
        week,
        rows: list.slice(0, DIGEST_ROWS).map((r) => ({ employeeName: r.name, title: dutyTitle(r.kind as DutyKind, r.project_name, r.event_title), dueTo: r.due_to })),
        total: list.length,
        link: `${mail.origin}/compliance`,
      });
      if (await enqueueMail(trx, { ...draft, employeeId: managerId }, at, mail.host)) queued++;
    }
  });
  return queued;
}

export type ReminderOptions = { today: IsoDate; dutyDays: number; mail: MailSettings; at: number };

/** Every reminder job for today; the digest only on Mondays. Safe to run any number of times. */
export async function runReminders(db: Db, o: ReminderOptions): Promise<ReminderReport> {
  const report = {
    dutyReminders: await remindDuties(db, o.today, o.dutyDays, o.mail, o.at),
    receptionReminders: await remindReceptions(db, o.today, o.mail, o.at),
    digests: weekdayOf(o.today) === 1 ? await weeklyDigests(db, o.today, o.mail, o.at) : 0,
  };
  await db.kysely
    .insertInto('job_runs')
    .values({ job: 'reminders', run_key: o.today, finished_at: o.at, report_json: JSON.stringify(report) })
    .onConflict((oc) => oc.columns(['job', 'run_key']).doUpdateSet({ finished_at: o.at }))
    .execute();
  return report;
}
