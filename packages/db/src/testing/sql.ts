import { CompiledQuery } from 'kysely';
import type { Db } from '../open.ts';

/**
 * Plain SQL for tests' own setup and assertions, on either dialect: the text
 * uses `?` placeholders (turned into `$1, $2, …` on PostgreSQL) and runs on
 * the database's Kysely connection, so it works inside the same process as
 * the app under test. Write portable SQL here (`string_agg`, `coalesce`,
 * `insert … returning id`); what only one dialect has belongs in a test that
 * says so.
 */
export type TestSql = {
  /** Every row. */
  all<T = Record<string, unknown>>(text: string, ...params: unknown[]): Promise<T[]>;
  /** The first row, or undefined. */
  get<T = Record<string, unknown>>(text: string, ...params: unknown[]): Promise<T | undefined>;
  /** The first column of the first row (undefined when there is no row). */
  value<T = unknown>(text: string, ...params: unknown[]): Promise<T>;
  /** The first column of every row. */
  values<T = unknown>(text: string, ...params: unknown[]): Promise<T[]>;
  /** Runs a statement; resolves to the number of rows it changed. */
  run(text: string, ...params: unknown[]): Promise<number>;
};

/** Numbers `?` placeholders outside quoted strings and identifiers as `$1, $2, …`. */
export function numberedPlaceholders(text: string): string {
  let out = '';
  let n = 0;
  let quote: string | undefined;
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = undefined;
      out += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      out += ch;
    } else if (ch === '?') {
      out += `$${++n}`;
    } else out += ch;
  }
  return out;
}

export function testSql(db: Pick<Db, 'kysely' | 'dialect'>): TestSql {
  const compile = (text: string, params: unknown[]) =>
    CompiledQuery.raw(db.dialect === 'postgres' ? numberedPlaceholders(text) : text, params);
  const all = async <T>(text: string, ...params: unknown[]) =>
    (await db.kysely.executeQuery(compile(text, params))).rows as T[];
  const firstColumn = (row: object | undefined) => (row ? Object.values(row)[0] : undefined);
  return {
    all,
    get: async <T>(text: string, ...params: unknown[]) => (await all<T>(text, ...params))[0],
    value: async <T>(text: string, ...params: unknown[]) => firstColumn((await all<object>(text, ...params))[0]) as T,
    values: async <T>(text: string, ...params: unknown[]) =>
      (await all<object>(text, ...params)).map((r) => firstColumn(r) as T),
    run: async (text: string, ...params: unknown[]) =>
      Number((await db.kysely.executeQuery(compile(text, params))).numAffectedRows ?? 0),
  };
}
