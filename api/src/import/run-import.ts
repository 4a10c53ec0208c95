import {
  EMPLOYEE_COLUMNS,
  HOUSEHOLD_COLUMNS,
  importMoves,
  mapHeader,
  missingColumns,
  validateEmployeeRows,
  validateHouseholdRows,
  type Actor,
  type EmployeeImport,
  type HouseholdImport,
  type ImportRefs,
  type RawRow,
  type RowError,
} from '@frontline/core';
import { applyEmployeeImport, applyHouseholdImport, loadImportRefs, type AuditContext, type Db, type ImportProgress, type ImportSummary } from '@frontline/db';
import type { Table } from './read-table.ts';

export type ImportKind = 'employees' | 'households';

export type ImportMoves = { regionIds: number[]; projectIds: number[]; leaverIds: number[] };

export const IMPORT_COLUMNS = { employees: EMPLOYEE_COLUMNS, households: HOUSEHOLD_COLUMNS } as const;

export type ImportOutcome =
  /** `moves`: for employees, whose regions and projects to re-plan, and the leavers (by id). */
  | { ok: true; rows: number; summary: ImportSummary; moves: ImportMoves | null }
  | { ok: false; missingColumns: string[]; errors: RowError[] };

export function toRawRows(table: Table, mapping: Partial<Record<string, number>>): RawRow[] {
  return table.rows.map((cells) => {
    const row: RawRow = {};
    for (const [key, index] of Object.entries(mapping)) if (index !== undefined) row[key] = cells[index] ?? '';
    return row;
  });
}

/** What differs between kinds: the columns, which are required, how rows are checked and applied. */
type ImportSpec<T> = {
  columns: Record<string, readonly string[]>;
  required: string[];
  validate: (rows: RawRow[], refs: ImportRefs, importer: Actor) => { rows: T[]; errors: RowError[] };
  apply: (db: Db, rows: T[], ctx: AuditContext & { fileName: string }, onProgress?: ImportProgress) => Promise<ImportSummary>;
  /** Who moved, worked out before the rows are applied. */
  moves?: (rows: T[], refs: ImportRefs) => ImportMoves;
};

const SPECS: { employees: ImportSpec<EmployeeImport>; households: ImportSpec<HouseholdImport> } = {
  employees: {
    columns: EMPLOYEE_COLUMNS,
    required: ['employeeNo', 'name', 'position'],
    validate: validateEmployeeRows,
    apply: applyEmployeeImport,
    moves: (rows, refs) => {
      const { regionIds, projectIds, leaverNos } = importMoves(rows, refs);
      return { regionIds, projectIds, leaverIds: leaverNos.map((no) => refs.employees.get(no)!.id) };
    },
  },
  households: { columns: HOUSEHOLD_COLUMNS, required: ['projectCode', 'building', 'unit', 'room'], validate: validateHouseholdRows, apply: applyHouseholdImport },
};

/**
 * One import, as the API route and the command line both run it: map the
 * header, validate every row against what the importer may refer to and
 * change (core's rules, row by row), and only when all rows pass, apply them
 * in one transaction.
 */
export async function runImport(
  db: Db,
  kind: ImportKind,
  table: Table,
  importer: Actor,
  ctx: AuditContext & { fileName: string },
  onProgress?: ImportProgress,
): Promise<ImportOutcome> {
  const refs = await loadImportRefs(db);
  return kind === 'employees'
    ? runWith(SPECS.employees, db, table, refs, importer, ctx, onProgress)
    : runWith(SPECS.households, db, table, refs, importer, ctx, onProgress);
}

async function runWith<T>(
  spec: ImportSpec<T>,
  db: Db,
  table: Table,
  refs: ImportRefs,
  importer: Actor,
  ctx: AuditContext & { fileName: string },
  onProgress?: ImportProgress,
): Promise<ImportOutcome> {
  const mapping = mapHeader(table.header, spec.columns);
  const missing = missingColumns(mapping, spec.required, spec.columns);
  if (missing.length > 0) return { ok: false, missingColumns: missing, errors: [] };
  const { rows, errors } = spec.validate(toRawRows(table, mapping), refs, importer);
  if (errors.length > 0) return { ok: false, missingColumns: [], errors };
  const moves = spec.moves?.(rows, refs) ?? null;
  return { ok: true, rows: rows.length, summary: await spec.apply(db, rows, ctx, onProgress), moves };
}
