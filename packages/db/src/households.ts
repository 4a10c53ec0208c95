import type { Household, HouseholdOwner, HouseholdRef, HouseholdStage } from '@frontline/core';
import type { Db } from './open.ts';

/** Households and their owners (customers). Personal data leaves here unmasked; the API masks. */

export type HouseholdFilter = {
  projectId?: number;
  ownerEmployeeId?: number;
  building?: string;
  stage?: HouseholdStage;
  limit: number;
  offset: number;
};

function householdQuery(db: Db) {
  return db.kysely
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

async function ownersOf(db: Db, ids: number[]): Promise<Map<number, HouseholdOwner[]>> {
  const out = new Map<number, HouseholdOwner[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return out;
  const rows = await db.kysely
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
    stage: r.stage as HouseholdStage,
    ownerEmployeeId: r.owner_employee_id,
    owners,
  };
}

export async function listHouseholds(db: Db, f: HouseholdFilter): Promise<{ items: Household[]; total: number }> {
  let q = householdQuery(db);
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
  const owners = await ownersOf(db, rows.map((r) => r.id));
  return { items: rows.map((r) => toHousehold(r, owners.get(r.id)!)), total: Number(total.n) };
}

export async function getHousehold(db: Db, id: number): Promise<Household | undefined> {
  const row = await householdQuery(db).where('households.id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const owners = await ownersOf(db, [id]);
  return toHousehold(row, owners.get(id)!);
}

/** Several households by id, in one query each for rows and owners; missing ids are left out. */
export async function getHouseholds(db: Db, ids: readonly number[]): Promise<Household[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const rows = await householdQuery(db).where('households.id', 'in', unique).execute();
  const owners = await ownersOf(db, rows.map((r) => r.id));
  return rows.map((r) => toHousehold(r, owners.get(r.id)!));
}

/** What access rules need of households (project, region, owner), in one query: no personal data read. */
export async function householdRefs(db: Db, ids: readonly number[]): Promise<(HouseholdRef & { id: number })[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const rows = await householdQuery(db).where('households.id', 'in', unique).execute();
  return rows.map((r) => ({ id: r.id, projectId: r.project_id, regionId: r.region_id, ownerEmployeeId: r.owner_employee_id }));
}
