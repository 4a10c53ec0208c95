import { request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../testing/harness.ts';
import { createFrontlineServer } from '../server.ts';

/** The server's own answers before a request reaches the API, over real HTTP. */
let server: Server | undefined;
let harness: Harness | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  server = undefined;
  await harness?.cleanup();
  harness = undefined;
});

async function start(turns?: { perTurn: number; maxWaiting: number }): Promise<number> {
  harness = await createHarness({ seed: false });
  ({ server } = await createFrontlineServer(harness.app, '/nonexistent/handler.js', undefined, turns));
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return (server!.address() as AddressInfo).port;
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

describe('a server with no room left to queue requests', () => {
  it('refuses with 503, Retry-After and a message in the caller’s language, and does no work', async () => {
    const port = await start({ perTurn: 4, maxWaiting: 0 });
    const before = await harness!.sql.value<number>('select count(*) from audit_log');
    const zh = await get(port, '/api/auth/sign-in');
    expect(zh.status).toBe(503);
    expect(zh.headers['retry-after']).toBe('2');
    expect(zh.headers['x-content-type-options']).toBe('nosniff');
    expect(JSON.parse(zh.body)).toEqual({
      error: { code: 'SERVER_BUSY', message: '服务器正忙，本次请求未处理，请稍后再试。' },
    });
    const en = await get(port, '/api/health', { 'accept-language': 'en-GB,en;q=0.9' });
    expect(en.status).toBe(503);
    expect(JSON.parse(en.body).error.message).toBe(
      'The server is busy; your request was not handled. Please try again shortly.',
    );
    const chosen = await get(port, '/api/me', { cookie: 'lang=en', 'accept-language': 'zh-CN' });
    expect(JSON.parse(chosen.body).error.code).toBe('SERVER_BUSY');
    expect(JSON.parse(chosen.body).error.message).toMatch(/^The server is busy/);
    expect(await harness!.sql.value<number>('select count(*) from audit_log')).toBe(before);
  });

  it('serves every request through the queue when there is room', async () => {
    const port = await start();
    const answers = await Promise.all(Array.from({ length: 60 }, () => get(port, '/api/me')));
    // Not signed in: each one reached the API and was answered by it, in the API's words.
    expect(answers.map((a) => [a.status, JSON.parse(a.body).error.code])).toEqual(
      Array.from({ length: 60 }, () => [401, 'UNAUTHENTICATED']),
    );
    expect((await get(port, '/api/health')).status).toBe(200);
  });
});
