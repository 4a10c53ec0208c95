import type { Employee, Line, Position, Project, ProjectCheckpointDate, ProjectStage, Region } from '@frontline/core';
import type { Selectable } from 'kysely';
import { writeAudit, type AuditContext } from './audit.ts';
import type { Db } from './open.ts';
import type { EmployeeTable, ProjectTable } from './schema.ts';

/** Regions, projects and employees: reads used across the app. */

export function toProject(row: Selectable<ProjectTable>): Project {
  return {
    id: row.id,
    code: row.code,
    regionId: row.region_id,
    name: row.name,
    phase: row.phase,
    address: row.address,
    stage: row.stage as ProjectStage,
  };
}

export function toEmployee(row: Selectable<EmployeeTable>): Employee {
  return {
    id: row.id,
    employeeNo: row.employee_no,
    name: row.name,
    line: row.line as Line | null,
    position: row.position as Position,
    regionId: row.region_id,
    projectId: row.project_id,
    managerId: row.manager_id,
    active: row.active === 1,
    leftOn: row.left_on,
    email: row.email,
    login: row.login,
  };
}

export async function listRegions(db: Db): Promise<Region[]> {
  return db.kysely.selectFrom('regions').select(['id', 'code', 'name', 'city']).orderBy('id').execute();
}

export async function getRegion(db: Db, id: number): Promise<Region | undefined> {
  return db.kysely.selectFrom('regions').select(['id', 'code', 'name', 'city']).where('id', '=', id).executeTakeFirst();
}

export async function listProjects(db: Db, filter: { regionId?: number; projectId?: number } = {}): Promise<Project[]> {
  let q = db.kysely.selectFrom('projects').selectAll();
  if (filter.regionId !== undefined) q = q.where('region_id', '=', filter.regionId);
  if (filter.projectId !== undefined) q = q.where('id', '=', filter.projectId);
  return (await q.orderBy('id').execute()).map(toProject);
}

export async function getProject(db: Db, id: number): Promise<Project | undefined> {
  const row = await db.kysely.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toProject(row);
}

export async function listProjectCheckpoints(db: Db, projectId: number): Promise<ProjectCheckpointDate[]> {
  const rows = await db.kysely
    .selectFrom('project_checkpoints')
    .select(['checkpoint', 'planned_on', 'held_on'])
    .where('project_id', '=', projectId)
    .orderBy('checkpoint')
    .execute();
  return rows.map((r) => ({ checkpoint: r.checkpoint, plannedOn: r.planned_on, heldOn: r.held_on }));
}

export type ProjectCounts = { projectId: number; employees: number; households: number };

export async function countByProject(db: Db, projectIds: number[]): Promise<Map<number, ProjectCounts>> {
  const out = new Map<number, ProjectCounts>(projectIds.map((id) => [id, { projectId: id, employees: 0, households: 0 }]));
  if (projectIds.length === 0) return out;
  const emp = await db.kysely
    .selectFrom('employees')
    .select(['project_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('project_id', 'in', projectIds)
    .where('active', '=', 1)
    .groupBy('project_id')
    .execute();
  const hh = await db.kysely
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

export async function listEmployees(db: Db, f: EmployeeFilter): Promise<{ items: Employee[]; total: number }> {
  let q = db.kysely.selectFrom('employees');
  if (f.regionId !== undefined) q = q.where('region_id', '=', f.regionId);
  if (f.projectId !== undefined) q = q.where('project_id', '=', f.projectId);
  if (f.regionOnly) q = q.where('project_id', 'is', null);
  if (f.line) q = q.where('line', '=', f.line);
  if (f.position) q = q.where('position', '=', f.position);
  if (f.q) q = q.where((eb) => eb.or([eb('name', 'like', `%${f.q}%`), eb('employee_no', 'like', `${f.q}%`)]));
  const [rows, total] = await Promise.all([
    q.selectAll().orderBy('id').limit(f.limit).offset(f.offset).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(toEmployee), total: Number(total.n) };
}

export async function getEmployee(db: Db, id: number): Promise<Employee | undefined> {
  const row = await db.kysely.selectFrom('employees').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toEmployee(row);
}

export async function findCredentials(
  db: Db,
  login: string,
): Promise<{ employee: Employee; passwordHash: string | null; mustChangePassword: boolean } | undefined> {
  const row = await db.kysely
    .selectFrom('employees')
    .selectAll()
    .where((eb) => eb.or([eb('login', '=', login.toLowerCase()), eb('employee_no', '=', login)]))
    .executeTakeFirst();
  return row && { employee: toEmployee(row), passwordHash: row.password_hash, mustChangePassword: row.password_change_required === 1 };
}

/**
 * Disabling ends every session in the same transaction, so no request outlives
 * the change; the audit entry is written in it too.
 */
export async function setEmployeeActive(
  db: Db,
  id: number,
  active: boolean,
  ctx: AuditContext & { today: string },
): Promise<Employee | undefined> {
  return db.kysely.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('employees').selectAll().where('id', '=', id).executeTakeFirst();
    if (!before) return undefined;
    await trx
      .updateTable('employees')
      .set({ active: active ? 1 : 0, left_on: active ? null : ctx.today, updated_at: ctx.at })
      .where('id', '=', id)
      .execute();
    if (!active) await trx.deleteFrom('sessions').where('employee_id', '=', id).execute();
    await writeAudit(trx, ctx, {
      action: active ? 'employee.enable' : 'employee.disable',
      entity: 'employee',
      entityId: id,
      before: { active: before.active === 1, leftOn: before.left_on },
      after: { active, leftOn: active ? null : ctx.today },
    });
    const after = await trx.selectFrom('employees').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    return toEmployee(after);
  });
}

export type Leave = { id: number; employeeId: number; from: string; to: string; kind: string };

export async function listLeaveRecords(db: Db, employeeId: number): Promise<Leave[]> {
  return db.kysely
    .selectFrom('employee_leaves')
    .select(['id', 'employee_id as employeeId', 'starts_on as from', 'ends_on as to', 'kind'])
    .where('employee_id', '=', employeeId)
    .orderBy('starts_on')
    .execute();
}

export async function addLeave(db: Db, leave: Omit<Leave, 'id'>, ctx: AuditContext): Promise<Leave> {
  return db.kysely.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('employee_leaves')
      .values({ employee_id: leave.employeeId, starts_on: leave.from, ends_on: leave.to, kind: leave.kind })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, ctx, { action: 'leave.create', entity: 'employee', entityId: leave.employeeId, after: leave });
    return { id, ...leave };
  });
}

export async function removeLeave(db: Db, leave: Leave, ctx: AuditContext): Promise<void> {
  await db.kysely.transaction().execute(async (trx) => {
    await trx.deleteFrom('employee_leaves').where('id', '=', leave.id).execute();
    await writeAudit(trx, ctx, { action: 'leave.delete', entity: 'employee', entityId: leave.employeeId, before: leave });
  });
}

/** A person's share of their project's households; null restores the position's default (executives 0, staff 1). */
export async function setOwnershipWeight(db: Db, employeeId: number, weight: number | null, ctx: AuditContext): Promise<void> {
  await db.kysely.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('employees').select('ownership_weight').where('id', '=', employeeId).executeTakeFirstOrThrow();
    await trx.updateTable('employees').set({ ownership_weight: weight, updated_at: ctx.at }).where('id', '=', employeeId).execute();
    await writeAudit(trx, ctx, { action: 'employee.ownership_weight', entity: 'employee', entityId: employeeId, before: before.ownership_weight, after: weight });
  });
}
