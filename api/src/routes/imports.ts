import {
  EMPLOYEE_COLUMNS,
  HOUSEHOLD_COLUMNS,
  describeRowError,
  mapHeader,
  missingColumns,
  projectInScope,
  regionInScope,
  scopeOf,
  validateEmployeeRows,
  validateHouseholdRows,
  type Actor,
  type ImportRefs,
  type Locale,
  type RawRow,
  type RowError,
} from '@frontline/core';
import { applyEmployeeImport, applyHouseholdImport, listEmployees, listProjects, listRegions, loadImportRefs, type Db } from '@frontline/db';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from '../http/context.ts';
import { ApiError } from '../http/errors.ts';
import { allow, signedIn } from '../http/policy.ts';
import { auditContext } from '../http/request-info.ts';
import { readTable, UnreadableFileError, type Table } from '../import/read-table.ts';

const tags = ['import'];
export const IMPORT_LIMIT_BYTES = 20 * 1024 * 1024;
/** How many row errors a failed import reports in detail. */
const MAX_REPORTED = 200;

const importLimit = bodyLimit({
  maxSize: IMPORT_LIMIT_BYTES,
  onError: () => {
    throw new ApiError(413, 'PAYLOAD_TOO_LARGE', { params: { limit: '20 MB' } });
  },
});

async function uploadedTable(c: Context<AppEnv>): Promise<{ table: Table; fileName: string }> {
  const type = c.req.header('content-type') ?? '';
  if (!type.startsWith('multipart/form-data')) {
    throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', { params: { expected: 'multipart/form-data' } });
  }
  const form = await c.req.formData().catch(() => null);
  const file = form?.get('file');
  if (!(file instanceof File)) throw new ApiError(422, 'VALIDATION_FAILED', { fields: { file: c.get('locale') === 'en' ? 'attach a .csv or .xlsx file' : '请选择 .csv 或 .xlsx 文件' } });
  try {
    return { table: await readTable(new Uint8Array(await file.arrayBuffer()), file.name), fileName: file.name };
  } catch (e) {
    if (e instanceof UnreadableFileError) throw new ApiError(422, 'IMPORT_UNREADABLE', { params: { reason: e.message } });
    throw e;
  }
}

function toRawRows(table: Table, mapping: Partial<Record<string, number>>): RawRow[] {
  return table.rows.map((cells) => {
    const row: RawRow = {};
    for (const [key, index] of Object.entries(mapping)) if (index !== undefined) row[key] = cells[index] ?? '';
    return row;
  });
}

function rejectRows(errors: RowError[], columns: Record<string, readonly string[]>, locale: Locale): never {
  const fields: Record<string, string> = {};
  for (const e of errors.slice(0, MAX_REPORTED)) fields[`${e.line}.${e.column}`] = describeRowError(e, columns, locale);
  throw new ApiError(422, 'IMPORT_INVALID_ROWS', { params: { count: new Set(errors.map((e) => e.line)).size }, fields });
}

/** Restricts what rows may refer to, to the importer's scope. */
async function scopedRefs(db: Db, actor: Actor): Promise<ImportRefs> {
  const refs = await loadImportRefs(db);
  const scope = scopeOf(actor);
  if (scope.kind === 'group') return refs;
  const regions = (await listRegions(db)).filter((r) => regionInScope(scope, r.id));
  const projects = (await listProjects(db)).filter((p) => projectInScope(scope, p));
  const mine = await listEmployees(db, { ...(scope.kind === 'own' ? {} : { regionId: scope.regionId }), limit: 1_000_000, offset: 0 });
  const own = new Set(mine.items.map((e) => e.employeeNo));
  return {
    regionCodes: new Set(regions.map((r) => r.code)),
    projectCodes: new Set(projects.map((p) => p.code)),
    employeeNos: refs.employeeNos,
    lockedEmployeeNos: new Set([...refs.employeeNos].filter((no) => !own.has(no))),
  };
}

function requireColumns(missing: string[], locale: Locale): void {
  if (missing.length === 0) return;
  const message = locale === 'en' ? `missing columns: ${missing.join(', ')}` : `缺少列：${missing.join('、')}`;
  throw new ApiError(422, 'IMPORT_UNREADABLE', { params: { reason: message } });
}

export const importRoutes = new Hono<AppEnv>()
  .post(
    '/employees',
    allow('import.employees', { summary: 'Import employees from .xlsx or .csv (UTF-8 or GB18030); all rows or none; upsert by 工号', tags }),
    importLimit,
    async (c) => {
      const { actor } = signedIn(c);
      const locale = c.get('locale');
      const db = c.get('deps').db;
      const { table, fileName } = await uploadedTable(c);
      const mapping = mapHeader(table.header, EMPLOYEE_COLUMNS);
      requireColumns(missingColumns(mapping, ['employeeNo', 'name', 'position'], EMPLOYEE_COLUMNS), locale);
      const { rows, errors } = validateEmployeeRows(toRawRows(table, mapping), await scopedRefs(db, actor));
      if (errors.length > 0) rejectRows(errors, EMPLOYEE_COLUMNS, locale);
      const summary = await applyEmployeeImport(db, rows, { ...auditContext(c), fileName });
      return c.json({ rows: rows.length, ...summary }, 200);
    },
  )
  .post(
    '/households',
    allow('import.households', { summary: 'Import households from .xlsx or .csv; all rows or none; upsert by project + building–unit–room', tags }),
    importLimit,
    async (c) => {
      const { actor } = signedIn(c);
      const locale = c.get('locale');
      const db = c.get('deps').db;
      const { table, fileName } = await uploadedTable(c);
      const mapping = mapHeader(table.header, HOUSEHOLD_COLUMNS);
      requireColumns(missingColumns(mapping, ['projectCode', 'building', 'unit', 'room'], HOUSEHOLD_COLUMNS), locale);
      const { rows, errors } = validateHouseholdRows(toRawRows(table, mapping), await scopedRefs(db, actor));
      if (errors.length > 0) rejectRows(errors, HOUSEHOLD_COLUMNS, locale);
      const summary = await applyHouseholdImport(db, rows, { ...auditContext(c), fileName });
      return c.json({ rows: rows.length, ...summary }, 200);
    },
  );
