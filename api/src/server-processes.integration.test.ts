import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openMigratedDatabase } from '@frontline/db';
import { testDialect } from '@frontline/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './testing/free-port.ts';

/**
 * FRONTLINE_WORKERS=2 as an operator starts it: the real `main.ts`, two
 * server processes on one port sharing one SQLite file (the API only: no web
 * build needed). Every health request writes its probe, so requests spread
 * over both processes write to the one file side by side.
 */
const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
let dir: string;
let primary: ChildProcess;
let port: number;
let output = '';

/** The primary's child processes, from /proc. */
const workers = (): number[] =>
  readFileSync(`/proc/${primary.pid}/task/${primary.pid}/children`, 'utf8')
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map(Number);

/** A health check on a connection of its own: its status and what it says of the database. */
const health = () =>
  new Promise<{ status: number; database: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/api/health', agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () =>
        resolve({ status: res.statusCode!, database: (JSON.parse(body) as { database: string }).database }),
      );
    });
    req.on('error', reject);
    req.end();
  });

async function until<T>(probe: () => T | undefined, what: string, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`${what} did not happen within ${ms} ms:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// In order: the last case stops the server the others use.
describe.skipIf(testDialect() !== 'sqlite')('several server processes (FRONTLINE_WORKERS)', { shuffle: false }, () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'frontline-workers-'));
    const path = join(dir, 'frontline.db');
    await (await openMigratedDatabase(path)).close();
    port = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      FRONTLINE_DB_PATH: path,
      FRONTLINE_SEED_DEMO: 'false',
      FRONTLINE_WORKERS: '2',
      FRONTLINE_WEB_HANDLER: join(dir, 'no-web-build.js'),
      PORT: String(port),
      HOST: '127.0.0.1',
    };
    delete env.FRONTLINE_DATABASE_URL;
    primary = spawn(process.execPath, [MAIN], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    primary.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    primary.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    await until(() => (/is running at/.test(output) ? true : undefined), 'start-up');
    await until(() => (workers().length === 2 ? true : undefined), 'two workers');
  }, 60_000);

  afterAll(() => {
    if (primary.exitCode === null) primary.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('start two processes behind one port that answer and write side by side, the banner said once', async () => {
    expect(workers()).toHaveLength(2);
    expect(output.match(/is running at/g)).toHaveLength(1);
    const answers = await Promise.all(Array.from({ length: 40 }, health));
    expect(answers.every((a) => a.status === 200 && a.database === 'ok')).toBe(true);
  });

  it('replace a process that dies, and go on answering', async () => {
    const [victim] = workers();
    process.kill(victim!, 'SIGKILL');
    const replaced = await until(() => {
      const now = workers();
      return now.length === 2 && !now.includes(victim!) ? now : undefined;
    }, 'a replacement');
    expect(replaced).toHaveLength(2);
    const answers = await Promise.all(Array.from({ length: 20 }, health));
    expect(answers.every((a) => a.status === 200)).toBe(true);
  }, 30_000);

  it('stop every process on SIGTERM, the primary last, with exit code 0', async () => {
    const pids = workers();
    const exited = new Promise<number | null>((resolve) => primary.once('exit', (code) => resolve(code)));
    primary.kill('SIGTERM');
    expect(await exited).toBe(0);
    await until(
      () => (pids.every((pid) => !existsSync(`/proc/${pid}`)) ? true : undefined),
      'the workers ending',
      5_000,
    );
  }, 30_000);
});
