import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import {
  describeUrl,
  isPostgresUrl,
  openMigratedDatabase,
  reasonOf,
  storageFaultOf,
  writeProbe,
  type Db,
} from '@frontline/db';

/**
 * Start-up's database: opened, migrated, and made to take one write (the
 * health probe), so a database the server could only read is found now and
 * not by the first person's change. Throws what went wrong.
 */
export async function openForServing(location: string, holder: string): Promise<Db> {
  const db = await openMigratedDatabase(location);
  try {
    await writeProbe(db, holder, Date.now());
    return db;
  } catch (e) {
    await db.close().catch(() => {});
    throw e;
  }
}

/**
 * Opens the database for serving or ends the process with one line on
 * stderr that names the database and what is wrong with it (exit code 1, no
 * stack trace): the first thing an operator reads.
 */
export async function openOrExit(location: string, holder: string): Promise<Db> {
  try {
    return await openForServing(location, holder);
  } catch (e) {
    process.stderr.write(`Frontline cannot start: ${startFailure(location, e)}\n`);
    process.exit(1);
  }
}

const can = (path: string, mode: number) => {
  try {
    accessSync(path, mode);
    return true;
  } catch {
    return false;
  }
};

const isDirectory = (path: string) => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
};

/** The nearest existing ancestor of `path` (itself included), to say which folder is in the way. */
function nearestExisting(path: string): string {
  let p = resolve(path);
  while (!existsSync(p) && dirname(p) !== p) p = dirname(p);
  return p;
}

/**
 * What a failure to open `location` for serving means, in one line: which
 * database, and why, in words an operator can act on, with the driver's code
 * and message last. Reads the file system to tell a folder that is not
 * writable from a file that is not, and a file it may not read from one that
 * is not a database.
 */
export function startFailure(location: string, error: unknown): string {
  const reason = reasonOf(error);
  return isPostgresUrl(location)
    ? postgresFailure(describeUrl(location), error, reason)
    : sqliteFailure(location, error, reason);
}

function sqliteFailure(path: string, error: unknown, reason: string): string {
  const code = String((error as { code?: unknown } | null)?.code ?? '');
  const folder = dirname(resolve(path));
  const db = `the database ${path}`;
  // The folder could not be made: something on the way is a file.
  if (code === 'EEXIST' || code === 'ENOTDIR') {
    const blocking = nearestExisting(folder);
    return `${db} cannot be created: ${blocking} is a file, not a folder (${reason})`;
  }
  if (code === 'EACCES' || code === 'EPERM') return `${db} cannot be created: permission denied (${reason})`;
  if (isDirectory(path)) return `${db} is a folder, not a database file (${reason})`;
  const exists = existsSync(path);
  if (exists && !can(path, constants.R_OK)) return `${db} cannot be read (permission denied; ${reason})`;
  if (code === 'SQLITE_NOTADB') return `${db} is not a SQLite database (${reason})`;
  if (code.startsWith('SQLITE_CORRUPT')) return `${db} is damaged (${reason})`;
  const fault = storageFaultOf(error);
  if (!exists && !can(nearestExisting(folder), constants.W_OK))
    return `${db} cannot be created: its folder ${folder} is not writable (${reason})`;
  if (fault === 'read-only' || code === 'SQLITE_CANTOPEN') {
    if (!can(folder, constants.W_OK) || code === 'SQLITE_READONLY_DIRECTORY')
      return `${db} is read-only: its folder ${folder} is not writable, so SQLite cannot keep its write-ahead log there (${reason})`;
    if (fault === 'read-only') return `${db} is read-only (${reason})`;
  }
  if (fault === 'full') return `${db} cannot be written: the disk is full (${reason})`;
  return `${db} cannot be opened (${reason})`;
}

function postgresFailure(server: string, error: unknown, reason: string): string {
  const code = String((error as { code?: unknown } | null)?.code ?? '');
  const db = `the PostgreSQL database ${server}`;
  if (code.startsWith('28')) return `${db} refused the sign-in (${reason})`;
  if (code === '3D000') return `${db} does not exist (${reason})`;
  const fault = storageFaultOf(error);
  if (fault === 'read-only') return `${db} is read-only (${reason})`;
  if (fault === 'full') return `${db} cannot be written: the server's disk is full (${reason})`;
  if (fault === 'unavailable') return `${db} cannot be reached (${reason})`;
  return `${db} cannot be opened (${reason})`;
}
