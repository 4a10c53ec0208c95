import { createServer, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../testing/harness.ts';
import { createFrontlineServer } from '../server.ts';
import { createAdmission } from './admission.ts';

/** Real HTTP: a Node server and clients on fresh connections, as the load balancer and browsers would be. */
let servers: Server[] = [];
let harness: Harness | undefined;
afterEach(async () => {
  for (const s of servers) s.closeAllConnections();
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  servers = [];
  await harness?.cleanup();
  harness = undefined;
});

async function listen(server: Server): Promise<number> {
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

function get(port: number, path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const until = async (ok: () => boolean) => {
  for (let i = 0; i < 500 && !ok(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(ok()).toBe(true);
};

describe('admission', () => {
  it('works on at most `limit` requests at once and starts the waiting ones in arrival order', async () => {
    const held: ServerResponse[] = [];
    const started: string[] = [];
    let most = 0;
    const gate = createAdmission({ limit: 2, maxWaiting: 10, refuse: (_q, res) => res.writeHead(503).end() });
    const port = await listen(
      createServer((req, res) =>
        gate.admit(req, res, () => {
          started.push(req.url!);
          most = Math.max(most, gate.load.active);
          held.push(res);
        }),
      ),
    );
    const answers: Promise<unknown>[] = [];
    for (const n of [1, 2, 3, 4, 5]) {
      answers.push(get(port, `/${n}`));
      // one at a time, so that arrival order is known
      await until(() => gate.load.active + gate.load.waiting === n);
    }
    expect(started).toEqual(['/1', '/2']);
    expect(gate.load).toEqual({ active: 2, waiting: 3 });
    for (let i = 0; i < 5; i++) {
      held[i]!.end('ok');
      await until(() => started.length === Math.min(5, i + 3));
    }
    await Promise.all(answers);
    expect(started).toEqual(['/1', '/2', '/3', '/4', '/5']);
    expect(most).toBe(2);
    expect(gate.load).toEqual({ active: 0, waiting: 0 });
  });

  it('gives the slot of a request whose client left while it waited to the next', async () => {
    const held: ServerResponse[] = [];
    const started: string[] = [];
    const gate = createAdmission({ limit: 1, maxWaiting: 10, refuse: (_q, res) => res.writeHead(503).end() });
    const port = await listen(
      createServer((req, res) =>
        gate.admit(req, res, () => {
          started.push(req.url!);
          held.push(res);
        }),
      ),
    );
    const first = get(port, '/first');
    await until(() => gate.load.active === 1);
    const leaving = request({ host: '127.0.0.1', port, path: '/gone', agent: false });
    leaving.on('error', () => {});
    leaving.end();
    await until(() => gate.load.waiting === 1);
    const last = get(port, '/last');
    await until(() => gate.load.waiting === 2);
    leaving.destroy();
    await new Promise((r) => setTimeout(r, 50));
    held[0]!.end('ok');
    await until(() => started.length === 2);
    expect(started).toEqual(['/first', '/last']);
    held[1]!.end('ok');
    await Promise.all([first, last]);
  });
});

describe('the server under a full queue', () => {
  it('answers the health check at once, and refuses other requests with 503, Retry-After and a message in the caller’s language', async () => {
    harness = await createHarness({ seed: false });
    // No slot and no room to wait: everything that queues is refused, and only what never queues is answered.
    const { server } = await createFrontlineServer(harness.app, '/nonexistent/handler.js', undefined, {
      limit: 0,
      maxWaiting: 0,
    });
    const port = await listen(server);
    const health = await get(port, '/api/health');
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toEqual({ status: 'ok', database: 'ok' });

    const zh = await get(port, '/api/me');
    expect(zh.status).toBe(503);
    expect(zh.headers['retry-after']).toBe('2');
    expect(JSON.parse(zh.body)).toEqual({
      error: { code: 'SERVER_BUSY', message: '服务器正忙，请稍后再试，本次请求未处理。' },
    });
    const en = await get(port, '/api/me', { 'accept-language': 'en-GB,en;q=0.9' });
    expect(JSON.parse(en.body).error.message).toBe(
      'The server is busy; your request was not handled. Please try again shortly.',
    );
  });

  it('serves requests through the queue when there is room', async () => {
    harness = await createHarness({ seed: false });
    const { server } = await createFrontlineServer(harness.app, '/nonexistent/handler.js');
    const port = await listen(server);
    const answers = await Promise.all(Array.from({ length: 50 }, () => get(port, '/api/me')));
    // Not signed in: every one reached the API and was answered by it.
    expect(answers.map((a) => a.status)).toEqual(Array.from({ length: 50 }, () => 401));
  });
});
