import BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, Kysely, SqliteDialect, sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import { z } from 'zod';
import type { AppError } from '@frontline/core';
import type { ConstraintMap } from '../refusal.ts';
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

/** The driver and Kysely over it, with the pragmas applied. */
export function openSqlite(path: string): { sqlite: BetterSqlite3.Database; kysely: Kysely<Database> } {
  const sqlite = new BetterSqlite3(path);
  applyPragmas(sqlite);
  return { sqlite, kysely: new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) }) };
}

/**
 * Runs synchronous better-sqlite3 work in one transaction while holding
 * Kysely's connection lock, so a bulk write never interleaves with a Kysely
 * transaction awaiting on the same connection. `immediate` takes the write
 * lock at the start (BEGIN IMMEDIATE), for work that decides on what it has
 * just read: another process then waits instead of writing in between.
 */
export async function inSqliteTransaction<T>(
  db: { kysely: Kysely<Database>; sqlite: BetterSqlite3.Database },
  work: () => T,
  mode: 'deferred' | 'immediate' = 'deferred',
): Promise<T> {
  return db.kysely
    .connection()
    .execute(async () =>
      mode === 'immediate' ? db.sqlite.transaction(work).immediate() : db.sqlite.transaction(work)(),
    );
}

/**
 * A Kysely transaction that holds the write lock from its first statement
 * (BEGIN IMMEDIATE), for work that decides on what it has just read: another
 * process waits (busy timeout) instead of writing in between, and the
 * decision cannot be overtaken. Kysely's own transactions begin deferred.
 */
export async function transactionHoldingWriteLock<T>(
  kysely: Kysely<Database>,
  work: (tx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  return kysely.connection().execute(async (connection) => {
    await sql`begin immediate`.execute(connection);
    try {
      const result = await work(connection);
      await sql`commit`.execute(connection);
      return result;
    } catch (e) {
      await sql`rollback`.execute(connection);
      throw e;
    }
  });
}

/**
 * What SQLite's refusal of a booking means (migration 003): the partial
 * unique index that holds a household to one live booking a date. The one
 * place this error becomes the rule it enforces; give it to the unit of work
 * that books. (A full slot is no constraint error: the booking's conditional
 * update of the slot's count finds no place and refuses it, migration 012.)
 */
export const bookingConstraints: ConstraintMap = (code, message): AppError | undefined => {
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' && message.includes('reception_bookings')) {
    return { code: 'HOUSEHOLD_BOOKED_THAT_DAY', fields: { householdId: 'HOUSEHOLD_BOOKED_THAT_DAY' } };
  }
  return undefined;
};

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
