import { describeRowError } from '@frontline/core';
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../../http/context.ts';
import { ApiError } from '../../http/errors.ts';
import { allow, signedIn } from '../../http/policy.ts';
import { auditContext } from '../../http/request-info.ts';
import { importLimit, uploadedTable } from '../../import/upload.ts';
import { IMPORT_COLUMNS, runImport, type ImportKind } from './service.ts';
import { replanAfterImport } from '../planning/replan.ts';

const tags = ['import'];
/** How many row errors a failed import reports in detail. */
const MAX_REPORTED = 200;

async function importFile(c: Context<AppEnv>, kind: ImportKind) {
  const { actor } = signedIn(c);
  const locale = c.get('locale');
  const db = c.get('deps').db;
  const { table, fileName } = await uploadedTable(c);
  const outcome = await runImport(db, kind, table, actor, { ...auditContext(c), fileName });
  // People moved, promoted, joined or left: their regions are re-planned, their households and duties handed on.
  if (outcome.ok)
    return c.json(
      {
        rows: outcome.rows,
        ...outcome.summary,
        ...(outcome.moves ? { replan: await replanAfterImport(c, outcome.moves) } : {}),
      },
      200,
    );
  if (outcome.missingColumns.length > 0) {
    const list = outcome.missingColumns.join(locale === 'en' ? ', ' : '、');
    throw new ApiError(422, 'IMPORT_UNREADABLE', {
      params: { reason: locale === 'en' ? `missing columns: ${list}` : `缺少列：${list}` },
    });
  }
  const fields: Record<string, string> = {};
  for (const e of outcome.errors.slice(0, MAX_REPORTED))
    fields[`${e.line}.${e.column}`] = describeRowError(e, IMPORT_COLUMNS[kind], locale);
  throw new ApiError(422, 'IMPORT_INVALID_ROWS', {
    params: { count: new Set(outcome.errors.map((e) => e.line)).size },
    fields,
  });
}

export const importRoutes = new Hono<AppEnv>()
  .post(
    '/employees',
    allow('import.employees', {
      summary: 'Import employees from .xlsx or .csv (UTF-8 or GB18030); all rows or none; upsert by 工号',
      tags,
    }),
    importLimit,
    (c) => importFile(c, 'employees'),
  )
  .post(
    '/households',
    allow('import.households', {
      summary: 'Import households from .xlsx or .csv; all rows or none; upsert by project + building–unit–room',
      tags,
    }),
    importLimit,
    (c) => importFile(c, 'households'),
  );
