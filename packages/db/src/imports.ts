import type { EmployeeImport, HouseholdImport, ImportRefs } from '@frontline/core';
import { writeAudit, type AuditContext } from './audit.ts';
import type { Db } from './open.ts';

/** Applying validated import rows: one transaction, upserts on natural keys. */

export type ImportSummary = { created: number; updated: number };

/** Called every few hundred rows while applying, for progress bars and lines. */
export type ImportProgress = (done: number, total: number) => void;
const PROGRESS_EVERY = 500;

export async function loadImportRefs(db: Db): Promise<ImportRefs> {
  const [regions, projects, employees] = await Promise.all([
    db.kysely.selectFrom('regions').select('code').execute(),
    db.kysely.selectFrom('projects').select('code').execute(),
    db.kysely.selectFrom('employees').select('employee_no').execute(),
  ]);
  return {
    regionCodes: new Set(regions.map((r) => r.code)),
    projectCodes: new Set(projects.map((p) => p.code)),
    employeeNos: new Set(employees.map((e) => e.employee_no)),
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

export async function applyEmployeeImport(
  db: Db,
  rows: EmployeeImport[],
  ctx: AuditContext & { fileName: string },
  onProgress?: ImportProgress,
): Promise<ImportSummary> {
  const maps = await codeMaps(db);
  return db.kysely.transaction().execute(async (trx) => {
    const existing = new Map(
      (await trx.selectFrom('employees').select(['id', 'employee_no']).execute()).map((e) => [e.employee_no, e.id]),
    );
    let created = 0;
    let updated = 0;
    for (const [index, row] of rows.entries()) {
      if (onProgress && index % PROGRESS_EVERY === 0) onProgress(index, rows.length);
      const project = row.projectCode ? maps.projects.get(row.projectCode)! : null;
      const values = {
        name: row.name,
        line: row.line,
        position: row.position,
        region_id: project ? project.regionId : row.regionCode ? maps.regions.get(row.regionCode)! : null,
        project_id: project ? project.id : null,
        active: row.active ? 1 : 0,
        email: row.email,
        phone: row.phone,
        updated_at: ctx.at,
      };
      const id = existing.get(row.employeeNo);
      if (id === undefined) {
        const inserted = await trx
          .insertInto('employees')
          .values({ ...values, employee_no: row.employeeNo, login: row.employeeNo.toLowerCase(), created_at: ctx.at })
          .returning('id')
          .executeTakeFirstOrThrow();
        existing.set(row.employeeNo, inserted.id);
        created++;
      } else {
        await trx.updateTable('employees').set(values).where('id', '=', id).execute();
        if (!row.active) await trx.deleteFrom('sessions').where('employee_id', '=', id).execute();
        updated++;
      }
    }
    // Managers last, so a row may name a manager who appears later in the file.
    for (const row of rows) {
      await trx
        .updateTable('employees')
        .set({ manager_id: row.managerNo ? existing.get(row.managerNo)! : null })
        .where('employee_no', '=', row.employeeNo)
        .execute();
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
