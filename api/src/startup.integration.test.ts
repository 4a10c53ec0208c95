import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openMigratedDatabase } from '@frontline/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openForServing, startFailure } from './startup.ts';

/**
 * Start-up on a database it cannot serve from: real files in a temporary
 * folder, made unreadable, read-only or something other than a database.
 * Tests run as root, whom file permissions do not stop: the permission cases
 * run the server as `nobody` (setpriv), and a read-only file is made
 * immutable (chattr +i), which stops root too.
 */
let dir: string;
let good: string;
const immutable: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'frontline-startup-'));
  // Reachable by `nobody` for the cases it runs; each case has its own folder below.
  chmodSync(dir, 0o755);
  good = join(dir, 'good.db');
  await (await openMigratedDatabase(good)).close();
});
afterAll(() => {
  for (const file of immutable) spawnSync('chattr', ['-i', file]);
  rmSync(dir, { recursive: true, force: true });
});

/** A folder of its own under the test's, with `mode`. */
function folder(name: string, mode = 0o755): string {
  const path = join(dir, name);
  mkdirSync(path);
  chmodSync(path, mode);
  return path;
}

/** A copy of the migrated database at `path`, with `mode`. */
function copyOfGood(path: string, mode = 0o644): string {
  copyFileSync(good, path);
  chmodSync(path, mode);
  return path;
}

/** An immutable copy, or undefined where chattr does not work (not root, or a file system without it). */
function immutableCopy(path: string): string | undefined {
  copyOfGood(path);
  if (spawnSync('chattr', ['+i', path]).status !== 0) return undefined;
  immutable.push(path);
  return path;
}

const failureOf = (location: string) =>
  openForServing(location, 'test').then(
    async (db) => {
      await db.close();
      return 'opened';
    },
    (e: unknown) => startFailure(location, e),
  );

const asRoot = process.getuid?.() === 0;
const canDropRoot = asRoot && existsSync('/usr/bin/setpriv');

describe('what start-up says about a database it cannot serve from', () => {
  it('opens a good one', async () => {
    expect(await failureOf(good)).toBe('opened');
  });

  it('a file that is not a database', async () => {
    const path = join(folder('text'), 'notes.db');
    writeFileSync(path, 'these are my notes, not a database\n');
    expect(await failureOf(path)).toBe(
      `the database ${path} is not a SQLite database (SQLITE_NOTADB: file is not a database)`,
    );
  });

  it('a folder where the file should be', async () => {
    const path = folder('a-folder.db');
    expect(await failureOf(path)).toMatch(
      new RegExp(`^the database ${path} is a folder, not a database file \\(SQLITE_CANTOPEN: `),
    );
  });

  it('a path whose folder is a file', async () => {
    const file = join(folder('parent'), 'data');
    writeFileSync(file, 'x');
    const path = join(file, 'frontline.db');
    expect(await failureOf(path)).toMatch(
      new RegExp(`^the database ${path} cannot be created: ${file} is a file, not a folder \\((EEXIST|ENOTDIR): `),
    );
  });

  it('a file that may not be written (immutable): found by the write probe, though it opens', async (ctx) => {
    const path = immutableCopy(join(folder('immutable'), 'frontline.db'));
    if (!path) return ctx.skip();
    expect(await failureOf(path)).toBe(
      `the database ${path} is read-only (SQLITE_READONLY: attempt to write a readonly database)`,
    );
  });

  it('a PostgreSQL server that cannot be reached, without its password', () => {
    const url = 'postgres://frontline:s3cret@127.0.0.1:1/frontline';
    const line = startFailure(
      url,
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
    );
    expect(line).toBe(
      'the PostgreSQL database postgres://frontline:***@127.0.0.1:1/frontline cannot be reached (ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:1)',
    );
  });
});

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

/** Starts the server on `location` (as `nobody` when told) and returns how it ended. */
function start(location: { path: string } | { url: string }, o: { asNobody?: boolean } = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env, FRONTLINE_SEED_DEMO: 'false', PORT: '1', HOST: '127.0.0.1' };
  delete env.FRONTLINE_DATABASE_URL;
  delete env.FRONTLINE_DB_PATH;
  if ('path' in location) env.FRONTLINE_DB_PATH = location.path;
  else env.FRONTLINE_DATABASE_URL = location.url;
  const [command, args] = o.asNobody
    ? ['setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, MAIN]]
    : [process.execPath, [MAIN]];
  const run = spawnSync(command, args, { env, encoding: 'utf8', timeout: 30_000 });
  return { code: run.status, stderr: run.stderr, stdout: run.stdout };
}

/** Exit code 1 and exactly one line on stderr, no stack trace. */
function expectOneLine(run: ReturnType<typeof start>, line: RegExp) {
  expect(run.code).toBe(1);
  expect(run.stderr.endsWith('\n')).toBe(true);
  expect(run.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(line)]);
  expect(run.stderr).toMatch(/^Frontline cannot start: /);
}

describe('the server started on a database it cannot serve from', () => {
  it('exits 1 with one line when the file is not a database', () => {
    const path = join(folder('start-text'), 'frontline.db');
    writeFileSync(path, 'not a database');
    expectOneLine(start({ path }), new RegExp(`the database ${path} is not a SQLite database \\(SQLITE_NOTADB`));
  });

  it('exits 1 with one line when the file is immutable', (ctx) => {
    const path = immutableCopy(join(folder('start-immutable'), 'frontline.db'));
    if (!path) return ctx.skip();
    expectOneLine(start({ path }), new RegExp(`the database ${path} is read-only \\(SQLITE_READONLY:`));
  });

  it('exits 1 with one line, without the password, when the PostgreSQL server cannot be reached', () => {
    const run = start({ url: 'postgres://frontline:s3cret@127.0.0.1:1/frontline' });
    expectOneLine(
      run,
      /the PostgreSQL database postgres:\/\/frontline:\*\*\*@127\.0\.0\.1:1\/frontline cannot be reached/,
    );
    expect(run.stderr).not.toContain('s3cret');
  });

  describe.skipIf(!canDropRoot)('run as nobody', () => {
    it('exits 1 with one line when the file may only be read (chmod 444)', () => {
      const path = copyOfGood(join(folder('start-444', 0o777), 'frontline.db'), 0o444);
      expectOneLine(
        start({ path }, { asNobody: true }),
        new RegExp(`the database ${path} is read-only \\(SQLITE_READONLY`),
      );
    });

    it('exits 1 with one line when the file may not be read (chmod 000)', () => {
      const path = copyOfGood(join(folder('start-000', 0o777), 'frontline.db'), 0o000);
      expectOneLine(
        start({ path }, { asNobody: true }),
        new RegExp(`the database ${path} cannot be read \\(permission denied; SQLITE_CANTOPEN`),
      );
    });

    it('exits 1 with one line when its folder is not writable (no write-ahead log)', () => {
      const inside = folder('start-folder-555', 0o777);
      const path = copyOfGood(join(inside, 'frontline.db'), 0o666);
      chmodSync(inside, 0o555);
      expectOneLine(
        start({ path }, { asNobody: true }),
        new RegExp(
          `the database ${path} is read-only: its folder ${inside} is not writable, so SQLite cannot keep its write-ahead log there \\(SQLITE_READONLY_DIRECTORY`,
        ),
      );
    });

    it('exits 1 with one line when the file cannot be created in its folder', () => {
      const inside = folder('start-new-555', 0o555);
      const path = join(inside, 'frontline.db');
      expectOneLine(
        start({ path }, { asNobody: true }),
        new RegExp(`the database ${path} cannot be created: its folder ${inside} is not writable \\(`),
      );
    });
  });
});
