import {
  ASSIGNMENT_REASONS,
  HOUSEHOLD_STAGES,
  type AssignmentReason,
  type Household,
  type HouseholdOwner,
  type HouseholdRef,
  type HouseholdStage,
} from '@frontline/core';
import { executorOf, type Executor, type Reader } from '../unit-of-work.ts';
import { oneOf } from './columns.ts';

/**
 * Households, their owners (the customers) and who looks after each
 * (对接客户) with its history. Personal data leaves here unmasked; the API
 * masks it.
 */

export type HouseholdFilter = {
  projectId?: number;
  ownerEmployeeId?: number;
  building?: string;
  stage?: HouseholdStage;
  limit: number;
  offset: number;
};

function householdQuery(k: Executor) {
  return k
    .selectFrom('households')
    .innerJoin('projects', 'projects.id', 'households.project_id')
    .select([
      'households.id',
      'households.project_id',
      'projects.region_id',
      'households.building',
      'households.unit',
      'households.room',
      'households.stage',
      'households.owner_employee_id',
    ]);
}

async function ownersOf(k: Executor, ids: number[]): Promise<Map<number, HouseholdOwner[]>> {
  const out = new Map<number, HouseholdOwner[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return out;
  const rows = await k
    .selectFrom('household_owners')
    .select(['household_id', 'name', 'phone'])
    .where('household_id', 'in', ids)
    .orderBy('household_id')
    .orderBy('position')
    .execute();
  for (const r of rows) out.get(r.household_id)!.push({ name: r.name, phone: r.phone });
  return out;
}

type Row = {
  id: number;
  project_id: number;
  region_id: number;
  building: string;
  unit: string;
  room: string;
  stage: string;
  owner_employee_id: number | null;
};

function toHousehold(r: Row, owners: HouseholdOwner[]): Household {
  return {
    id: r.id,
    projectId: r.project_id,
    regionId: r.region_id,
    building: r.building,
    unit: r.unit,
    room: r.room,
    stage: oneOf(HOUSEHOLD_STAGES, r.stage, 'households.stage'),
    ownerEmployeeId: r.owner_employee_id,
    owners,
  };
}

export async function listHouseholds(x: Reader, f: HouseholdFilter): Promise<{ items: Household[]; total: number }> {
  let q = householdQuery(executorOf(x));
  if (f.projectId !== undefined) q = q.where('households.project_id', '=', f.projectId);
  if (f.ownerEmployeeId !== undefined) q = q.where('households.owner_employee_id', '=', f.ownerEmployeeId);
  if (f.building) q = q.where('households.building', '=', f.building);
  if (f.stage) q = q.where('households.stage', '=', f.stage);
  const rows = await q
    .orderBy('households.building')
    .orderBy('households.unit')
    .orderBy('households.room')
    .limit(f.limit)
    .offset(f.offset)
    .execute();
  const total = await q
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const owners = await ownersOf(
    executorOf(x),
    rows.map((r) => r.id),
  );
  return { items: rows.map((r) => toHousehold(r, owners.get(r.id)!)), total: Number(total.n) };
}

export async function getHousehold(x: Reader, id: number): Promise<Household | undefined> {
  const row = await householdQuery(executorOf(x)).where('households.id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const owners = await ownersOf(executorOf(x), [id]);
  return toHousehold(row, owners.get(id)!);
}

/** Several households by id, in one query each for rows and owners; missing ids are left out. */
export async function getHouseholds(x: Reader, ids: readonly number[]): Promise<Household[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const rows = await householdQuery(executorOf(x)).where('households.id', 'in', unique).execute();
  const owners = await ownersOf(
    executorOf(x),
    rows.map((r) => r.id),
  );
  return rows.map((r) => toHousehold(r, owners.get(r.id)!));
}

/** What access rules need of households (project, region, owner), in one query: no personal data read. */
export async function householdRefs(x: Reader, ids: readonly number[]): Promise<(HouseholdRef & { id: number })[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const rows = await householdQuery(executorOf(x)).where('households.id', 'in', unique).execute();
  return rows.map((r) => ({
    id: r.id,
    projectId: r.project_id,
    regionId: r.region_id,
    ownerEmployeeId: r.owner_employee_id,
  }));
}

/** Gives a household to another employee and keeps the move in its history (`reason` says why). */
export async function assignHousehold(
  tx: Executor,
  move: { householdId: number; from: number | null; to: number | null; reason: AssignmentReason; note: string | null },
  by: { actorId: number | null; at: number },
): Promise<void> {
  await tx
    .updateTable('households')
    .set({ owner_employee_id: move.to, updated_at: by.at })
    .where('id', '=', move.householdId)
    .execute();
  await tx
    .insertInto('household_assignments')
    .values({
      household_id: move.householdId,
      from_employee_id: move.from,
      to_employee_id: move.to,
      reason: move.reason,
      note: move.note,
      at: by.at,
      actor_id: by.actorId,
    })
    .execute();
}

export type AssignmentRecord = {
  id: number;
  at: number;
  fromEmployeeId: number | null;
  fromName: string | null;
  toEmployeeId: number | null;
  toName: string | null;
  reason: AssignmentReason;
  note: string | null;
  actorName: string | null;
};

export async function listAssignmentHistory(x: Reader, householdId: number): Promise<AssignmentRecord[]> {
  const rows = await executorOf(x)
    .selectFrom('household_assignments as a')
    .leftJoin('employees as f', 'f.id', 'a.from_employee_id')
    .leftJoin('employees as t', 't.id', 'a.to_employee_id')
    .leftJoin('employees as x', 'x.id', 'a.actor_id')
    .select([
      'a.id',
      'a.at',
      'a.from_employee_id as fromEmployeeId',
      'f.name as fromName',
      'a.to_employee_id as toEmployeeId',
      't.name as toName',
      'a.reason',
      'a.note',
      'x.name as actorName',
    ])
    .where('a.household_id', '=', householdId)
    .orderBy('a.id', 'desc')
    .execute();
  return rows.map((r) => ({ ...r, reason: oneOf(ASSIGNMENT_REASONS, r.reason, 'household_assignments.reason') }));
}
