import 'fake-indexeddb/auto';
import type { VisitInput } from '@frontline/core';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApiClient } from '#lib/client.ts';
import { openDeviceStores, type DeviceStores, type QueuedVisit } from './device.ts';
import { createOutbox, SYNC_INTERVAL_MS, type Outbox, type OutboxState } from './outbox.ts';

/**
 * The outbox against a real IndexedDB implementation (fake-indexeddb) and a
 * real HTTP server that answers as each test scripts it; for the backoff
 * timing, a fetch that fails as a dropped network does, under fake timers.
 */

type Received = { method: string; path: string; headers: IncomingMessage['headers']; body: Buffer };
/** An answer the test server gives: a status with a JSON body, or no answer at all (the connection drops). */
type Answer = { status: number; json?: unknown } | 'drop';

let server: Server;
let origin: string;
let received: Received[];
let answer: (req: Received) => Answer;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r: Received = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      received.push(r);
      const a = answer(r);
      if (a === 'drop') return void req.socket.destroy();
      res
        .writeHead(a.status, { 'content-type': 'application/json' })
        .end(a.json === undefined ? '' : JSON.stringify(a.json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

let n = 0;
let stores: DeviceStores;
let state: OutboxState;
let online: boolean;
let stops: (() => void)[];

beforeEach(() => {
  received = [];
  answer = () => ({ status: 500 });
  stores = openDeviceStores(`test-${++n}`); // fresh databases for each test
  state = { pending: [], recent: [], syncing: false, online: false };
  online = false; // no retry timers unless a test goes online
  stops = [];
});
afterEach(() => {
  for (const stop of stops) stop();
  vi.useRealTimers();
});

/** An outbox over this test's stores, its requests in English, sent to the test server or through `fetch`. */
const outbox = (fetch?: typeof globalThis.fetch): Outbox =>
  createOutbox({ api: createApiClient(origin, () => 'en', fetch), stores, state, isOnline: () => online });

/** Waits (on IndexedDB's and the network's own scheduling, never on timers) until `done` holds. */
async function until(done: () => boolean) {
  for (let i = 0; i < 1_000 && !done(); i++) await new Promise((resolve) => setImmediate(resolve));
  expect(done()).toBe(true);
}

const body = (clientId: string): VisitInput => ({
  clientId,
  checkpoint: 3,
  formVersionId: 5,
  householdIds: [11],
  visitedOn: '2026-11-23',
  visitedAt: '10:30',
  channel: 'home_visit',
  staffIds: [],
  answers: { overall: 5, photo: ['p1'] },
});
const item = (clientId: string, photoIds: string[] = []): Omit<QueuedVisit, 'queuedAt' | 'attempts' | 'rejected'> => ({
  clientId,
  title: `Visit ${clientId}`,
  query: `checkpoint=3`,
  body: body(clientId),
  photoIds,
});

const created = (id: number, clientId: string) => ({ status: 201, json: { visit: { id, clientId }, created: true } });
const refusal = (status: number, message: string, fields: Record<string, string> = {}) => ({
  status,
  json: { error: { code: 'X', message, fields } },
});
const visitsSent = () => received.filter((r) => r.path === '/api/visits');

/** Enqueues and waits for the run that enqueueing starts. */
async function submit(box: Outbox, ...items: ReturnType<typeof item>[]) {
  for (const i of items) await box.enqueue(i);
  await box.flush();
}

/** The multipart body of a photo upload as the server reads it. */
async function formOf(r: Received) {
  return new Response(new Uint8Array(r.body), {
    headers: { 'content-type': String(r.headers['content-type']) },
  }).formData();
}

describe('the outbox', () => {
  it('uploads a visit’s photos first, then the visit, in the page’s language, and keeps it as synced', async () => {
    const box = outbox();
    await stores.photos.put('p1', new Blob(['jpeg bytes'], { type: 'image/jpeg' }));
    await stores.photos.put('p2', new Blob(['webp bytes'], { type: 'image/webp' }));
    await stores.drafts.put({
      clientId: 'c1',
      query: 'checkpoint=3',
      title: 'Visit c1',
      formVersionId: 5,
      fields: { ...body('c1') },
      updatedAt: 1,
    });
    answer = (r) =>
      r.path === '/api/photos' ? { status: 201, json: { photo: {}, created: true } } : created(41, 'c1');

    await submit(box, item('c1', ['p1', 'p2']));

    expect(received.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /api/photos',
      'POST /api/photos',
      'POST /api/visits',
    ]);
    expect(received.every((r) => r.headers['accept-language'] === 'en')).toBe(true);
    const [first, second] = [await formOf(received[0]!), await formOf(received[1]!)];
    expect(first.get('id')).toBe('p1');
    const file = first.get('file') as File;
    expect([file.name, file.type, await file.text()]).toEqual(['p1.jpeg', 'image/jpeg', 'jpeg bytes']);
    expect([second.get('id'), (second.get('file') as File).name]).toEqual(['p2', 'p2.webp']);
    expect(received[2]!.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(received[2]!.body.toString())).toEqual(body('c1'));

    expect(await stores.queue.all()).toEqual([]);
    expect([await stores.photos.get('p1'), await stores.photos.get('p2')]).toEqual([undefined, undefined]);
    expect(await stores.drafts.get('c1')).toBeUndefined(); // the queued copy replaced it
    expect(await stores.synced.get('c1')).toMatchObject({ clientId: 'c1', title: 'Visit c1', visitId: 41 });
    expect(state.pending).toEqual([]);
    expect(state.recent.map((s) => s.visitId)).toEqual([41]);
    expect(state.syncing).toBe(false);
  });

  it('does not upload again a photo the device no longer holds (sent on an earlier try)', async () => {
    const box = outbox();
    await stores.photos.put('p2', new Blob(['b'], { type: 'image/png' }));
    answer = (r) =>
      r.path === '/api/photos' ? { status: 200, json: { photo: {}, created: false } } : created(42, 'c1');
    await submit(box, item('c1', ['p1', 'p2']));
    expect(received.map((r) => r.path)).toEqual(['/api/photos', '/api/visits']);
    expect((await formOf(received[0]!)).get('id')).toBe('p2');
  });

  it('keeps a visit whose send got no answer, and sends it on the next run', async () => {
    const box = outbox();
    answer = () => 'drop';
    await submit(box, item('c1'));
    expect(await stores.queue.all()).toMatchObject([{ clientId: 'c1', attempts: 1, rejected: null }]);
    expect(state.pending.map((p) => p.clientId)).toEqual(['c1']);

    answer = () => created(43, 'c1');
    await box.flush();
    expect(visitsSent()).toHaveLength(2);
    expect(await stores.queue.all()).toEqual([]);
    expect(await stores.synced.get('c1')).toMatchObject({ visitId: 43 });
  });

  it.each([500, 503, 408, 429])('keeps a visit the server answered %i for, to try again', async (status) => {
    const box = outbox();
    answer = () => refusal(status, 'busy');
    await submit(box, item('c1'));
    expect(await stores.queue.all()).toMatchObject([{ clientId: 'c1', attempts: 1, rejected: null }]);
  });

  it('stops at the first visit that cannot be sent and leaves those after it for the next run', async () => {
    const box = outbox();
    answer = () => 'drop';
    await stores.queue.put({ ...item('c1'), queuedAt: 1, attempts: 0, rejected: null });
    await stores.queue.put({ ...item('c2'), queuedAt: 2, attempts: 0, rejected: null });
    await box.flush();
    expect(visitsSent()).toHaveLength(1);
    expect((await stores.queue.all()).map((q) => [q.clientId, q.attempts])).toEqual([
      ['c1', 1],
      ['c2', 0],
    ]);
  });

  it('keeps a refused visit (422) with the server’s message for the person to fix, and does not send it again', async () => {
    const box = outbox();
    answer = () => refusal(422, 'Check the answers', { visitedOn: 'Not within the duty’s window' });
    await submit(box, item('c1'));
    expect(await stores.queue.get('c1')).toMatchObject({
      attempts: 1,
      rejected: { message: 'Check the answers', fields: { visitedOn: 'Not within the duty’s window' } },
    });
    expect(state.pending[0]?.rejected?.message).toBe('Check the answers');

    // Another visit queued later still goes; the refused one waits.
    answer = () => created(44, 'c2');
    await submit(box, item('c2'));
    expect(visitsSent().map((r) => JSON.parse(r.body.toString()).clientId)).toEqual(['c1', 'c2']);
    expect((await stores.queue.all()).map((q) => q.clientId)).toEqual(['c1']);
  });

  it('takes a replay the server already recorded (200, created: false) as sent', async () => {
    const box = outbox();
    answer = () => ({ status: 200, json: { visit: { id: 45, clientId: 'c1' }, created: false } });
    await submit(box, item('c1'));
    expect(await stores.queue.all()).toEqual([]);
    expect(await stores.synced.get('c1')).toMatchObject({ visitId: 45 });
  });

  it('refuses a visit whose client id the server holds for another person (409)', async () => {
    const box = outbox();
    answer = () => refusal(409, 'This record id was already used for a different visit.');
    await submit(box, item('c1'));
    expect(await stores.queue.get('c1')).toMatchObject({
      rejected: { message: 'This record id was already used for a different visit.', fields: {} },
    });
    expect(await stores.synced.get('c1')).toBeUndefined();
  });

  it('refuses a visit whose photo the server refuses, with the photo’s message, and does not send the visit', async () => {
    const box = outbox();
    await stores.photos.put('p1', new Blob(['gif'], { type: 'image/gif' }));
    answer = () => refusal(415, 'Only JPEG, PNG or WebP photos');
    await submit(box, item('c1', ['p1']));
    expect(received.map((r) => r.path)).toEqual(['/api/photos']);
    expect(await stores.queue.get('c1')).toMatchObject({ rejected: { message: 'Only JPEG, PNG or WebP photos' } });
    expect(await stores.photos.get('p1')).toBeInstanceOf(Blob); // kept for the corrected visit
  });

  it('says the status when a refusal carries no message', async () => {
    const box = outbox();
    answer = () => ({ status: 404 });
    await submit(box, item('c1'));
    expect(await stores.queue.get('c1')).toMatchObject({ rejected: { message: 'HTTP 404', fields: {} } });
  });

  it('holds one entry per client id: queueing the same visit again replaces it', async () => {
    const box = outbox();
    answer = () => 'drop';
    await submit(box, item('c1'));
    await submit(box, { ...item('c1'), title: 'Visit c1, again' });
    expect((await stores.queue.all()).map((q) => [q.clientId, q.title])).toEqual([['c1', 'Visit c1, again']]);
  });

  it('reopens a refused visit as a draft with its fields and drops it from the queue', async () => {
    const box = outbox();
    answer = () => refusal(422, 'Check the answers');
    await submit(box, item('c1'));
    expect(await box.reopenRejected('c1')).toBe('/visits/new?checkpoint=3&draft=c1');
    const { clientId, householdIds, visitedOn, visitedAt, channel, staffIds, answers } = body('c1');
    expect(await stores.drafts.get('c1')).toMatchObject({
      clientId,
      title: 'Visit c1',
      formVersionId: 5,
      fields: { householdIds, visitedOn, visitedAt, channel, staffIds, answers },
    });
    expect(await stores.queue.all()).toEqual([]);
    expect(state.pending).toEqual([]);
    expect(await box.reopenRejected('c1')).toBeNull();
  });

  it('runs one send at a time: a flush asked for during a run is that run', async () => {
    const box = outbox();
    answer = () => created(46, 'c1');
    await stores.queue.put({ ...item('c1'), queuedAt: 1, attempts: 0, rejected: null });
    const [a, b] = [box.flush(), box.flush()];
    expect(a).toBe(b);
    await a;
    expect(visitsSent()).toHaveLength(1);
  });
});

describe('background syncing', () => {
  it('sends at start, and again when the browser says it is back online', async () => {
    const events = new EventTarget();
    const box = createOutbox({ api: createApiClient(origin, () => 'zh-CN'), stores, state, isOnline: () => online });
    await stores.queue.put({ ...item('c1'), queuedAt: 1, attempts: 0, rejected: null });
    answer = () => 'drop';
    stops.push(box.start(events));
    await until(() => visitsSent().length === 1 && !state.syncing);
    expect(await stores.queue.get('c1')).toMatchObject({ attempts: 1 });
    events.dispatchEvent(new Event('offline'));
    expect(state.online).toBe(false);

    answer = () => created(47, 'c1');
    online = true;
    events.dispatchEvent(new Event('online'));
    expect(state.online).toBe(true);
    await box.flush(); // the run going online started
    expect(visitsSent()).toHaveLength(2);
    expect(await stores.synced.get('c1')).toMatchObject({ visitId: 47 });
    expect(visitsSent().every((r) => r.headers['accept-language'] === 'zh-CN')).toBe(true);
  });
});

describe('retrying while the browser says it is online', () => {
  /** A fetch that fails as a dropped connection does, until told to answer. */
  function network() {
    const net = { calls: 0, up: false };
    const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      net.calls++;
      if (!net.up) throw new TypeError('fetch failed');
      const url = new URL(String(input));
      const clientId = JSON.parse(String(init?.body)).clientId;
      return new Response(JSON.stringify({ visit: { id: 48, clientId }, created: true }), {
        status: url.pathname === '/api/visits' ? 201 : 404,
        headers: { 'content-type': 'application/json' },
      });
    };
    return { net, fetch: fetch as typeof globalThis.fetch };
  }

  /** Moves the clock on by `ms` and tells whether a run started just then (a run sets `syncing` as it starts). */
  function runsAfter(ms: number): boolean {
    vi.advanceTimersByTime(ms);
    return state.syncing;
  }

  beforeEach(() => {
    // IndexedDB (fake-indexeddb) schedules its work with setImmediate, which stays real.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    online = true;
  });

  it('tries again after 2 s, 4 s, 8 s, 16 s, then every 30 s, and stops once the visit is sent', async () => {
    const { net, fetch } = network();
    const box = outbox(fetch);
    await submit(box, item('c1'));
    expect(net.calls).toBe(1);

    for (const delay of [2_000, 4_000, 8_000, 16_000, 30_000, 30_000]) {
      expect(runsAfter(delay - 1)).toBe(false);
      expect(runsAfter(1)).toBe(true);
      await box.flush(); // waits for that run
    }
    expect(net.calls).toBe(7);
    expect(await stores.queue.get('c1')).toMatchObject({ attempts: 7, rejected: null });

    net.up = true;
    expect(runsAfter(30_000)).toBe(true);
    await box.flush();
    expect(await stores.synced.get('c1')).toMatchObject({ visitId: 48 });
    expect(vi.getTimerCount()).toBe(0); // nothing left to retry
  });

  it('starts again from 2 s after a run that succeeded', async () => {
    const { net, fetch } = network();
    const box = outbox(fetch);
    await submit(box, item('c1'));
    expect(runsAfter(2_000)).toBe(true);
    await box.flush();
    net.up = true;
    expect(runsAfter(4_000)).toBe(true);
    await box.flush();

    net.up = false;
    await submit(box, item('c2'));
    expect(runsAfter(1_999)).toBe(false);
    expect(runsAfter(1)).toBe(true);
    await box.flush();
  });

  it('does not retry on a timer while the browser says it is offline', async () => {
    const { fetch } = network();
    online = false;
    const box = outbox(fetch);
    await submit(box, item('c1'));
    expect(vi.getTimerCount()).toBe(0);
  });

  it('does not retry a refused visit', async () => {
    const fetch = (async () =>
      new Response(JSON.stringify({ error: { message: 'Check the answers' } }), {
        status: 422,
      })) as typeof globalThis.fetch;
    const box = outbox(fetch);
    await submit(box, item('c1'));
    expect(vi.getTimerCount()).toBe(0);
    expect(await stores.queue.get('c1')).toMatchObject({ rejected: { message: 'Check the answers' } });
  });

  it('while started, also runs every 30 s while the browser says it is online', async () => {
    const { net, fetch } = network();
    const box = outbox(fetch);
    await stores.queue.put({ ...item('c1'), queuedAt: 1, attempts: 0, rejected: null });
    online = false; // the start's run fails without a retry timer
    stops.push(box.start({ addEventListener() {}, removeEventListener() {} }));
    await until(() => net.calls === 1 && !state.syncing);
    expect(runsAfter(SYNC_INTERVAL_MS)).toBe(false);

    online = true;
    net.up = true;
    expect(runsAfter(SYNC_INTERVAL_MS - 1)).toBe(false);
    expect(runsAfter(1)).toBe(true);
    await box.flush();
    expect(await stores.synced.get('c1')).toMatchObject({ visitId: 48 });
  });
});
