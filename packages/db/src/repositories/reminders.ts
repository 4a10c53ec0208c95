import { DUTY_KINDS, OPEN_STATUSES, type DutyKind, type IsoDate, type Locale } from '@frontline/core';
import { sql } from 'kysely';
import { executorOf, type Reader, type Writer } from '../unit-of-work.ts';
import { localeOf, oneOf } from './columns.ts';

/**
 * What the reminder jobs read (duties coming due, tomorrow's attendees, the
 * overdue duties managers are told of) and the record of a job's run.
 */

export type DueDuty = {
  id: number;
  kind: DutyKind;
  dueTo: IsoDate;
  employeeId: number;
  name: string;
  email: string | null;
  locale: Locale;
  projectName: string | null;
  eventTitle: string | null;
};

/**
 * Open duties whose last day is from `today` to `until`, with the person who
 * must act (the deputy when delegated), leaving out receptions whose day is
 * set up (those have their own reminder the day before).
 */
export async function dutiesComingDue(x: Reader, today: IsoDate, until: IsoDate): Promise<DueDuty[]> {
  const rows = await executorOf(x)
    .selectFrom('duties as d')
    .innerJoin('employees as e', (j) => j.on(sql<boolean>`e.id = coalesce(d.deputy_id, d.employee_id)`))
    .leftJoin('projects as p', 'p.id', 'd.project_id')
    .leftJoin('checkpoint_events as ev', 'ev.id', 'd.event_id')
    .leftJoin('reception_days as r', (j) => j.onRef('r.duty_id', '=', 'd.id').on('r.status', '=', 'open'))
    .select([
      'd.id',
      'd.kind',
      'd.due_to',
      'e.id as employee_id',
      'e.name',
      'e.email',
      'e.language',
      'p.name as project_name',
      'ev.title as event_title',
    ])
    .where('d.status', 'in', [...OPEN_STATUSES])
    .where('d.due_to', '>=', today)
    .where('d.due_to', '<=', until)
    .where('e.active', '=', 1)
    .where('r.id', 'is', null)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: oneOf(DUTY_KINDS, r.kind, 'duties.kind'),
    dueTo: r.due_to,
    employeeId: r.employee_id,
    name: r.name,
    email: r.email,
    locale: localeOf(r.language),
    projectName: r.project_name,
    eventTitle: r.event_title,
  }));
}

/** Everyone on a day's invite, with their address as stored and their language. */
export async function attendeesOf(
  x: Reader,
  dayId: number,
): Promise<{ id: number; name: string; email: string | null; locale: Locale }[]> {
  const rows = await executorOf(x)
    .selectFrom('reception_attendees as a')
    .innerJoin('employees as e', 'e.id', 'a.employee_id')
    .select(['e.id', 'e.name', 'e.email', 'e.language'])
    .where('a.day_id', '=', dayId)
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, email: r.email, locale: localeOf(r.language) }));
}

export type OverdueDuty = {
  managerId: number;
  managerName: string;
  managerEmail: string | null;
  managerLocale: Locale;
  name: string;
  kind: DutyKind;
  dueTo: IsoDate;
  projectName: string | null;
  eventTitle: string | null;
};

/**
 * Duties overdue from `since` to before `today` (missed, or still open past
 * their window) of people with an active manager, by manager, then due date.
 */
export async function overdueDutiesByManager(x: Reader, today: IsoDate, since: IsoDate): Promise<OverdueDuty[]> {
  const rows = await executorOf(x)
    .selectFrom('duties as d')
    .innerJoin('employees as e', 'e.id', 'd.employee_id')
    .innerJoin('employees as m', 'm.id', 'e.manager_id')
    .leftJoin('projects as p', 'p.id', 'd.project_id')
    .leftJoin('checkpoint_events as ev', 'ev.id', 'd.event_id')
    .select([
      'm.id as manager_id',
      'm.name as manager_name',
      'm.email as manager_email',
      'm.language as manager_language',
      'e.name',
      'd.kind',
      'd.due_to',
      'p.name as project_name',
      'ev.title as event_title',
    ])
    .where((eb) =>
      eb.or([
        eb('d.status', '=', 'missed'),
        eb.and([eb('d.status', 'in', [...OPEN_STATUSES]), eb('d.due_to', '<', today)]),
      ]),
    )
    .where('d.due_to', '>=', since)
    .where('d.due_to', '<', today)
    .where('m.active', '=', 1)
    .orderBy('m.id')
    .orderBy('d.due_to')
    .execute();
  return rows.map((r) => ({
    managerId: r.manager_id,
    managerName: r.manager_name,
    managerEmail: r.manager_email,
    managerLocale: localeOf(r.manager_language),
    name: r.name,
    kind: oneOf(DUTY_KINDS, r.kind, 'duties.kind'),
    dueTo: r.due_to,
    projectName: r.project_name,
    eventTitle: r.event_title,
  }));
}

/** Records that a job ran for a key (a day): a second run of the same key only moves its finish time. */
export async function recordJobRun(x: Writer, job: string, runKey: string, at: number, report: unknown): Promise<void> {
  await executorOf(x)
    .insertInto('job_runs')
    .values({ job, run_key: runKey, finished_at: at, report_json: JSON.stringify(report) })
    .onConflict((oc) => oc.columns(['job', 'run_key']).doUpdateSet({ finished_at: at }))
    .execute();
}
