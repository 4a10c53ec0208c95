import { describeRowError, projectInScope, regionInScope, scopeOf, type Actor, type ImportRefs } from '@frontline/core';
import { listEmployees, listProjects, listRegions, loadImportRefs, type Db } from '@frontline/db';
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../http/context.ts';
import { ApiError } from '../http/errors.ts';
import { allow, signedIn } from '../http/policy.ts';
import { auditContext } from '../http/request-info.ts';
import { importLimit, uploadedTable } from '../import/upload.ts';
import { IMPORT_COLUMNS, runImport, type ImportKind } from '../import/run-import.ts';

const tags = ['import'];
/** How many row errors a failed import reports in detail. */
const MAX_REPORTED = 200;

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

async function importFile(c: Context<AppEnv>, kind: ImportKind) {
  const { actor } = signedIn(c);
  const locale = c.get('locale');
  const db = c.get('deps').db;
  const { table, fileName } = await uploadedTable(c);
  const outcome = await runImport(db, kind, table, await scopedRefs(db, actor), { ...auditContext(c), fileName });
  if (outcome.ok) return c.json({ rows: outcome.rows, ...outcome.summary }, 200);
  if (outcome.missingColumns.length > 0) {
    const list = outcome.missingColumns.join(locale === 'en' ? ', ' : '、');
    throw new ApiError(422, 'IMPORT_UNREADABLE', { params: { reason: locale === 'en' ? `missing columns: ${list}` : `缺少列：${list}` } });
  }
  const fields: Record<string, string> = {};
  for (const e of outcome.errors.slice(0, MAX_REPORTED)) fields[`${e.line}.${e.column}`] = describeRowError(e, IMPORT_COLUMNS[kind], locale);
  throw new ApiError(422, 'IMPORT_INVALID_ROWS', { params: { count: new Set(outcome.errors.map((e) => e.line)).size }, fields });
}

export const importRoutes = new Hono<AppEnv>()
  .post(
    '/employees',
    allow('import.employees', { summary: 'Import employees from .xlsx or .csv (UTF-8 or GB18030); all rows or none; upsert by 工号', tags }),
    importLimit,
    (c) => importFile(c, 'employees'),
  )
  .post(
    '/households',
    allow('import.households', { summary: 'Import households from .xlsx or .csv; all rows or none; upsert by project + building–unit–room', tags }),
    importLimit,
    (c) => importFile(c, 'households'),
  );
