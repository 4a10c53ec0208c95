import type BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, sql, type Expression, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import { z } from 'zod';
import type { Database } from '../schema.ts';

/**
 * What is SQLite's own: the connection's pragmas and the few SQL fragments
 * that have no portable spelling. Everything else in the data layer is plain
 * Kysely, so another dialect replaces this module and the bulk paths only.
 */

/**
 * An app server's settings: WAL for concurrent readers, synchronous=FULL so an
 * acknowledged write survives power loss, foreign keys enforced, and a busy
 * timeout instead of immediate errors.
 */
export function applyPragmas(sqlite: BetterSqlite3.Database): void {
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
}

/** True where the JSON array in `column` (a text column) holds `value`. */
export function jsonArrayHas(column: Expression<string | null>, value: number): RawBuilder<SqlBool> {
  return sql<SqlBool>`exists (select 1 from json_each(${column}) where value = ${value})`;
}

/** True where `id` is the rowid of a row of the FTS5 table whose words match `query` (FTS5's query syntax). */
export function ftsMatches(id: Expression<number>, ftsTable: 'defects_fts', query: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`${id} in (select rowid from ${sql.table(ftsTable)} where ${sql.table(ftsTable)} match ${query})`;
}

const planRow = z.object({ detail: z.string() });

/** SQLite's query plan of a compiled query, one line per step (for benchmarks' reports). */
export async function explainQueryPlan(k: Kysely<Database>, query: CompiledQuery): Promise<string[]> {
  const { rows } = await k.executeQuery(CompiledQuery.raw(`explain query plan ${query.sql}`, [...query.parameters]));
  return rows.map((r) => planRow.parse(r).detail);
}
