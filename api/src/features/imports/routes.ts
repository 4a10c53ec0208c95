import { describeRowError } from '@frontline/core';
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../../http/context.ts';
import { ApiError } from '../../http/errors.ts';
import { allow, signedIn } from '../../http/policy.ts';
import { auditContext } from '../../http/request-info.ts';
import { importLimit, uploadedTable } from '../../import/upload.ts';
import { IMPORT_COLUMNS, importGuide, importTemplate, runImport, type ImportKind } from './service.ts';
import { importTemplateWorkbook } from './template.ts';
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

/** The import page's guide: each column's header, whether it is required, what goes in it, its allowed values. */
async function guide(c: Context<AppEnv>, kind: ImportKind) {
  const { actor } = signedIn(c);
  return c.json({ kind, columns: await importGuide(c.get('deps').db, kind, actor, c.get('locale')) }, 200);
}

/** The template workbook, made for the caller: allowed values of their scope, an example row they may import. */
async function template(c: Context<AppEnv>, kind: ImportKind) {
  const { actor } = signedIn(c);
  const { example, allowed } = await importTemplate(c.get('deps').db, kind, actor);
  const bytes = await importTemplateWorkbook(kind, example, allowed, c.get('locale'));
  c.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  c.header('content-disposition', `attachment; filename="import-${kind}-template.xlsx"`);
  c.header('cache-control', 'private, no-store');
  return c.body(bytes, 200);
}

export const importRoutes = new Hono<AppEnv>()
  .get(
    '/employees/guide',
    allow('import.employees', {
      summary: 'The employee import’s columns: header, required or not, what goes in, the allowed values of your scope',
      tags,
    }),
    (c) => guide(c, 'employees'),
  )
  .get(
    '/employees/template.xlsx',
    allow('import.employees', {
      summary:
        'The employee import’s template: the header row, an example row, and the allowed values of your scope on a second sheet',
      tags,
    }),
    (c) => template(c, 'employees'),
  )
  .get(
    '/households/guide',
    allow('import.households', {
      summary:
        'The household import’s columns: header, required or not, what goes in, the allowed values of your scope',
      tags,
    }),
    (c) => guide(c, 'households'),
  )
  .get(
    '/households/template.xlsx',
    allow('import.households', {
      summary:
        'The household import’s template: the header row, an example row, and the allowed values of your scope on a second sheet',
      tags,
    }),
    (c) => template(c, 'households'),
  )
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
