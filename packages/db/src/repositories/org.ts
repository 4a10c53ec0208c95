import {
  type Locale,
  LINES,
  POSITIONS,
  PROJECT_STAGES,
  type Employee,
  type Line,
  type Position,
  type Project,
  type ProjectCheckpointDate,
  type Region,
} from '@frontline/core';
import type { Selectable } from 'kysely';
import type { EmployeeTable, ProjectTable } from '../schema.ts';
import { caseInsensitiveLike } from '../dialect/index.ts';
import { executorOf, type Executor, type Reader } from '../unit-of-work.ts';
import { localeOf, oneOf, oneOfOrNull } from './columns.ts';

/**
 * Regions, projects and employees: the reads every feature uses, and the
 * writes of a person's standing, leave and share of households (their rules
 * and audit are the people feature's).
 */

export function toProject(row: Selectable<ProjectTable>): Project {
  return {
    id: row.id,
    code: row.code,
    regionId: row.region_id,
    name: row.name,
    phase: row.phase,
    address: row.address,
    stage: oneOf(PROJECT_STAGES, row.stage, 'projects.stage'),
  };
}

export function toEmployee(row: Selectable<EmployeeTable>): Employee {
  return {
    id: row.id,
    employeeNo: row.employee_no,
    name: row.name,
    line: oneOfOrNull(LINES, row.line, 'employees.line'),
    position: oneOf(POSITIONS, row.position, 'employees.position'),
    regionId: row.region_id,
    projectId: row.project_id,
    managerId: row.manager_id,
    active: row.active === 1,
    leftOn: row.left_on,
    email: row.email,
    login: row.login,
    language: localeOf(row.language),
  };
}

export async function listRegions(x: Reader): Promise<Region[]> {
  return executorOf(x).selectFrom('regions').select(['id', 'code', 'name', 'city']).orderBy('id').execute();
}

export async function getRegion(x: Reader, id: number): Promise<Region | undefined> {
  return executorOf(x)
    .selectFrom('regions')
    .select(['id', 'code', 'name', 'city'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function listProjects(
  x: Reader,
  filter: { regionId?: number; projectId?: number } = {},
): Promise<Project[]> {
  let q = executorOf(x).selectFrom('projects').selectAll();
  if (filter.regionId !== undefined) q = q.where('region_id', '=', filter.regionId);
  if (filter.projectId !== undefined) q = q.where('id', '=', filter.projectId);
  return (await q.orderBy('id').execute()).map(toProject);
}

export async function getProject(x: Reader, id: number): Promise<Project | undefined> {
  const row = await executorOf(x).selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toProject(row);
}

export async function listProjectCheckpoints(x: Reader, projectId: number): Promise<ProjectCheckpointDate[]> {
  const rows = await executorOf(x)
    .selectFrom('project_checkpoints')
    .select(['checkpoint', 'planned_on', 'held_on'])
    .where('project_id', '=', projectId)
    .orderBy('checkpoint')
    .execute();
  return rows.map((r) => ({ checkpoint: r.checkpoint, plannedOn: r.planned_on, heldOn: r.held_on }));
}

export type ProjectCounts = { projectId: number; employees: number; households: number };

export async function countByProject(x: Reader, projectIds: number[]): Promise<Map<number, ProjectCounts>> {
  const out = new Map<number, ProjectCounts>(
    projectIds.map((id) => [id, { projectId: id, employees: 0, households: 0 }]),
  );
  if (projectIds.length === 0) return out;
  const emp = await executorOf(x)
    .selectFrom('employees')
    .select(['project_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('project_id', 'in', projectIds)
    .where('active', '=', 1)
    .groupBy('project_id')
    .execute();
  const hh = await executorOf(x)
    .selectFrom('households')
    .select(['project_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('project_id', 'in', projectIds)
    .groupBy('project_id')
    .execute();
  for (const r of emp) if (r.project_id !== null) out.get(r.project_id)!.employees = Number(r.n);
  for (const r of hh) out.get(r.project_id)!.households = Number(r.n);
  return out;
}

export type EmployeeFilter = {
  regionId?: number;
  projectId?: number;
  regionOnly?: boolean;
  line?: Line;
  position?: Position;
  q?: string;
  limit: number;
  offset: number;
};

export async function listEmployees(x: Reader, f: EmployeeFilter): Promise<{ items: Employee[]; total: number }> {
  let q = executorOf(x).selectFrom('employees');
  if (f.regionId !== undefined) q = q.where('region_id', '=', f.regionId);
  if (f.projectId !== undefined) q = q.where('project_id', '=', f.projectId);
  if (f.regionOnly) q = q.where('project_id', 'is', null);
  if (f.line) q = q.where('line', '=', f.line);
  if (f.position) q = q.where('position', '=', f.position);
  if (f.q) {
    const like = caseInsensitiveLike(executorOf(x));
    q = q.where((eb) => eb.or([eb('name', like, `%${f.q}%`), eb('employee_no', like, `${f.q}%`)]));
  }
  const [rows, total] = await Promise.all([
    q.selectAll().orderBy('id').limit(f.limit).offset(f.offset).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(toEmployee), total: Number(total.n) };
}

export async function getEmployee(x: Reader, id: number): Promise<Employee | undefined> {
  const row = await executorOf(x).selectFrom('employees').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toEmployee(row);
}

export async function findCredentials(
  x: Reader,
  login: string,
): Promise<{ employee: Employee; passwordHash: string | null; mustChangePassword: boolean } | undefined> {
  const row = await executorOf(x)
    .selectFrom('employees')
    .selectAll()
    .where((eb) => eb.or([eb('login', '=', login.toLowerCase()), eb('employee_no', '=', login)]))
    .executeTakeFirst();
  return (
    row && {
      employee: toEmployee(row),
      passwordHash: row.password_hash,
      mustChangePassword: row.password_change_required === 1,
    }
  );
}

/**
 * Sets whether a person works here (a leaver keeps the day they left).
 * Answers the person before and after, or undefined for no such person.
 */
export async function updateEmployeeActive(
  tx: Executor,
  id: number,
  active: boolean,
  today: string,
  at: number,
): Promise<{ before: Employee; after: Employee } | undefined> {
  const before = await tx.selectFrom('employees').selectAll().where('id', '=', id).executeTakeFirst();
  if (!before) return undefined;
  await tx
    .updateTable('employees')
    .set({ active: active ? 1 : 0, left_on: active ? null : today, updated_at: at })
    .where('id', '=', id)
    .execute();
  const after = await tx.selectFrom('employees').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  return { before: toEmployee(before), after: toEmployee(after) };
}

/** Sets a person's language (their screen after sign-in, their mail and invites). Answers the one it replaced, or undefined for no such person. */
export async function updateEmployeeLanguage(
  tx: Executor,
  id: number,
  language: Locale,
  at: number,
): Promise<Locale | undefined> {
  const before = await tx.selectFrom('employees').select('language').where('id', '=', id).executeTakeFirst();
  if (!before) return undefined;
  await tx.updateTable('employees').set({ language, updated_at: at }).where('id', '=', id).execute();
  return localeOf(before.language);
}

export type Leave = { id: number; employeeId: number; from: string; to: string; kind: string };

export async function listLeaveRecords(x: Reader, employeeId: number): Promise<Leave[]> {
  return executorOf(x)
    .selectFrom('employee_leaves')
    .select(['id', 'employee_id as employeeId', 'starts_on as from', 'ends_on as to', 'kind'])
    .where('employee_id', '=', employeeId)
    .orderBy('starts_on')
    .execute();
}

export async function insertLeave(tx: Executor, leave: Omit<Leave, 'id'>): Promise<Leave> {
  const { id } = await tx
    .insertInto('employee_leaves')
    .values({ employee_id: leave.employeeId, starts_on: leave.from, ends_on: leave.to, kind: leave.kind })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id, ...leave };
}

export async function deleteLeave(tx: Executor, id: number): Promise<void> {
  await tx.deleteFrom('employee_leaves').where('id', '=', id).execute();
}

/** A person's share of their project's households (null: the position's default); answers the share before. */
export async function updateOwnershipWeight(
  tx: Executor,
  employeeId: number,
  weight: number | null,
  at: number,
): Promise<number | null> {
  const before = await tx
    .selectFrom('employees')
    .select('ownership_weight')
    .where('id', '=', employeeId)
    .executeTakeFirstOrThrow();
  await tx
    .updateTable('employees')
    .set({ ownership_weight: weight, updated_at: at })
    .where('id', '=', employeeId)
    .execute();
  return before.ownership_weight;
}

/** The active system admins with an address and their language: whom the product tells about itself (missing notices, reveal alerts). */
export async function listActiveAdmins(
  x: Reader,
): Promise<{ id: number; name: string; email: string; locale: Locale }[]> {
  const rows = await executorOf(x)
    .selectFrom('employees')
    .select(['id', 'name', 'email', 'language'])
    .where('position', '=', 'system_admin')
    .where('active', '=', 1)
    .where('email', 'is not', null)
    .orderBy('id')
    .execute();
  return rows.flatMap((r) =>
    r.email === null ? [] : [{ id: r.id, name: r.name, email: r.email, locale: localeOf(r.language) }],
  );
}

/** Employees' names by id, for showing who did what. */
export async function employeeNames(x: Reader, ids: readonly number[]): Promise<Map<number, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await executorOf(x).selectFrom('employees').select(['id', 'name']).where('id', 'in', unique).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
