import {
  applyDutyAction,
  checkDutyDate,
  completionDateProblem,
  err,
  maxDate,
  ok,
  type Actor,
  type AppError,
  type AuditedDutyMove,
  type DutyAction,
  type DutyKind,
  type Employee,
  type IsoDate,
  type Locale,
} from '@frontline/core';
import {
  blackoutMap,
  dutyState,
  getDuty,
  getDutyListItem,
  getEmployee,
  getHousehold,
  getReceptionDayOfDuty,
  listDutiesOf,
  listBlackouts,
  listLeaveRecords,
  loadWorkCalendar,
  markOverdueMissed,
  receptionDatesOf,
  Refusal,
  saveDutyState,
  unitOfWork,
  writeAudit,
  type AuditContext,
  type Db,
  type Duty,
  inTransaction,
} from '@frontline/db';
import { dateWarnings } from '../calendar/service.ts';
import { replanOptions } from '../planning/service.ts';
import { allowedMoves, mayView, type DutyMove, type DutyWithDay } from './policy.ts';
import { dutyView, type DutyView } from './views.ts';

/**
 * A duty's life after the planner made it: its date set or moved, recorded
 * done, excused, handed to a deputy, or marked missed by the daily job. What
 * each move does to the duty is core's (`applyDutyAction`); this adds the
 * rules that need data — the date rules of a duty and its reception day,
 * whose household it may name, who may deputise — and saves the move only
 * if nobody changed the duty meanwhile, with its audit row.
 */

/** The duty and its person, if `actor` may see it. */
export async function visibleDuty(
  db: Db,
  actor: Actor,
  id: number,
): Promise<{ duty: Duty; owner: Employee } | undefined> {
  const duty = await getDuty(db, id);
  const owner = duty && (await getEmployee(db, duty.employeeId));
  return duty && owner && mayView(actor, duty, owner) ? { duty, owner } : undefined;
}

/**
 * A duty's date rules, for scheduling it and for its reception day: inside its
 * window (from today); a reception also on a working day (调休 make-up days
 * count), not in the person's leave, not on a blackout of the venue, and not
 * on the day of their other receptions.
 */
export async function dutyDateProblem(
  db: Db,
  duty: Duty,
  date: IsoDate,
  today: IsoDate,
  venueProjectId: number | null = duty.projectId,
): Promise<AppError | null> {
  const reception = duty.kind === 'reception';
  const [calendar, options] = await Promise.all([loadWorkCalendar(db), replanOptions(db, today)]);
  return checkDutyDate(date, {
    calendar,
    workingDayOnly: reception,
    allowUnknownYears: options.allowUnknownYears,
    window: { from: maxDate(duty.dueFrom, today), to: duty.dueTo },
    ...(reception && venueProjectId !== null
      ? { blackouts: blackoutMap(await listBlackouts(db, [venueProjectId])).get(venueProjectId) }
      : {}),
    ...(reception
      ? {
          leaves: await listLeaveRecords(db, duty.employeeId),
          busy: await receptionDatesOf(db, duty.employeeId, duty.id),
        }
      : {}),
  });
}

/** Applies a move and saves it, unless the duty changed since it was read (a conflict). */
async function move(
  db: Db,
  duty: Duty,
  action: DutyAction,
  name: AuditedDutyMove,
  ctx: AuditContext,
  extra: { householdId?: number | null } = {},
) {
  return unitOfWork(db, async (tx) => {
    const next = applyDutyAction(dutyState(duty), action);
    if (!next.ok) throw new Refusal(next.error);
    if (!(await saveDutyState(tx, duty, { ...next.value, ...extra }, ctx.at))) throw new Refusal({ code: 'CONFLICT' });
    await writeAudit(tx, ctx, {
      action: `duty.${name}`,
      entity: 'duty',
      entityId: duty.id,
      before: { status: duty.status, scheduledOn: duty.scheduledOn, deputyId: duty.deputyId },
      after: {
        status: next.value.status,
        scheduledOn: next.value.scheduledOn,
        deputyId: next.value.deputyId,
        reason: next.value.reason,
        completedOn: next.value.completedOn,
      },
    });
    return (await getDutyListItem(tx, duty.id))!;
  });
}

/**
 * Sets or moves a duty's date, optionally naming the household it is for
 * (one the person looks after). A reception with its day set up is moved
 * through the day instead, which carries the bookings and invites.
 */
export async function scheduleDuty(
  db: Db,
  duty: Duty,
  body: { date: IsoDate; householdId?: number | undefined },
  ctx: AuditContext & { today: IsoDate; locale: Locale },
) {
  const day = duty.kind === 'reception' ? await getReceptionDayOfDuty(db, duty.id) : undefined;
  if (day && day.status === 'open')
    return err<AppError>({ code: 'RECEPTION_EXISTS', fields: { date: 'RECEPTION_EXISTS' } });
  const problem = await dutyDateProblem(db, duty, body.date, ctx.today);
  if (problem) return err(problem);
  if (body.householdId !== undefined) {
    const household = await getHousehold(db, body.householdId);
    if (!household || household.ownerEmployeeId !== duty.employeeId)
      return err<AppError>({ code: 'HOUSEHOLD_NOT_YOURS', fields: { householdId: 'HOUSEHOLD_NOT_YOURS' } });
  }
  const warnings = duty.kind === 'reception' ? await dateWarnings(db, body.date, ctx.locale) : [];
  const saved = await move(
    db,
    duty,
    { type: 'schedule', on: body.date },
    'schedule',
    ctx,
    body.householdId === undefined ? {} : { householdId: body.householdId },
  );
  return saved.ok ? ok({ duty: saved.value, warnings }) : saved;
}

/** Records a duty done on a day from its window's start to today, by the person attending. */
export async function completeDuty(
  db: Db,
  duty: Duty,
  body: { date?: IsoDate | undefined; notes: string },
  actor: Actor,
  ctx: AuditContext & { today: IsoDate },
) {
  const date = body.date ?? ctx.today;
  const problem = completionDateProblem(duty, date, ctx.today);
  if (problem) return err(problem);
  return move(
    db,
    duty,
    { type: 'complete', on: date, notes: body.notes, attendedBy: actor.employeeId },
    'complete',
    ctx,
  );
}

export async function excuseDuty(db: Db, duty: Duty, reason: string, actor: Actor, ctx: AuditContext) {
  return move(db, duty, { type: 'excuse', reason, approvedBy: actor.employeeId }, 'excuse', ctx);
}

/** Hands a duty to a deputy: an active colleague of the person's region, not the person. */
export async function delegateDuty(
  db: Db,
  duty: Duty,
  owner: Employee,
  body: { deputyId: number; reason: string },
  ctx: AuditContext,
) {
  const deputy = await getEmployee(db, body.deputyId);
  if (!deputy || !deputy.active || deputy.id === owner.id || deputy.regionId !== owner.regionId)
    return err<AppError>({ code: 'DEPUTY_INVALID', fields: { deputyId: 'DEPUTY_INVALID' } });
  return move(db, duty, { type: 'delegate', deputyId: body.deputyId, reason: body.reason }, 'delegate', ctx);
}

/** The daily job: open duties whose window has passed become missed. Safe to run any number of times. */
export async function markMissed(
  db: Db,
  today: IsoDate,
  ctx: AuditContext,
  filter: { regionId?: number } = {},
): Promise<number> {
  return inTransaction(db, async (tx) => {
    const count = await markOverdueMissed(tx, today, ctx.at, filter);
    if (count)
      await writeAudit(tx, ctx, { action: 'duties.mark_missed', entity: 'duties', after: { today, count, ...filter } });
    return count;
  });
}

/** For a list of duties: each one's allowed moves for `actor`, with their people loaded once each. */
export async function movesOf(
  db: Db,
  actor: Actor,
  duties: readonly DutyWithDay[],
  today: IsoDate,
): Promise<(duty: DutyWithDay) => DutyMove[]> {
  const ids = [...new Set(duties.map((d) => d.employeeId))];
  const owners = new Map(
    (await Promise.all(ids.map((id) => getEmployee(db, id)))).flatMap((e) => (e ? [[e.id, e] as const] : [])),
  );
  return (duty) => {
    const owner = owners.get(duty.employeeId);
    return owner ? allowedMoves(actor, duty, owner, today) : [];
  };
}

/** The caller's duties (due, or delegated to them) whose window overlaps the range, as they see them: My duties and the home page. */
export async function myDutyViews(
  db: Db,
  actor: Actor,
  range: { from: IsoDate; to: IsoDate },
  today: IsoDate,
  kind?: DutyKind,
): Promise<DutyView[]> {
  const duties = await listDutiesOf(db, actor.employeeId, range, kind);
  const [calendar, moves] = await Promise.all([loadWorkCalendar(db), movesOf(db, actor, duties, today)]);
  return duties.map((d) => dutyView(actor, d, calendar, moves(d)));
}
