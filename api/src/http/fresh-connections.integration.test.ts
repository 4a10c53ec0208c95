import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openMigratedDatabase } from '@frontline/db';
import { testDialect } from '@frontline/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REQUESTS_PER_TURN } from '../server.ts';
import { freePort } from '../testing/free-port.ts';

/**
 * New connections while the server is saturated, on the real `main.ts` in a process of its own (the API
 * only). Keep-alive clients keep a request in flight each, and a burst of clients then arrives on new
 * connections, as a load balancer's checks and users opening the app do at peak.
 *
 * A newcomer's wait is counted in answers the busy clients got meanwhile, not milliseconds, so that
 * the test does not depend on the machine's speed. Served in arrival order, a newcomer waits for about
 * one answer per busy client queued ahead of it. Accepted one per turn of a loop that ran every busy
 * request each turn (before http/loop-turns.ts), the newcomers were answered one more turn of C busy
 * answers apart: the last of the burst waited 1,050–1,200 answers here, against 200–240 now.
 */
const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url));
const BUSY = 100;
const BURST = 20;
let dir: string;
let server: ChildProcess;
let port: number;

function get(agent: Agent | false): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/api/health', agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode!));
    });
    req.on('error', reject);
    req.end();
  });
}

describe.skipIf(testDialect() !== 'sqlite')('fresh connections under saturation', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'frontline-fresh-'));
    const path = join(dir, 'frontline.db');
    await (await openMigratedDatabase(path)).close();
    port = await freePort();
    server = spawn(process.execPath, [MAIN], {
      env: {
        ...process.env,
        FRONTLINE_DB_PATH: path,
        FRONTLINE_SEED_DEMO: 'false',
        FRONTLINE_WORKERS: '1',
        FRONTLINE_WEB_HANDLER: join(dir, 'no-web-build.js'),
        PORT: String(port),
        HOST: '127.0.0.1',
      },
      stdio: 'ignore',
    });
    for (let i = 0; ; i++) {
      if (
        await get(false).then(
          () => true,
          () => false,
        )
      )
        break;
      if (i > 200) throw new Error('the server did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  afterAll(() => {
    server?.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers a burst of new connections after about as many answers as there are busy clients', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: BUSY });
    let answered = 0;
    let running = true;
    const busy = Array.from({ length: BUSY }, async () => {
      while (running) {
        expect(await get(agent)).toBe(200);
        answered++;
      }
    });
    // Until every busy client has its connection and the server has been saturated a while.
    while (answered < BUSY * 20) await new Promise((r) => setTimeout(r, 10));

    const waits = await Promise.all(
      Array.from({ length: BURST }, async () => {
        const before = answered;
        expect(await get(false)).toBe(200);
        return answered - before;
      }),
    );
    running = false;
    await Promise.all(busy);
    agent.destroy();

    // Ahead of the last newcomer: the busy clients' requests queued when it arrived, and those started
    // in the turns that accepted the newcomers before it. Twice that, for the busy clients' requests
    // that arrive while it waits to be read.
    expect(Math.max(...waits)).toBeLessThan(2 * (BUSY + BURST * REQUESTS_PER_TURN));
  });
});
