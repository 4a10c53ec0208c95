/**
 * Where every benchmark (here and in api/bench) gets its databases, and where
 * it reports its headline figures.
 *
 * Without FRONTLINE_BENCH_DATABASE_URL a database is a fresh SQLite file in a
 * temporary folder of the run; with it (a PostgreSQL server URL, e.g. the
 * superuser URL .ci/postgres.sh exports) a database is a fresh database
 * created on that server, dropped when the run is disposed. A copy is a file
 * copy on SQLite and `create database … template …` on PostgreSQL (the source
 * must be closed first, as PostgreSQL copies only databases nobody is on).
 *
 * With FRONTLINE_BENCH_RESULTS set, `recordFigure` appends one JSON line per
 * headline figure to that file; scripts/bench.sh prints them side by side.
 */
import { randomBytes } from 'node:crypto';
import { appendFileSync, copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { databaseUrl } from '../src/dialect/postgres.ts';
import type { Dialect } from '../src/open.ts';

/** True when the runner asked for the quick sizes (`pnpm bench -- --quick`): each bench maps it to its own --demo or --small. */
export const quick = process.argv.includes('--quick');

export type BenchDatabases = {
  dialect: Dialect;
  /** A location (file or URL) for a new, empty database, for openMigratedDatabase. */
  fresh(name: string): Promise<string>;
  /** A location holding a copy of the database at `location`, which must be closed (on SQLite: checkpointed). */
  copy(location: string, name: string): Promise<string>;
  /** Drops every database (or deletes every file) this run made. */
  dispose(): Promise<void>;
};

/** The run's databases, on the dialect the environment names. */
export function benchDatabases(label: string): BenchDatabases {
  const server = process.env.FRONTLINE_BENCH_DATABASE_URL;
  return server ? postgresDatabases(server, label) : sqliteDatabases(label);
}

function sqliteDatabases(label: string): BenchDatabases {
  const dir = mkdtempSync(join(tmpdir(), `frontline-${label}-bench-`));
  return {
    dialect: 'sqlite',
    fresh: async (name) => join(dir, `${name}.db`),
    copy: async (location, name) => {
      const target = join(dir, `${name}.db`);
      copyFileSync(location, target);
      return target;
    },
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

function postgresDatabases(server: string, label: string): BenchDatabases {
  const admin = new pg.Pool({ connectionString: server, max: 1 });
  const run = `bench_${label.replace(/[^a-z0-9]+/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  const made: string[] = [];
  const nameOf = (name: string) => `${run}_${name.replace(/[^a-z0-9]+/gi, '_').toLowerCase()}`;
  return {
    dialect: 'postgres',
    fresh: async (name) => {
      const database = nameOf(name);
      await admin.query(`create database ${database}`);
      made.push(database);
      return databaseUrl(server, database);
    },
    copy: async (location, name) => {
      const source = new URL(location).pathname.slice(1);
      const database = nameOf(name);
      await admin.query(`create database ${database} template ${source}`);
      made.push(database);
      return databaseUrl(server, database);
    },
    dispose: async () => {
      for (const database of made) await admin.query(`drop database if exists ${database} with (force)`);
      await admin.end();
    },
  };
}

/** One headline figure: the bench's value and its baseline's, in one unit, and their ratio as the bench states it. */
export type BenchFigure = {
  bench: string;
  dialect: Dialect;
  size: string;
  figure: string;
  value: number;
  baseline: number | null;
  ratio: number | null;
  unit: string;
};

/** Appends the figure to FRONTLINE_BENCH_RESULTS (one JSON line) when that is set. */
export function recordFigure(figure: BenchFigure): void {
  const file = process.env.FRONTLINE_BENCH_RESULTS;
  if (file) appendFileSync(file, `${JSON.stringify(figure)}\n`);
}

/** PostgreSQL's wire protocol numbers parameters with 16 bits. */
const MAX_PARAMETERS = 65_535;

/**
 * The raw PostgreSQL baseline's write: `rows` (values in `columns` order) as
 * multi-row INSERTs of up to 1,000 rows (fewer when the parameters would run
 * out) on one client, the caller's transaction around them.
 */
export async function rawPgInsert(
  client: pg.PoolClient | pg.Client,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
): Promise<void> {
  const perStatement = Math.max(1, Math.min(1_000, Math.floor(MAX_PARAMETERS / columns.length)));
  const head = `insert into ${table} (${columns.join(', ')}) values `;
  for (let start = 0; start < rows.length; start += perStatement) {
    const batch = rows.slice(start, start + perStatement);
    const params: unknown[] = [];
    const tuples = batch.map((row) => `(${row.map((value) => `$${params.push(value)}`).join(', ')})`);
    await client.query(`${head}${tuples.join(', ')}`, params);
  }
}

/** Runs `work` in one transaction on one client of `pool` (a Db's pool on PostgreSQL). */
export async function rawPgTransaction<T>(
  pool: pg.Pool | undefined,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  if (!pool) throw new Error('a raw pg transaction was asked for on SQLite');
  const client = await pool.connect();
  try {
    await client.query('begin');
    const value = await work(client);
    await client.query('commit');
    return value;
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
