import BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, Kysely, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver } from 'kysely';
import type { StorageFault } from './fault.ts';
import type { ConstraintViolation } from './violation.ts';
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

/** How many distinct statements a connection keeps prepared (a query's SQL varies with its list lengths). */
export const STATEMENT_CACHE_SIZE = 1_000;

/**
 * The connection as Kysely's SQLite driver sees it, keeping each statement
 * prepared for the next query with the same SQL: the driver prepares one per
 * query, and compiling SQL costs more than running most of the app's
 * queries. Least recently used statements are dropped past `size`. Safe
 * because Kysely runs one query at a time on the connection, a stream holding
 * it until done; SQLite re-prepares a statement itself after a schema change.
 */
export function cachingStatements(sqlite: BetterSqlite3.Database, size = STATEMENT_CACHE_SIZE) {
  const prepared = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string): BetterSqlite3.Statement {
      let statement = prepared.get(text);
      if (statement) prepared.delete(text);
      else {
        statement = sqlite.prepare(text);
        if (prepared.size >= size) prepared.delete(prepared.keys().next().value!);
      }
      prepared.set(text, statement);
      return statement;
    },
  };
}

/**
 * Kysely's driver, with two changes.
 *
 * Transactions begin IMMEDIATE, taking the write lock at the start. Kysely
 * begins them deferred: one that reads and then writes while another server
 * process on the same file has written since its read cannot be upgraded,
 * and SQLite answers SQLITE_BUSY at once, without waiting out the busy
 * timeout (in a trial, two servers on one file refused about half of their
 * visits so). Begun immediate, a second writer waits its turn instead. In one
 * process nothing changes: its transactions already run one at a time.
 *
 * A rollback after SQLite has already rolled the transaction back itself is
 * skipped. SQLite ends the whole transaction on some errors (SQLITE_FULL,
 * SQLITE_IOERR, SQLITE_NOMEM, SQLITE_BUSY), and the rollback Kysely then
 * sends would fail with "cannot rollback - no transaction is active", hiding
 * the error that says what happened.
 */
class FrontlineSqliteDriver extends SqliteDriver {
  readonly #sqlite: BetterSqlite3.Database;
  constructor(sqlite: BetterSqlite3.Database) {
    super({ database: cachingStatements(sqlite) });
    this.#sqlite = sqlite;
  }
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    if (this.#sqlite.inTransaction) await super.rollbackTransaction(connection);
  }
}

class FrontlineSqliteDialect extends SqliteDialect {
  readonly #sqlite: BetterSqlite3.Database;
  constructor(sqlite: BetterSqlite3.Database) {
    super({ database: sqlite });
    this.#sqlite = sqlite;
  }
  override createDriver(): Driver {
    return new FrontlineSqliteDriver(this.#sqlite);
  }
}

/** The driver and Kysely over it, with the pragmas applied. */
export function openSqlite(path: string): { sqlite: BetterSqlite3.Database; kysely: Kysely<Database> } {
  const sqlite = new BetterSqlite3(path);
  try {
    applyPragmas(sqlite);
  } catch (e) {
    // A file that is not a database, or one that cannot be written, fails here: leave no handle open.
    sqlite.close();
    throw e;
  }
  return { sqlite, kysely: new Kysely<Database>({ dialect: new FrontlineSqliteDialect(sqlite) }) };
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

/** What the probe asks SQLite for, and gives back: room for a typical change (16 pages of 4 KB). */
export const PROBE_HEADROOM_BYTES = 64 * 1024;

const GIVE_BACK = Symbol("give the probe's room back");

/**
 * The health check's write on SQLite, holding the write lock: first it asks
 * for room for a typical change (new pages, given back at once, so nothing
 * stays), as a change would; then it rewrites the probe row and commits,
 * which with synchronous=FULL reaches the disk. A file that may not grow
 * (its page limit, SQLITE_FULL), one that may not be written
 * (SQLITE_READONLY) or a failing disk (SQLITE_IOERR) fails here, although
 * rewriting one small row in place alone could still succeed on a full file.
 */
export async function probeSqliteWrite(
  db: { kysely: Kysely<Database>; sqlite: BetterSqlite3.Database },
  holder: string,
  at: number,
): Promise<void> {
  await inSqliteTransaction(
    db,
    () => {
      const room = db.sqlite.prepare('insert into health_probe (id, holder, probed_at) values (0, zeroblob(?), ?)');
      try {
        db.sqlite.transaction(() => {
          room.run(PROBE_HEADROOM_BYTES, at);
          throw GIVE_BACK;
        })();
      } catch (e) {
        if (e !== GIVE_BACK) throw e;
      }
      db.sqlite
        .prepare(
          `insert into health_probe (id, holder, probed_at) values (1, ?, ?)
           on conflict (id) do update set holder = excluded.holder, probed_at = excluded.probed_at`,
        )
        .run(holder, at);
    },
    'immediate',
  );
}

const SQLITE_KINDS: Record<string, ConstraintViolation['kind']> = {
  SQLITE_CONSTRAINT_UNIQUE: 'unique',
  SQLITE_CONSTRAINT_PRIMARYKEY: 'unique',
  SQLITE_CONSTRAINT_FOREIGNKEY: 'foreign_key',
  SQLITE_CONSTRAINT_CHECK: 'check',
  SQLITE_CONSTRAINT_NOTNULL: 'not_null',
  SQLITE_CONSTRAINT_TRIGGER: 'refused',
};

/**
 * What a better-sqlite3 constraint error says: "UNIQUE constraint failed:
 * visits.client_id" names table and columns, "… failed: index 'name'" an
 * expression index, a trigger's RAISE its message.
 */
export function sqliteViolation(error: unknown): ConstraintViolation | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  const kind = typeof code === 'string' ? SQLITE_KINDS[code] : undefined;
  if (!kind) return undefined;
  const message = String((error as Error).message);
  const named = /failed: index '([^']+)'/.exec(message)?.[1];
  const columns = named ? [] : [...message.matchAll(/(\w+)\.(\w+)/g)];
  return {
    kind,
    table: columns[0]?.[1],
    columns: columns.map((m) => m[2]!),
    constraint: named,
    message,
  };
}

/**
 * What a better-sqlite3 error says about the storage: SQLITE_FULL (the disk,
 * or the file's page limit), SQLITE_READONLY* (a write-protected file or
 * folder, a database moved away), or the ones after which the database cannot
 * be used now: I/O errors, a file that cannot be opened or is damaged, memory,
 * and a lock held past the busy timeout.
 */
export function sqliteFault(error: unknown): StorageFault | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return undefined;
  if (code === 'SQLITE_FULL') return 'full';
  if (code.startsWith('SQLITE_READONLY')) return 'read-only';
  if (/^SQLITE_(IOERR|CANTOPEN|CORRUPT|NOTADB|NOMEM|BUSY|LOCKED)/.test(code)) return 'unavailable';
  return undefined;
}
