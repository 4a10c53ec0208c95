import { POSITIONS, type ImportRefs } from '@frontline/core';
import type { Selectable } from 'kysely';
import type { EmployeeTable } from '../schema.ts';
import { executorOf, type Executor, type Reader } from '../unit-of-work.ts';
import { oneOf } from './columns.ts';

/**
 * What imports read and write: every region, project and employee by code
 * or number (to check rows against), and the upserts on natural keys. Which
 * fields a row sets and what leaving means are the imports feature's.
 */

/** Every region, project and employee by code or number (with their names), for checking import rows. */
export async function loadImportRefs(x: Reader): Promise<ImportRefs> {
  const k = executorOf(x);
  const [regions, projects, employees] = await Promise.all([
    k.selectFrom('regions').select(['id', 'code', 'name']).orderBy('code').execute(),
    k.selectFrom('projects').select(['id', 'code', 'region_id', 'name', 'phase']).orderBy('code').execute(),
    k
      .selectFrom('employees')
      .select(['id', 'employee_no', 'name', 'position', 'region_id', 'project_id', 'active'])
      .execute(),
  ]);
  return {
    regions: new Map(regions.map((r) => [r.code, { id: r.id, name: r.name }])),
    projects: new Map(projects.map((p) => [p.code, { id: p.id, regionId: p.region_id, name: p.name, phase: p.phase }])),
    employees: new Map(
      employees.map((e) => [
        e.employee_no,
        {
          id: e.id,
          name: e.name,
          position: oneOf(POSITIONS, e.position, 'employees.position'),
          regionId: e.region_id,
          projectId: e.project_id,
          active: e.active === 1,
        },
      ]),
    ),
  };
}

/** The fields an employee import sets, as compared for the audit trail. */
export const IMPORTED_EMPLOYEE_FIELDS = [
  'name',
  'line',
  'position',
  'region_id',
  'project_id',
  'manager_id',
  'active',
  'email',
  'phone',
] as const;

export type ImportedEmployeeFields = Pick<Selectable<EmployeeTable>, (typeof IMPORTED_EMPLOYEE_FIELDS)[number]>;
export type StoredImportEmployee = ImportedEmployeeFields & { id: number; employee_no: string; left_on: string | null };

/** Every employee by number, with the fields an import may change. */
export async function employeesByNumber(tx: Executor): Promise<Map<string, StoredImportEmployee>> {
  const rows = await tx
    .selectFrom('employees')
    .select(['id', 'employee_no', 'left_on', ...IMPORTED_EMPLOYEE_FIELDS])
    .execute();
  return new Map(rows.map((e) => [e.employee_no, e]));
}

export type ImportedEmployeeChange = Partial<Omit<ImportedEmployeeFields, 'manager_id'>> & { updated_at: number };

export async function insertImportedEmployee(
  tx: Executor,
  employeeNo: string,
  fields: ImportedEmployeeChange & Pick<ImportedEmployeeFields, 'name' | 'position' | 'region_id' | 'project_id'>,
  at: number,
): Promise<number> {
  const { id } = await tx
    .insertInto('employees')
    .values({
      ...fields,
      line: fields.line ?? null,
      active: fields.active ?? 1,
      employee_no: employeeNo,
      login: employeeNo.toLowerCase(),
      created_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function updateImportedEmployee(
  tx: Executor,
  id: number,
  fields: ImportedEmployeeChange & { left_on: string | null },
): Promise<void> {
  await tx.updateTable('employees').set(fields).where('id', '=', id).execute();
}

export async function setManagerByNumber(tx: Executor, employeeNo: string, managerId: number | null): Promise<void> {
  await tx.updateTable('employees').set({ manager_id: managerId }).where('employee_no', '=', employeeNo).execute();
}

/** A household by its address in a project. */
export async function findHouseholdAt(
  tx: Executor,
  projectId: number,
  address: { building: string; unit: string; room: string },
): Promise<number | undefined> {
  const row = await tx
    .selectFrom('households')
    .select('id')
    .where('project_id', '=', projectId)
    .where('building', '=', address.building)
    .where('unit', '=', address.unit)
    .where('room', '=', address.room)
    .executeTakeFirst();
  return row?.id;
}

/** The rooms of one building and unit of a project that have a household (to offer a free one in an example). */
export async function roomsTaken(x: Reader, projectId: number, building: string, unit: string): Promise<Set<string>> {
  const rows = await executorOf(x)
    .selectFrom('households')
    .select('room')
    .where('project_id', '=', projectId)
    .where('building', '=', building)
    .where('unit', '=', unit)
    .execute();
  return new Set(rows.map((r) => r.room));
}

export async function insertImportedHousehold(
  tx: Executor,
  projectId: number,
  row: { building: string; unit: string; room: string; stage: string },
  at: number,
): Promise<number> {
  const { id } = await tx
    .insertInto('households')
    .values({
      project_id: projectId,
      building: row.building,
      unit: row.unit,
      room: row.room,
      stage: row.stage,
      owner_employee_id: null,
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function updateHouseholdStage(tx: Executor, id: number, stage: string, at: number): Promise<void> {
  await tx.updateTable('households').set({ stage, updated_at: at }).where('id', '=', id).execute();
}

/** Replaces a household's owners (the customers), in the order given. */
export async function replaceHouseholdOwners(
  tx: Executor,
  householdId: number,
  owners: { name: string; phone: string | null }[],
): Promise<void> {
  await tx.deleteFrom('household_owners').where('household_id', '=', householdId).execute();
  if (owners.length)
    await tx
      .insertInto('household_owners')
      .values(owners.map((o, i) => ({ household_id: householdId, position: i, name: o.name, phone: o.phone })))
      .execute();
}
