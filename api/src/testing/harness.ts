import { mkdtempSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SESSION_POLICY, shanghaiDate, type SessionPolicy } from '@frontline/core';
import { hashDemoPassword, planDemo, seedGroup } from '@frontline/db/seed';
import type { Db } from '@frontline/db';
import { createTestDatabase, openSecondConnection, testSql, type TestTemplate } from '@frontline/db/testing';
import { createApp } from '../app.ts';
import { createSignInThrottle } from '../auth/throttle.ts';
import { createScheduleRunner } from '../features/planning/runner.ts';

export const BASE = 'http://localhost';
/** A fixed instant: Monday 2026-11-23 10:00 in Shanghai. */
export const T0 = Date.UTC(2026, 10, 23, 2, 0, 0);

let demoHash: Promise<string> | undefined;

/** The demo password's hash, computed once per test process: accounts made by factories sign in with it. */
export const demoPasswordHash = () => (demoHash ??= hashDemoPassword());

/** Tests read JSON bodies loosely and assert on them; the assertions are the type check. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type TestResponse = Omit<Response, 'json'> & { json(): Promise<any> };

type RequestOptions = {
  method?: string;
  cookie?: string | undefined;
  json?: unknown;
  body?: string | FormData;
  headers?: Record<string, string>;
};

/** The demo group planned at T0, built once per test process (or PostgreSQL run) and copied for each test. */
const DEMO_TEMPLATE: TestTemplate = {
  name: 'demo-planned-2026-11-23',
  build: async (db) => {
    await seedGroup(db, { passwordHash: await demoPasswordHash() });
    await planDemo(db, shanghaiDate(T0), T0);
  },
};

/**
 * A real app on a real, migrated SQLite file holding the demo group, with a
 * clock the test moves by hand. Requests go through `app.request` (no socket).
 */
export type HarnessOptions = {
  origin?: string;
  sessionPolicy?: SessionPolicy;
  seed?: boolean;
  visitLookbackDays?: number;
  /** This instance's id in leases; fresh by default. */
  holder?: string;
  /**
   * Another app server on this harness's database file: a connection of its
   * own, nothing seeded, and `cleanup` only closes it (close it before the
   * first harness's cleanup deletes the file).
   */
  sharing?: { db: Pick<Db, 'path'> };
  /** The instance's clock starts here (default T0). */
  now?: number;
};

export async function createHarness(options: HarnessOptions = {}) {
  const db = options.sharing
    ? await sharedConnection(options.sharing.db)
    : await createTestDatabase(options.seed === false ? undefined : DEMO_TEMPLATE);
  let now = options.now ?? T0;
  const base = options.origin ?? BASE;
  const holder = options.holder ?? randomUUID();
  const runner = createScheduleRunner(db, () => now, { holder });
  // Photos beside the test's own database: a temporary folder of its own on either dialect.
  const photoDir = mkdtempSync(join(tmpdir(), 'frontline-photos-'));
  const app = createApp({
    db,
    holder,
    photoDir,
    runner,
    now: () => now,
    sessionPolicy: options.sessionPolicy ?? DEFAULT_SESSION_POLICY,
    origin: options.origin,
    trustProxy: true,
    throttle: createSignInThrottle(db),
    ...(options.visitLookbackDays === undefined ? {} : { visitLookbackDays: options.visitLookbackDays }),
  });

  async function request(path: string, o: RequestOptions = {}): Promise<TestResponse> {
    const headers: Record<string, string> = { ...o.headers };
    const method = o.method ?? (o.json === undefined && o.body === undefined ? 'GET' : 'POST');
    if (o.cookie) headers.cookie = o.cookie;
    if (method !== 'GET' && !('origin' in headers)) headers.origin = base;
    let body = o.body;
    if (o.json !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = JSON.stringify(o.json);
    }
    return app.request(`${base}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
  }

  /** Signs in and returns the Cookie header value to send with later requests. */
  async function signIn(login: string, password = 'frontline-demo'): Promise<string> {
    const res = await request('/api/auth/sign-in', { json: { login, password } });
    if (res.status !== 200) throw new Error(`sign-in of ${login} failed: ${res.status} ${await res.text()}`);
    return cookieFrom(res)!;
  }

  const sql = testSql(db);

  async function idOf(login: string): Promise<number> {
    return sql.value<number>('select id from employees where login = ?', login);
  }

  return {
    app,
    db,
    /** Plain SQL on the harness's database, for tests' own setup and assertions (either dialect). */
    sql,
    runner,
    holder,
    request,
    signIn,
    idOf,
    advance: (ms: number) => {
      now += ms;
    },
    now: () => now,
    cleanup: async () => {
      await db.cleanup();
      rmSync(photoDir, { recursive: true, force: true });
    },
  };
}

async function sharedConnection(db: Pick<Db, 'path'>): Promise<Db & { cleanup(): Promise<void> }> {
  const second = await openSecondConnection(db);
  // Assigned, not spread: spreading would read the SQLite handle, which throws on PostgreSQL.
  return Object.assign(second, { cleanup: () => second.close() });
}

export type Harness = Awaited<ReturnType<typeof createHarness>>;

/** The `name=value` part of the session cookie a response sets, if any. */
export function cookieFrom(res: TestResponse): string | undefined {
  const header = res.headers.getSetCookie().find((c) => c.includes('frontline_session='));
  return header?.split(';')[0];
}
