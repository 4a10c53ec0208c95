import { shanghaiDate, type EmployeeImport, type HouseholdImport, type ImportRefs, type Position } from '@frontline/core';
import { writeAudit, type AuditContext } from './audit.ts';
import type { Db } from './open.ts';

/** Applying validated import rows: one transaction, upserts on natural keys. */

export type ImportSummary = { created: number; updated: number };

/** Called every few hundred rows while applying, for progress bars and lines. */
export type ImportProgress = (done: number, total: number) => void;
const PROGRESS_EVERY = 500;

/** Every region, project and employee by code or number, for checking import rows. */
export async function loadImportRefs(db: Db): Promise<ImportRefs> {
  const [regions, projects, employees] = await Promise.all([
    db.kysely.selectFrom('regions').select(['id', 'code']).execute(),
    db.kysely.selectFrom('projects').select(['id', 'code', 'region_id']).execute(),
    db.kysely.selectFrom('employees').select(['id', 'employee_no', 'position', 'region_id', 'project_id', 'active']).execute(),
  ]);
  return {
    regions: new Map(regions.map((r) => [r.code, r.id])),
    projects: new Map(projects.map((p) => [p.code, { id: p.id, regionId: p.region_id }])),
    employees: new Map(
      employees.map((e) => [e.employee_no, { id: e.id, position: e.position as Position, regionId: e.region_id, projectId: e.project_id, active: e.active === 1 }]),
    ),
  };
}

async function codeMaps(db: Db) {
  const [regions, projects] = await Promise.all([
    db.kysely.selectFrom('regions').select(['id', 'code']).execute(),
    db.kysely.selectFrom('projects').select(['id', 'code', 'region_id']).execute(),
  ]);
  return {
    regions: new Map(regions.map((r) => [r.code, r.id])),
    projects: new Map(projects.map((p) => [p.code, { id: p.id, regionId: p.region_id }])),
  };
}

/** The fields an import sets, as compared for the audit trail. */
const TRACKED = ['name', 'line', 'position', 'region_id', 'project_id', 'manager_id', 'active', 'email', 'phone'] as const;

/**
 * Applies validated rows in one transaction. Each created or changed person
 * gets an audit entry of their own with what changed (before and after), so
 * a promotion or a move is traceable to the file and the importer; the file
 * as a whole gets one more.
 */
export async function applyEmployeeImport(
  db: Db,
  rows: EmployeeImport[],
  ctx: AuditContext & { fileName: string },
  onProgress?: ImportProgress,
): Promise<ImportSummary> {
  return db.kysely.transaction().execute(async (trx) => {
    const existing = new Map(
      (await trx.selectFrom('employees').select(['id', 'employee_no', 'left_on', ...TRACKED]).execute()).map((e) => [e.employee_no, e]),
    );
    const ids = new Map([...existing].map(([no, e]) => [no, e.id]));
    let created = 0;
    let updated = 0;
    for (const [index, row] of rows.entries()) {
      if (onProgress && index % PROGRESS_EVERY === 0) onProgress(index, rows.length);
      const old = existing.get(row.employeeNo);
      // Columns the file does not have keep what is stored (a new person gets the defaults).
      const given = {
        name: row.name,
        position: row.position,
        region_id: row.regionId,
        project_id: row.projectId,
        ...(row.line !== undefined || !old ? { line: row.line ?? null } : {}),
        ...(row.active !== undefined || !old ? { active: row.active === false ? 0 : 1 } : {}),
        ...(row.email !== undefined || !old ? { email: row.email ?? null } : {}),
        ...(row.phone !== undefined || !old ? { phone: row.phone ?? null } : {}),
        updated_at: ctx.at,
      };
      if (old === undefined) {
        const inserted = await trx
          .insertInto('employees')
          .values({ ...given, line: given.line ?? null, active: given.active ?? 1, employee_no: row.employeeNo, login: row.employeeNo.toLowerCase(), created_at: ctx.at })
          .returning('id')
          .executeTakeFirstOrThrow();
        ids.set(row.employeeNo, inserted.id);
        created++;
      } else {
        // A leaver keeps the day they left; someone coming back loses it.
        const leaving = given.active === 0 && old.active === 1;
        const leftOn = given.active === undefined ? old.left_on : given.active === 1 ? null : leaving ? shanghaiDate(ctx.at) : old.left_on;
        await trx.updateTable('employees').set({ ...given, left_on: leftOn }).where('id', '=', old.id).execute();
        if (given.active === 0) await trx.deleteFrom('sessions').where('employee_id', '=', old.id).execute();
        updated++;
      }
    }
    // Managers last, so a row may name a manager who appears later in the file.
    for (const row of rows) {
      if (row.managerNo === undefined) continue;
      await trx
        .updateTable('employees')
        .set({ manager_id: row.managerNo ? ids.get(row.managerNo)! : null })
        .where('employee_no', '=', row.employeeNo)
        .execute();
    }
    // One entry per person created or changed, with the fields that changed, so a promotion is traceable.
    const now = new Map((await trx.selectFrom('employees').select(['employee_no', ...TRACKED]).execute()).map((e) => [e.employee_no, e]));
    for (const row of rows) {
      const old = existing.get(row.employeeNo);
      const after = now.get(row.employeeNo)!;
      const changed = TRACKED.filter((k) => !old || old[k] !== after[k]);
      if (changed.length === 0) continue;
      await writeAudit(trx, ctx, {
        action: old ? 'employee.import-update' : 'employee.import-create',
        entity: 'employee',
        entityId: ids.get(row.employeeNo)!,
        ...(old ? { before: Object.fromEntries(changed.map((k) => [k, old[k]])) } : {}),
        after: { file: ctx.fileName, ...Object.fromEntries(changed.map((k) => [k, after[k]])) },
      });
    }
    onProgress?.(rows.length, rows.length);
    await writeAudit(trx, ctx, {
      action: 'import.employees',
      entity: 'employee',
      after: { file: ctx.fileName, rows: rows.length, created, updated },
    });
    return { created, updated };
  });
}

export async function applyHouseholdImport(
  db: Db,
  rows: HouseholdImport[],
  ctx: AuditContext & { fileName: string },
  onProgress?: ImportProgress,
): Promise<ImportSummary> {
  const maps = await codeMaps(db);
  return db.kysely.transaction().execute(async (trx) => {
    let created = 0;
    let updated = 0;
    for (const [index, row] of rows.entries()) {
      if (onProgress && index % PROGRESS_EVERY === 0) onProgress(index, rows.length);
      const projectId = maps.projects.get(row.projectCode)!.id;
      const found = await trx
        .selectFrom('households')
        .select('id')
        .where('project_id', '=', projectId)
        .where('building', '=', row.building)
        .where('unit', '=', row.unit)
        .where('room', '=', row.room)
        .executeTakeFirst();
      let id: number;
      if (found) {
        id = found.id;
        await trx.updateTable('households').set({ stage: row.stage, updated_at: ctx.at }).where('id', '=', id).execute();
        await trx.deleteFrom('household_owners').where('household_id', '=', id).execute();
        updated++;
      } else {
        id = (
          await trx
            .insertInto('households')
            .values({
              project_id: projectId,
              building: row.building,
              unit: row.unit,
              room: row.room,
              stage: row.stage,
              owner_employee_id: null,
              created_at: ctx.at,
              updated_at: ctx.at,
            })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
        created++;
      }
      const owners = row.ownerNames.map((name, i) => ({ household_id: id, position: i, name, phone: row.ownerPhones[i] ?? null }));
      if (owners.length > 0) await trx.insertInto('household_owners').values(owners).execute();
    }
    onProgress?.(rows.length, rows.length);
    await writeAudit(trx, ctx, {
      action: 'import.households',
      entity: 'household',
      after: { file: ctx.fileName, rows: rows.length, created, updated },
    });
    return { created, updated };
  });
}
