import type BetterSqlite3 from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import { Migrator, type MigrationProvider } from 'kysely/migration';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { inSqliteTransaction, openSqlite } from './dialect/sqlite.ts';
import { installDefaultForms } from './repositories/forms.ts';
import { migrations } from './migrations/index.ts';
import type { Database } from './schema.ts';

/** Which database a `Db` is on: the embedded default, or a PostgreSQL server (FRONTLINE_DATABASE_URL). */
export type Dialect = 'sqlite' | 'postgres';

export type Db = {
  dialect: Dialect;
  /** Portable query builder for everything but bulk loads. */
  kysely: Kysely<Database>;
  /** The raw handle, for bulk loads and pragmas only. */
  sqlite: BetterSqlite3.Database;
  path: string;
  close(): Promise<void>;
};

/** Opens (creating if needed) a SQLite file with the dialect's settings for an app server. */
export function openDatabase(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const { sqlite, kysely } = openSqlite(path);
  return {
    dialect: 'sqlite',
    kysely,
    sqlite,
    path,
    close: async () => {
      await kysely.destroy();
      if (sqlite.open) sqlite.close();
    },
  };
}

/** Synchronous bulk work in one transaction (see the dialect module). */
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
