import { CompiledQuery } from 'kysely';
import type { Executor } from '../unit-of-work.ts';

/**
 * The bulk paths' PostgreSQL half. On SQLite a bulk write is a loop over
 * cached prepared statements, synchronous, one row a call: the library call
 * is cheaper than anything batching could save. On PostgreSQL every
 * statement is a network round trip, so the same rows go in batches: a
 * multi-row INSERT … VALUES, or one UPDATE/DELETE over `unnest` of arrays
 * (one array a column). Each function here runs on a Kysely executor (a
 * transaction, or the transaction of the caller's unit of work), so the
 * writes commit or roll back with it; the row-building logic stays in the
 * operation's own module, shared by both dialects.
 */

/** Rows per multi-row INSERT: a few hundred keeps statements small and round trips few. */
export const BATCH_ROWS = 500;
/** PostgreSQL's wire protocol numbers parameters with 16 bits. */
const MAX_PARAMETERS = 65_535;

export type PgResult<R> = { rows: R[]; changes: number };

/** One statement with `$1, $2, …` parameters, on the executor's connection. */
export async function pgRun<R = Record<string, unknown>>(
  tx: Executor,
  text: string,
  params: readonly unknown[] = [],
): Promise<PgResult<R>> {
  const result = await tx.executeQuery<R>(CompiledQuery.raw(text, [...params]));
  return { rows: result.rows, changes: Number(result.numAffectedRows ?? 0) };
}

/**
 * Inserts `rows` (values in `columns` order) as multi-row INSERTs of up to
 * BATCH_ROWS rows each. `suffix` follows the VALUES (an `on conflict …`, a
 * `returning …`); the returned rows of every batch come back in order of
 * the batches, and `changes` counts the rows written (not those skipped by
 * `on conflict do nothing`).
 */
export async function pgInsertRows<R = Record<string, unknown>>(
  tx: Executor,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
  suffix = '',
): Promise<PgResult<R>> {
  const out: PgResult<R> = { rows: [], changes: 0 };
  const perBatch = Math.max(1, Math.min(BATCH_ROWS, Math.floor(MAX_PARAMETERS / columns.length)));
  const head = `insert into ${table} (${columns.join(', ')}) values `;
  for (let start = 0; start < rows.length; start += perBatch) {
    const batch = rows.slice(start, start + perBatch);
    const params: unknown[] = [];
    const tuples = batch.map((row) => {
      const marks = row.map((value) => {
        params.push(value);
        return `$${params.length}`;
      });
      return `(${marks.join(', ')})`;
    });
    const result = await pgRun<R>(tx, `${head}${tuples.join(', ')} ${suffix}`, params);
    out.rows.push(...result.rows);
    out.changes += result.changes;
  }
  return out;
}

/** Splits `items` into chunks of at most `size`, for statements over arrays that should not grow without bound. */
export function chunks<T>(items: readonly T[], size = 5_000): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}

/**
 * Moves each table's identity sequence past its largest id. Rows inserted
 * with explicit ids (the demo seed gives them) do not advance the sequence,
 * so the next insert without an id would be handed an id already taken.
 */
export async function pgResetIdentities(tx: Executor, tables: readonly string[]): Promise<void> {
  for (const table of tables)
    await pgRun(
      tx,
      `select setval(pg_get_serial_sequence('${table}', 'id'), coalesce(max(id), 0) + 1, false) from ${table}`,
    );
}

/**
 * Takes `count` fresh ids from a table's identity sequence, for rows that are
 * built before they are written (children need their parent's id) and then
 * inserted in batches with those ids.
 */
export async function pgReserveIds(tx: Executor, table: string, count: number): Promise<number[]> {
  if (count === 0) return [];
  const { rows } = await pgRun<{ id: number }>(
    tx,
    `select nextval(pg_get_serial_sequence('${table}', 'id')) as id from generate_series(1, $1::int) order by 1`,
    [count],
  );
  return rows.map((r) => Number(r.id));
}
