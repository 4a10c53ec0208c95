import {
  CompiledQuery,
  PostgresAdapter,
  sql,
  type Expression,
  type Kysely,
  type RawBuilder,
  type SqlBool,
} from 'kysely';
import { z } from 'zod';
import type { Dialect } from '../open.ts';
import { fileSystemFault, type StorageFault } from './fault.ts';
import { postgresFault, postgresViolation, RETRYABLE_CODES } from './postgres.ts';
import { sqliteFault, sqliteViolation } from './sqlite.ts';
import type { ConstraintViolation } from './violation.ts';

/**
 * The dialect-neutral face of the two dialect modules: the SQL fragments
 * that have no portable spelling, chosen by the Kysely instance (or
 * transaction) they run on, and what a driver's error means.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyKysely = Kysely<any>;

export function dialectOf(k: AnyKysely): Dialect {
  return k.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/**
 * Whether a row and the row it references are read faster by two lookups on
 * their keys than by one join. On SQLite, in process with no round trip, the
 * session and its employee took 38–71 µs as one join and 15 µs as two reads
 * by primary key (every signed-in request reads them first); on PostgreSQL
 * the join saves a round trip to the server.
 */
export function lookupsBeatJoins(k: AnyKysely): boolean {
  return dialectOf(k) === 'sqlite';
}

/** True where the JSON array in `column` (a text column) holds `value`. */
export function jsonArrayHas(k: AnyKysely, column: Expression<string | null>, value: number): RawBuilder<SqlBool> {
  return dialectOf(k) === 'postgres'
    ? sql<SqlBool>`(${column})::jsonb @> ${JSON.stringify([value])}::jsonb`
    : sql<SqlBool>`exists (select 1 from json_each(${column}) where value = ${value})`;
}

/**
 * True where `id` is the row of the defects' word index whose words include
 * every one of `words` (each matched whole): FTS5 phrases on SQLite, the
 * tsvector on PostgreSQL.
 */
export function wordsMatch(k: AnyKysely, id: Expression<number>, words: readonly string[]): RawBuilder<SqlBool> {
  if (dialectOf(k) === 'postgres') {
    const query = sql.join(
      words.map((w) => sql`phraseto_tsquery('simple', ${w})`),
      sql` && `,
    );
    return sql<SqlBool>`${id} in (select rowid from defects_fts where tsv @@ (${query}))`;
  }
  const phrases = words.map((w) => `"${w.replaceAll('"', '""')}"`).join(' ');
  return sql<SqlBool>`${id} in (select rowid from defects_fts where defects_fts match ${phrases})`;
}

const sqlitePlanRow = z.object({ detail: z.string() });
const postgresPlanRow = z.object({ 'QUERY PLAN': z.string() });

/** The database's query plan of a compiled query, one line per step (for benchmarks' reports). */
export async function explainQueryPlan(k: AnyKysely, query: CompiledQuery): Promise<string[]> {
  const pg = dialectOf(k) === 'postgres';
  const { rows } = await k.executeQuery(
    CompiledQuery.raw(`${pg ? 'explain' : 'explain query plan'} ${query.sql}`, [...query.parameters]),
  );
  return rows.map((r) => (pg ? postgresPlanRow.parse(r)['QUERY PLAN'] : sqlitePlanRow.parse(r).detail));
}

/** What a driver's error says about a refused write, or undefined when it is no constraint's refusal. */
export function violationOf(error: unknown): ConstraintViolation | undefined {
  return sqliteViolation(error) ?? postgresViolation(error);
}

/** True for a failure that a fresh attempt of the whole transaction may not meet (serialization, deadlock). */
export function isRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && RETRYABLE_CODES.has(code);
}

/**
 * What a failure says about the storage under the database (either driver's
 * error, or the file system's), or undefined when it says nothing about it:
 * the one place that knows which driver codes mean a full disk, a read-only
 * database or one that cannot be used now.
 */
export function storageFaultOf(error: unknown): StorageFault | undefined {
  return sqliteFault(error) ?? postgresFault(error) ?? fileSystemFault(error);
}

/** True when a write failed because the disk (or the database's allowance of it) is full. */
export const isStorageFull = (error: unknown): boolean => storageFaultOf(error) === 'full';

/** The case-insensitive LIKE (SQLite's `like` ignores ASCII case; PostgreSQL's does not, `ilike` does). */
export function caseInsensitiveLike(k: AnyKysely): 'like' | 'ilike' {
  return dialectOf(k) === 'postgres' ? 'ilike' : 'like';
}
