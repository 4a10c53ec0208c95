import {
  DUTY_KINDS,
  DUTY_STATUSES,
  OPEN_STATUSES,
  PERIOD_KINDS,
  type DutyKind,
  type DutyState,
  type DutyStatus,
  type IsoDate,
  type PeriodKind,
} from '@frontline/core';
import type { Selectable } from 'kysely';
import type { DutyTable } from '../schema.ts';
import { executorOf, type Executor, type Reader } from '../unit-of-work.ts';
import { oneOf } from './columns.ts';

/**
 * Duties as stored: the generated plan plus what people did with it. Loads,
 * lists and the guarded save; what a duty may become is core's
 * (`applyDutyAction`), who may act on it the duties feature's.
 */
export type Duty = {
  id: number;
  key: string;
  kind: DutyKind;
  ruleId: number | null;
  eventId: number | null;
  employeeId: number;
  regionId: number | null;
  projectId: number | null;
  periodKind: PeriodKind;
  periodKey: string;
  dueFrom: IsoDate;
  dueTo: IsoDate;
  proposedOn: IsoDate | null;
  scheduledOn: IsoDate | null;
  householdId: number | null;
  /** The ticket a follow-up duty is for. */
  ticketId: number | null;
  status: DutyStatus;
  deputyId: number | null;
  attendedBy: number | null;
  completedOn: IsoDate | null;
  notes: string | null;
  reason: string | null;
  approvedBy: number | null;
  updatedAt: number;
};

export function toDuty(r: Selectable<DutyTable>): Duty {
  return {
    id: r.id,
    key: r.key,
    kind: oneOf(DUTY_KINDS, r.kind, 'duties.kind'),
    ruleId: r.rule_id,
    eventId: r.event_id,
    employeeId: r.employee_id,
    regionId: r.region_id,
    projectId: r.project_id,
    periodKind: oneOf(PERIOD_KINDS, r.period_kind, 'duties.period_kind'),
    periodKey: r.period_key,
    dueFrom: r.due_from,
    dueTo: r.due_to,
    proposedOn: r.proposed_on,
    scheduledOn: r.scheduled_on,
    householdId: r.household_id,
    ticketId: r.ticket_id,
    status: oneOf(DUTY_STATUSES, r.status, 'duties.status'),
    deputyId: r.deputy_id,
    attendedBy: r.attended_by,
    completedOn: r.completed_on,
    notes: r.notes,
    reason: r.reason,
    approvedBy: r.approved_by,
    updatedAt: r.updated_at,
  };
}

/** The part of a duty its lifecycle rules read and write. */
export function dutyState(d: Duty): DutyState {
  return {
    status: d.status,
    employeeId: d.employeeId,
    scheduledOn: d.scheduledOn,
    completedOn: d.completedOn,
    attendedBy: d.attendedBy,
    deputyId: d.deputyId,
    reason: d.reason,
    notes: d.notes,
    approvedBy: d.approvedBy,
  };
}

export async function getDuty(x: Reader, id: number): Promise<Duty | undefined> {
  const row = await executorOf(x).selectFrom('duties').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toDuty(row);
}

/** A duty's household as views need it: the address to label (masked there) and what decides who may see it. */
export type DutyHousehold = {
  id: number;
  building: string;
  unit: string;
  room: string;
  projectId: number;
  regionId: number;
  ownerEmployeeId: number | null;
  /** The customers' names, so that free text about the household can be masked where they were typed. */
  owners: { name: string }[];
};

export type DutyListItem = Duty & {
  projectName: string | null;
  employeeName: string;
  deputyName: string | null;
  eventTitle: string | null;
  household: DutyHousehold | null;
  /** A reception duty's open reception day: the day, not the duty, then carries its date. */
  receptionDayId: number | null;
};

function listQuery(k: Executor) {
  return k
    .selectFrom('duties as d')
    .innerJoin('employees as e', 'e.id', 'd.employee_id')
    .leftJoin('employees as dep', 'dep.id', 'd.deputy_id')
    .leftJoin('projects as p', 'p.id', 'd.project_id')
    .leftJoin('checkpoint_events as ev', 'ev.id', 'd.event_id')
    .leftJoin('households as h', 'h.id', 'd.household_id')
    .leftJoin('projects as hp', 'hp.id', 'h.project_id')
    .leftJoin('reception_days as rd', (j) => j.onRef('rd.duty_id', '=', 'd.id').on('rd.status', '=', 'open'))
    .selectAll('d')
    .select([
      'p.name as project_name',
      'e.name as employee_name',
      'dep.name as deputy_name',
      'ev.title as event_title',
      'h.building',
      'h.unit',
      'h.room',
      'h.project_id as household_project_id',
      'hp.region_id as household_region_id',
      'h.owner_employee_id as household_owner_id',
      'rd.id as reception_day_id',
    ]);
}

type ListRow = Awaited<ReturnType<ReturnType<typeof listQuery>['execute']>>[number];

/** Names and households around listed duties; the owners' names come in one further query, not per row. */
async function toListItems(k: Executor, rows: ListRow[]): Promise<DutyListItem[]> {
  const householdIds = [...new Set(rows.map((r) => r.household_id).filter((id) => id !== null))];
  const owners = householdIds.length
    ? await k
        .selectFrom('household_owners')
        .select(['household_id', 'name'])
        .where('household_id', 'in', householdIds)
        .orderBy('household_id')
        .orderBy('id')
        .execute()
    : [];
  const ownersOf = Map.groupBy(owners, (o) => o.household_id);
  return rows.map((r) => ({
    ...toDuty(r),
    projectName: r.project_name,
    employeeName: r.employee_name,
    deputyName: r.deputy_name,
    eventTitle: r.event_title,
    receptionDayId: r.reception_day_id,
    household:
      r.household_id === null ||
      r.building === null ||
      r.unit === null ||
      r.room === null ||
      r.household_project_id === null ||
      r.household_region_id === null
        ? null
        : {
            id: r.household_id,
            building: r.building,
            unit: r.unit,
            room: r.room,
            projectId: r.household_project_id,
            regionId: r.household_region_id,
            ownerEmployeeId: r.household_owner_id,
            owners: (ownersOf.get(r.household_id) ?? []).map((o) => ({ name: o.name })),
          },
  }));
}

/** A person's duties (due, or delegated to them) whose window overlaps [from, to]. */
export async function listDutiesOf(
  x: Reader,
  employeeId: number,
  range: { from: IsoDate; to: IsoDate },
  kind?: DutyKind,
): Promise<DutyListItem[]> {
  const k = executorOf(x);
  let q = listQuery(k)
    .where((eb) => eb.or([eb('d.employee_id', '=', employeeId), eb('d.deputy_id', '=', employeeId)]))
    .where('d.due_to', '>=', range.from)
    .where('d.due_from', '<=', range.to);
  if (kind) q = q.where('d.kind', '=', kind);
  return toListItems(k, await q.orderBy('d.due_to').orderBy('d.id').execute());
}

/** A duty as a calendar feed shows it: its dates and the names in its title. */
export type FeedDutyRow = Pick<
  DutyListItem,
  'id' | 'kind' | 'status' | 'scheduledOn' | 'proposedOn' | 'dueFrom' | 'dueTo'
> & {
  projectName: string | null;
  eventTitle: string | null;
};

/**
 * A person's duties (due, or delegated to them) whose window overlaps the
 * range, with only what a feed shows: a busy person's feed lists hundreds,
 * and the full list's joins (households, owners, deputies) cost more than the rest of it.
 */
export async function listFeedDutiesOf(
  x: Reader,
  employeeId: number,
  range: { from: IsoDate; to: IsoDate },
): Promise<FeedDutyRow[]> {
  const rows = await executorOf(x)
    .selectFrom('duties as d')
    .leftJoin('projects as p', 'p.id', 'd.project_id')
    .leftJoin('checkpoint_events as ev', 'ev.id', 'd.event_id')
    .select([
      'd.id',
      'd.kind',
      'd.status',
      'd.scheduled_on',
      'd.proposed_on',
      'd.due_from',
      'd.due_to',
      'p.name as project_name',
      'ev.title as event_title',
    ])
    .where((eb) => eb.or([eb('d.employee_id', '=', employeeId), eb('d.deputy_id', '=', employeeId)]))
    .where('d.due_to', '>=', range.from)
    .where('d.due_from', '<=', range.to)
    .orderBy('d.due_to')
    .orderBy('d.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: oneOf(DUTY_KINDS, r.kind, 'duties.kind'),
    status: oneOf(DUTY_STATUSES, r.status, 'duties.status'),
    scheduledOn: r.scheduled_on,
    proposedOn: r.proposed_on,
    dueFrom: r.due_from,
    dueTo: r.due_to,
    projectName: r.project_name,
    eventTitle: r.event_title,
  }));
}

/** One duty with the names around it. */
export async function getDutyListItem(x: Reader, id: number): Promise<DutyListItem | undefined> {
  const k = executorOf(x);
  const row = await listQuery(k).where('d.id', '=', id).executeTakeFirst();
  return row && (await toListItems(k, [row]))[0];
}

/** One person's duties whose window ends in [from, to]: what the compliance board counts for them. */
export async function listDutiesForPerson(
  x: Reader,
  employeeId: number,
  range: { from: IsoDate; to: IsoDate },
): Promise<DutyListItem[]> {
  const k = executorOf(x);
  const rows = await listQuery(k)
    .where('d.employee_id', '=', employeeId)
    .where('d.due_to', '>=', range.from)
    .where('d.due_to', '<=', range.to)
    .orderBy('d.due_from')
    .orderBy('d.id')
    .execute();
  return toListItems(k, rows);
}

/** Dates on which a person holds or has held a reception (other than duty `except`). */
export async function receptionDatesOf(x: Reader, employeeId: number, except?: number): Promise<Set<IsoDate>> {
  const rows = await executorOf(x)
    .selectFrom('duties')
    .select(['scheduled_on', 'proposed_on', 'id'])
    .where('employee_id', '=', employeeId)
    .where('kind', '=', 'reception')
    .where('status', 'in', ['planned', 'scheduled', 'done', 'delegated'])
    .execute();
  return new Set(rows.filter((r) => r.id !== except).flatMap((r) => r.scheduled_on ?? r.proposed_on ?? []));
}

/**
 * Writes a duty's new state, only if it is still as it was read (status and
 * last change): someone else acting meanwhile makes this answer false rather
 * than be overwritten silently.
 */
export async function saveDutyState(
  tx: Executor,
  duty: Duty,
  next: DutyState & { householdId?: number | null },
  at: number,
): Promise<boolean> {
  const result = await tx
    .updateTable('duties')
    .set({
      status: next.status,
      scheduled_on: next.scheduledOn,
      completed_on: next.completedOn,
      attended_by: next.attendedBy,
      deputy_id: next.deputyId,
      reason: next.reason,
      notes: next.notes,
      approved_by: next.approvedBy,
      household_id: next.householdId === undefined ? duty.householdId : next.householdId,
      updated_at: at,
    })
    .where('id', '=', duty.id)
    .where('status', '=', duty.status)
    .where('updated_at', '=', duty.updatedAt)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Open duties whose window ended before `today` become missed; answers how many. */
export async function markOverdueMissed(
  tx: Executor,
  today: IsoDate,
  at: number,
  filter: { regionId?: number } = {},
): Promise<number> {
  let q = tx
    .updateTable('duties')
    .set({ status: 'missed', updated_at: at })
    .where('status', 'in', [...OPEN_STATUSES])
    .where('due_to', '<', today);
  if (filter.regionId !== undefined) q = q.where('region_id', '=', filter.regionId);
  return Number((await q.executeTakeFirst()).numUpdatedRows);
}
