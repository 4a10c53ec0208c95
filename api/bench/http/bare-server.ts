/**
 * The HTTP benchmark's baseline: a bare Hono app on @hono/node-server that
 * answers each kind of request with the bytes Frontline answered it with
 * (recorded by http.bench.ts), reading a request's body first as a real
 * handler must. The kind comes in the `x-bench-kind` header, which Frontline
 * ignores. Prints `listening <port>` once it listens.
 *
 *   node bench/http/bare-server.ts <responses.json>
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';

export type RecordedResponse = { status: number; contentType: string; body: string /* base64 */ };

const recorded = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as Record<string, RecordedResponse>;
const answers = new Map(
  Object.entries(recorded).map(([kind, r]) => [kind, { ...r, bytes: Buffer.from(r.body, 'base64') }]),
);

const app = new Hono().all('*', async (c) => {
  const answer = answers.get(c.req.header('x-bench-kind') ?? '');
  if (!answer) return c.text('unknown kind', 404);
  if (c.req.method === 'POST') await c.req.arrayBuffer();
  return c.body(answer.bytes, answer.status as 200, { 'content-type': answer.contentType });
});

const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
  process.stdout.write(`listening ${info.port}\n`),
);
process.once('SIGTERM', () => server.close(() => process.exit(0)));
