import {
  EMPLOYEE_COLUMNS,
  HOUSEHOLD_COLUMNS,
  EXAMPLE_HOUSEHOLD,
  IMPORT_GUIDE,
  columnHeader,
  importAllowedValues,
  importMoves,
  requiredColumns,
  templateExample,
  type AllowedValue,
  type ImportKind,
  type Locale,
  leftOnAfterImport,
  mapHeader,
  missingColumns,
  validateEmployeeRows,
  validateHouseholdRows,
  type Actor,
  type EmployeeImport,
  type HouseholdImport,
  type ImportRefs,
  shanghaiDate,
  type RawRow,
  type RowError,
} from '@frontline/core';
import {
  employeesByNumber,
  findHouseholdAt,
  roomsTaken,
  IMPORTED_EMPLOYEE_FIELDS,
  insertImportedEmployee,
  insertImportedHousehold,
  loadImportRefs,
  replaceHouseholdOwners,
  setManagerByNumber,
  updateHouseholdStage,
  updateImportedEmployee,
  deleteEmployeeSessions,
  writeAudit,
  type AuditContext,
  type Db,
  inTransaction,
} from '@frontline/db';
import { toRawRows, type Table } from '../../import/read-table.ts';

/**
 * Imports of employees and households from a spreadsheet: every row checked
 * against what the importer may refer to and change (core's rules), then,
 * only when all pass, applied in one transaction with upserts on natural
 * keys and an audit row per person changed and per file.
 */
export type { ImportKind };

export type ImportSummary = { created: number; updated: number };

/** Called every few hundred rows while applying, for progress bars and lines. */
export type ImportProgress = (done: number, total: number) => void;
const PROGRESS_EVERY = 500;

export type ImportMoves = { regionIds: number[]; projectIds: number[]; leaverIds: number[] };

export const IMPORT_COLUMNS = { employees: EMPLOYEE_COLUMNS, households: HOUSEHOLD_COLUMNS } as const;

export type ImportOutcome =
  /** `moves`: for employees, whose regions and projects to re-plan, and the leavers (by id). */
  | { ok: true; rows: number; summary: ImportSummary; moves: ImportMoves | null }
  | { ok: false; missingColumns: string[]; errors: RowError[] };

/** What differs between kinds: the columns, which are required, how rows are checked and applied. */
type ImportSpec<T> = {
  columns: Record<string, readonly string[]>;
  required: string[];
  validate: (rows: RawRow[], refs: ImportRefs, importer: Actor) => { rows: T[]; errors: RowError[] };
  apply: (
    db: Db,
    rows: T[],
    ctx: AuditContext & { fileName: string },
    onProgress?: ImportProgress,
  ) => Promise<ImportSummary>;
  /** Who moved, worked out before the rows are applied. */
  moves?: (rows: T[], refs: ImportRefs) => ImportMoves;
};

const SPECS: { employees: ImportSpec<EmployeeImport>; households: ImportSpec<HouseholdImport> } = {
  employees: {
    columns: EMPLOYEE_COLUMNS,
    required: requiredColumns('employees'),
    validate: validateEmployeeRows,
    apply: applyEmployeeImport,
    moves: (rows, refs) => {
      const { regionIds, projectIds, leaverNos } = importMoves(rows, refs);
      return { regionIds, projectIds, leaverIds: leaverNos.map((no) => refs.employees.get(no)!.id) };
    },
  },
  households: {
    columns: HOUSEHOLD_COLUMNS,
    required: requiredColumns('households'),
    validate: validateHouseholdRows,
    apply: applyHouseholdImport,
  },
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

/**
 * Applies validated employee rows. Columns the file does not have keep what
 * is stored; a leaver's sessions end; managers are linked last, so a row may
 * name one who appears later in the file. Each person created or changed
 * gets an audit entry with what changed, so a promotion or a move is
 * traceable to the file and the importer; the file gets one more.
 */
export async function applyEmployeeImport(
  db: Db,
  rows: EmployeeImport[],
  ctx: AuditContext & { fileName: string },
  onProgress?: ImportProgress,
): Promise<ImportSummary> {
  return inTransaction(db, async (tx) => {
    const existing = await employeesByNumber(tx);
    const ids = new Map([...existing].map(([no, e]) => [no, e.id]));
    let created = 0;
    let updated = 0;
    for (const [index, row] of rows.entries()) {
      if (onProgress && index % PROGRESS_EVERY === 0) onProgress(index, rows.length);
      const old = existing.get(row.employeeNo);
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
        ids.set(row.employeeNo, await insertImportedEmployee(tx, row.employeeNo, given, ctx.at));
        created++;
      } else {
        const leftOn = leftOnAfterImport(
          { active: old.active === 1, leftOn: old.left_on },
          row.active,
          shanghaiDate(ctx.at),
        );
        await updateImportedEmployee(tx, old.id, { ...given, left_on: leftOn });
        if (row.active === false) await deleteEmployeeSessions(tx, old.id);
        updated++;
      }
    }
    for (const row of rows) {
      if (row.managerNo !== undefined)
        await setManagerByNumber(tx, row.employeeNo, row.managerNo ? ids.get(row.managerNo)! : null);
    }
    const now = await employeesByNumber(tx);
    for (const row of rows) {
      const old = existing.get(row.employeeNo);
      const after = now.get(row.employeeNo)!;
      const changed = IMPORTED_EMPLOYEE_FIELDS.filter((k) => !old || old[k] !== after[k]);
      if (changed.length === 0) continue;
      await writeAudit(tx, ctx, {
        action: old ? 'employee.import-update' : 'employee.import-create',
        entity: 'employee',
        entityId: ids.get(row.employeeNo)!,
        ...(old ? { before: Object.fromEntries(changed.map((k) => [k, old[k]])) } : {}),
        after: { file: ctx.fileName, ...Object.fromEntries(changed.map((k) => [k, after[k]])) },
      });
    }
    onProgress?.(rows.length, rows.length);
    await writeAudit(tx, ctx, {
      action: 'import.employees',
      entity: 'employee',
      after: { file: ctx.fileName, rows: rows.length, created, updated },
    });
    return { created, updated };
  });
}

/** Applies validated household rows: a household found at its address gets the row's stage and owners, others are created. */
export async function applyHouseholdImport(
  db: Db,
  rows: HouseholdImport[],
  ctx: AuditContext & { fileName: string },
  onProgress?: ImportProgress,
): Promise<ImportSummary> {
  const { projects } = await loadImportRefs(db);
  return inTransaction(db, async (tx) => {
    let created = 0;
    let updated = 0;
    for (const [index, row] of rows.entries()) {
      if (onProgress && index % PROGRESS_EVERY === 0) onProgress(index, rows.length);
      const projectId = projects.get(row.projectCode)!.id;
      let id = await findHouseholdAt(tx, projectId, row);
      if (id !== undefined) {
        await updateHouseholdStage(tx, id, row.stage, ctx.at);
        updated++;
      } else {
        id = await insertImportedHousehold(tx, projectId, row, ctx.at);
        created++;
      }
      await replaceHouseholdOwners(
        tx,
        id,
        row.ownerNames.map((name, i) => ({ name, phone: row.ownerPhones[i] ?? null })),
      );
    }
    onProgress?.(rows.length, rows.length);
    await writeAudit(tx, ctx, {
      action: 'import.households',
      entity: 'household',
      after: { file: ctx.fileName, rows: rows.length, created, updated },
    });
    return { created, updated };
  });
}

/** How many allowed values the import page lists in place; a longer list is left to the template's sheet. */
export const LISTED_ON_PAGE = 20;

export type GuideColumn = {
  key: string;
  header: string;
  headerEn: string;
  required: boolean;
  description: string;
  /** null: free text, or people (`where: 'org'`); otherwise every allowed value, or none when there are more than LISTED_ON_PAGE. */
  allowed: { total: number; values: AllowedValue[] } | { where: 'org' } | null;
};

/** An import's columns for the import page, with the allowed values of the importer's scope. */
export async function importGuide(db: Db, kind: ImportKind, importer: Actor, locale: Locale): Promise<GuideColumn[]> {
  const allowed = importAllowedValues(kind, await loadImportRefs(db), importer);
  return IMPORT_GUIDE[kind].map((c) => {
    const values = c.refers && c.refers !== 'person' ? (allowed[c.refers] ?? []) : null;
    return {
      key: c.key,
      ...columnHeader(kind, c.key),
      required: c.required,
      description: locale === 'en' ? c.description.en : c.description.zh,
      allowed:
        c.refers === 'person'
          ? { where: 'org' as const }
          : values && { total: values.length, values: values.length <= LISTED_ON_PAGE ? values : [] },
    };
  });
}

/**
 * What a template holds for this importer: the columns, one example row
 * (a household at a room that is free, so importing the template unchanged
 * never touches a real household), and the allowed values of each column.
 */
export async function importTemplate(db: Db, kind: ImportKind, importer: Actor) {
  const refs = await loadImportRefs(db);
  const allowed = importAllowedValues(kind, refs, importer);
  const project = kind === 'households' ? refs.projects.get(allowed.project?.[0]?.code ?? '') : undefined;
  let room = 101;
  if (project) {
    const taken = await roomsTaken(db, project.id, EXAMPLE_HOUSEHOLD.building, EXAMPLE_HOUSEHOLD.unit);
    while (taken.has(String(room))) room++;
  }
  return { example: templateExample(kind, refs, importer, { room: String(room) }), allowed };
}
