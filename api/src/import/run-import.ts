import {
  EMPLOYEE_COLUMNS,
  HOUSEHOLD_COLUMNS,
  mapHeader,
  missingColumns,
  validateEmployeeRows,
  validateHouseholdRows,
  type ImportRefs,
  type RawRow,
  type RowError,
} from '@frontline/core';
import { applyEmployeeImport, applyHouseholdImport, type AuditContext, type Db, type ImportProgress, type ImportSummary } from '@frontline/db';
import type { Table } from './read-table.ts';

export type ImportKind = 'employees' | 'households';

export const IMPORT_COLUMNS = { employees: EMPLOYEE_COLUMNS, households: HOUSEHOLD_COLUMNS } as const;

export type ImportOutcome =
  | { ok: true; rows: number; summary: ImportSummary }
  | { ok: false; missingColumns: string[]; errors: RowError[] };

function toRawRows(table: Table, mapping: Partial<Record<string, number>>): RawRow[] {
  return table.rows.map((cells) => {
    const row: RawRow = {};
    for (const [key, index] of Object.entries(mapping)) if (index !== undefined) row[key] = cells[index] ?? '';
    return row;
  });
}

/**
 * One import, as the API route and the command line both run it: map the
 * header, validate every row against what the importer may refer to, and
 * only when all rows pass, apply them in one transaction.
 */
export async function runImport(
  db: Db,
  kind: ImportKind,
  table: Table,
  refs: ImportRefs,
  ctx: AuditContext & { fileName: string },
  onProgress?: ImportProgress,
): Promise<ImportOutcome> {
  if (kind === 'employees') {
    const mapping = mapHeader(table.header, EMPLOYEE_COLUMNS);
    const missing = missingColumns(mapping, ['employeeNo', 'name', 'position'], EMPLOYEE_COLUMNS);
    if (missing.length > 0) return { ok: false, missingColumns: missing, errors: [] };
    const { rows, errors } = validateEmployeeRows(toRawRows(table, mapping), refs);
    if (errors.length > 0) return { ok: false, missingColumns: [], errors };
    return { ok: true, rows: rows.length, summary: await applyEmployeeImport(db, rows, ctx, onProgress) };
  }
  const mapping = mapHeader(table.header, HOUSEHOLD_COLUMNS);
  const missing = missingColumns(mapping, ['projectCode', 'building', 'unit', 'room'], HOUSEHOLD_COLUMNS);
  if (missing.length > 0) return { ok: false, missingColumns: missing, errors: [] };
  const { rows, errors } = validateHouseholdRows(toRawRows(table, mapping), refs);
  if (errors.length > 0) return { ok: false, missingColumns: [], errors };
  return { ok: true, rows: rows.length, summary: await applyHouseholdImport(db, rows, ctx, onProgress) };
}
