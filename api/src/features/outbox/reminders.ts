import {
  addDaysIso,
  dutyReminder,
  isoWeekKey,
  isSafeEmail,
  receptionEvent,
  receptionReminder,
  weekdayOf,
  weeklyDigest,
  type IsoDate,
  type MailSettings,
} from '@frontline/core';
import {
  attendeesOf,
  dutiesComingDue,
  enqueueMail,
  getReceptionDay,
  openReceptionDayIdsOn,
  overdueDutiesByManager,
  recordJobRun,
  type Db,
  inTransaction,
} from '@frontline/db';

/**
 * The reminder jobs. Each message carries a dedupe key (duty and due date,
 * day and date and person, manager and week), and the outbox keeps one row
 * per key: running a job twice, or after a restart, sends nothing twice.
 */

export type ReminderReport = { dutyReminders: number; receptionReminders: number; digests: number };

/** Open duties whose last day is within `days` from today, to the person who must act (the deputy when delegated). */
async function remindDuties(db: Db, today: IsoDate, days: number, mail: MailSettings, at: number): Promise<number> {
  const duties = await dutiesComingDue(db, today, addDaysIso(today, days));
  let queued = 0;
  await inTransaction(db, async (tx) => {
    for (const d of duties) {
      if (!d.email || !isSafeEmail(d.email)) continue;
      const draft = dutyReminder({
        to: { name: d.name, email: d.email, locale: d.locale },
        dutyId: d.id,
        duty: d,
        dueTo: d.dueTo,
        link: `${mail.origin}/duties/${d.id}`,
      });
      if (await enqueueMail(tx, { ...draft, employeeId: d.employeeId }, at, mail.host)) queued++;
    }
  });
  return queued;
}

/** Tomorrow's reception days, to the executive and every attendee. */
async function remindReceptions(db: Db, today: IsoDate, mail: MailSettings, at: number): Promise<number> {
  const dayIds = await openReceptionDayIdsOn(db, addDaysIso(today, 1));
  let queued = 0;
  await inTransaction(db, async (tx) => {
    for (const id of dayIds) {
      const day = await getReceptionDay(tx, id);
      if (!day) continue;
      const event = receptionEvent(day, mail);
      const bookings = day.slots.reduce((n, s) => n + s.booked, 0);
      for (const p of await attendeesOf(tx, id)) {
        if (!p.email || !isSafeEmail(p.email)) continue;
        const draft = receptionReminder({
          to: { name: p.name, email: p.email, locale: p.locale, employeeId: p.id },
          dayId: id,
          event,
          bookings,
        });
        if (await enqueueMail(tx, { ...draft, employeeId: p.id }, at, mail.host)) queued++;
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
  const byManager = Map.groupBy(await overdueDutiesByManager(db, today, addDaysIso(today, -35)), (d) => d.managerId);
  const week = isoWeekKey(today);
  let queued = 0;
  await inTransaction(db, async (tx) => {
    for (const [managerId, list] of byManager) {
      const m = list[0]!;
      if (!m.managerEmail || !isSafeEmail(m.managerEmail)) continue;
      const draft = weeklyDigest({
        to: { name: m.managerName, email: m.managerEmail, locale: m.managerLocale, employeeId: managerId },
        week,
        rows: list.slice(0, DIGEST_ROWS).map((d) => ({ employeeName: d.name, duty: d, dueTo: d.dueTo })),
        total: list.length,
        link: `${mail.origin}/compliance`,
      });
      if (await enqueueMail(tx, { ...draft, employeeId: managerId }, at, mail.host)) queued++;
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
  await recordJobRun(db, 'reminders', o.today, o.at, report);
  return report;
}
