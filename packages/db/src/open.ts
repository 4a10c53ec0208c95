import type BetterSqlite3 from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import { Migrator, type MigrationProvider } from 'kysely/migration';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type pg from 'pg';
import type { StorageFault } from './dialect/fault.ts';
import { storageFaultOf } from './dialect/index.ts';
import { describeUrl, openPostgres } from './dialect/postgres.ts';
import { inSqliteTransaction, openSqlite, probeSqliteWrite } from './dialect/sqlite.ts';
import { installDefaultForms } from './repositories/forms.ts';
import { migrations } from './migrations/index.ts';
import type { Database } from './schema.ts';

/** Which database a `Db` is on: the embedded default, or a PostgreSQL server (FRONTLINE_DATABASE_URL). */
export type Dialect = 'sqlite' | 'postgres';

export type Db = {
  dialect: Dialect;
  /** Portable query builder for everything but bulk loads. */
  kysely: Kysely<Database>;
  /** SQLite's raw handle, for its bulk loads and pragmas only; reading it on PostgreSQL throws. */
  sqlite: BetterSqlite3.Database;
  /** PostgreSQL's pool, for its bulk loads only; undefined on SQLite. */
  pool: pg.Pool | undefined;
  /** The SQLite file, or the server's URL without its password. */
  path: string;
  close(): Promise<void>;
};

/** True when a location is a PostgreSQL URL rather than a SQLite file. */
export const isPostgresUrl = (location: string) => /^postgres(ql)?:\/\//.test(location);

/**
 * Opens the database at `location`: a PostgreSQL server when it is a
 * `postgres://` URL (FRONTLINE_DATABASE_URL), else a SQLite file, created if
 * needed, with the dialect's settings for an app server.
 */
export function openDatabase(location: string): Db {
  return isPostgresUrl(location) ? openPostgresDatabase(location) : openSqliteDatabase(location);
}

function openPostgresDatabase(url: string): Db {
  const { pool, kysely } = openPostgres(url);
  return {
    dialect: 'postgres',
    kysely,
    get sqlite(): never {
      throw new Error('the SQLite handle was asked for on a PostgreSQL database');
    },
    pool,
    path: describeUrl(url),
    close: () => kysely.destroy(),
  };
}

function openSqliteDatabase(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const { sqlite, kysely } = openSqlite(path);
  return {
    dialect: 'sqlite',
    kysely,
    sqlite,
    pool: undefined,
    path,
    close: async () => {
      await kysely.destroy();
      if (sqlite.open) sqlite.close();
    },
  };
}

/**
 * Synchronous bulk work in one transaction (see the dialect module). SQLite
 * only: the bulk paths (bulk/*.ts) branch on `db.dialect` before it and
 * batch their rows through a Kysely transaction on PostgreSQL (bulk/postgres.ts).
 */
export async function exclusive<T>(db: Db, work: () => T, mode: 'deferred' | 'immediate' = 'deferred'): Promise<T> {
  return inSqliteTransaction(db, work, mode);
}

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Applies every pending migration; throws (and changes nothing further) on failure. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db: db.kysely, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Opens and migrates: what the server and every DB test do. */
export async function openMigratedDatabase(path: string): Promise<Db> {
  const db = openDatabase(path);
  await migrateToLatest(db);
  await installDefaultForms(db, Date.now());
  return db;
}

/** A round trip to the database, for health checks. */
export async function ping(db: Db): Promise<void> {
  await sql`select 1`.execute(db.kysely);
}

/** What the health check found: the database takes writes, or what is wrong with its storage. */
export type DatabaseHealth = { database: 'ok' } | { database: StorageFault; reason: string };

/**
 * The health check's write: the probe row (one for the deployment, saying
 * which server wrote it last and when) rewritten and committed, so it goes
 * to the disk; on SQLite it first asks for room for a typical change (see
 * `probeSqliteWrite`). Throws the driver's error when the database cannot
 * take it (start-up reports that error).
 */
export async function writeProbe(db: Db, holder: string, at: number): Promise<void> {
  if (db.dialect === 'sqlite') await probeSqliteWrite(db, holder, at);
  else
    await db.kysely
      .insertInto('health_probe')
      .values({ id: 1, holder, probed_at: at })
      .onConflict((oc) => oc.column('id').doUpdateSet({ holder, probed_at: at }))
      .execute();
}

/**
 * The probe's outcome: ok, or the storage fault its failure is; a failure
 * that says nothing about storage still means the database cannot be used.
 */
export async function probeDatabase(db: Db, holder: string, at: number): Promise<DatabaseHealth> {
  try {
    await writeProbe(db, holder, at);
    return { database: 'ok' };
  } catch (e) {
    return { database: storageFaultOf(e) ?? 'unavailable', reason: reasonOf(e) };
  }
}

/** An error's code and message, for one log line. */
export function reasonOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  // A connection tried on every address of a host fails with all of them and no message of its own.
  const first = error instanceof AggregateError && !error.message ? error.errors[0] : error;
  const message = first instanceof Error ? first.message : String(first);
  return typeof code === 'string' && message && !message.startsWith(code)
    ? `${code}: ${message}`
    : message || String(code);
}
