import { defaultHorizonEnd, parseAppraisalPeriod, shanghaiDate } from '@frontline/core';
import { DEFAULT_LEASE_TTL_MS, failInterruptedRuns, PLANNING_LEASE, type PlanOptions } from '@frontline/db';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DETECTION_LEASE, runDetection } from '../features/common-issues/service.ts';
import { closePeriod, PERIOD_CLOSE_LEASE } from '../features/scores/service.ts';
import { mailSettings } from '../mail/settings.ts';
import { createHarness, T0, type Harness } from '../testing/harness.ts';
import { factories, testDialect } from '@frontline/db/testing';
import { presidentsDay } from '../testing/reception.ts';
import { staffHomeVisit } from '../testing/visits.ts';
import { createWorld, type World } from '../testing/world.ts';
import { createMailer } from './mailer.ts';
import { createScheduler, SCHEDULER_LEASE } from './scheduler.ts';

/**
 * Two app servers on one database: two apps, schedulers and planning runners
 * on two connections to the same database, each with its own holder id, as
 * two servers behind a load balancer have (on the PostgreSQL run, two pools
 * on one PostgreSQL database). Whatever must happen once per
 * deployment happens once, and a dead server's claim is taken over.
 */
let a: World;
let b: Harness;
beforeEach(async () => {
  a = await createWorld({ holder: 'server-a' });
  b = await createHarness({ sharing: { db: a.db }, holder: 'server-b' });
});
afterEach(async () => {
  await b.cleanup();
  await a.cleanup();
});

const mail = mailSettings({ origin: 'https://frontline.example.com' });
const schedulerOn = (h: Harness) =>
  createScheduler({
    db: h.db,
    holder: h.holder,
    mailer: createMailer(h.db, { transport: null, settings: mail, now: h.now }),
    mail,
    dutyDays: 30,
    now: h.now,
    intervalMs: 60_000,
    log: (m, e) => {
      throw new Error(`${m}: ${String(e)}`);
    },
  });

const today = shanghaiDate(T0);
const plan: PlanOptions = {
  horizon: { from: today, to: defaultHorizonEnd(today, 3) },
  today,
  allowUnknownYears: false,
};
const ctx = { actorId: null, at: T0 };

/** A lease left by a server that was killed: held, not released, lapsing TTL after `at`. */
async function leftBehind(name: string, at = T0) {
  await a.sql.run(
    'insert into leases (name, holder, until_ms, acquired_at) values (?, ?, ?, ?)',
    name,
    'killed-server',
    at + DEFAULT_LEASE_TTL_MS,
    at,
  );
}

describe('the scheduler on two servers', () => {
  it('runs a tick started on both at once on one of them, and queues each message once', async () => {
    const [onA, onB] = [schedulerOn(a), schedulerOn(b)];
    const ran = await Promise.all([onA.tick(), onB.tick()]);
    expect(ran.filter(Boolean)).toHaveLength(1);
    const queued = await a.sql.value<number>('select count(*) from outbox');
    expect(queued).toBeGreaterThan(0);
    // Both run one after the other now the lease is free: the outbox's dedupe keys keep every message once.
    expect(await onA.tick()).toBe(true);
    expect(await onB.tick()).toBe(true);
    expect(await a.sql.value('select count(*) from outbox')).toBe(queued);
    expect(await a.sql.value('select count(distinct dedupe_key) from outbox')).toBe(queued);
    expect(await a.sql.value('select count(*) from leases where name = ?', SCHEDULER_LEASE)).toBe(0);
  });

  it('skips ticks while a killed server’s lease lasts, then takes it over', async () => {
    await leftBehind(SCHEDULER_LEASE);
    const onB = schedulerOn(b);
    expect(await onB.tick()).toBe(false);
    expect(await a.sql.value('select count(*) from outbox')).toBe(0);
    b.advance(DEFAULT_LEASE_TTL_MS + 1);
    expect(await onB.tick()).toBe(true);
    expect(await a.sql.value<number>('select count(*) from outbox')).toBeGreaterThan(0);
  });
});

describe('planning runs on two servers', () => {
  it('start on one server only when both are asked at once', async () => {
    const ids = await Promise.all([a.runner.start(plan, ctx), b.runner.start(plan, ctx)]);
    expect(ids.filter((id) => id !== null)).toHaveLength(1);
    await Promise.all([a.runner.idle(), b.runner.idle()]);
    expect(await a.sql.all('select status from schedule_runs where holder is not null')).toEqual([{ status: 'done' }]);
  });

  it('refuses a run on one server while the other runs one, and allows it once that run is done', async () => {
    const first = await a.runner.start(plan, ctx);
    expect(first).not.toBeNull();
    expect(await b.runner.runningAnywhere()).toBe(true);
    expect(await b.runner.start(plan, ctx)).toBeNull();
    await a.runner.idle();
    expect(await b.runner.runningAnywhere()).toBe(false);
    const second = await b.runner.start(plan, ctx);
    expect(second).not.toBeNull();
    await b.runner.idle();
    expect(await a.sql.values('select holder from schedule_runs where holder is not null order by id')).toEqual([
      'server-a',
      'server-b',
    ]);
  });

  it('takes over from a killed server once its lease lapses, failing the run it left', async () => {
    await leftBehind(PLANNING_LEASE);
    const orphan = await a.sql.value<number>(
      `insert into schedule_runs (status, horizon_from, horizon_to, allow_unknown_years, done, total, started_at, holder)
       values ('running', ?, ?, 0, 0, 0, ?, 'killed-server') returning id`,
      plan.horizon.from,
      plan.horizon.to,
      T0,
    );
    // While its lease lasts the run may still be alive: start-up elsewhere leaves it, and no second run starts.
    expect(await failInterruptedRuns(b.db, b.now())).toBe(0);
    expect(await b.runner.start(plan, ctx)).toBeNull();
    b.advance(DEFAULT_LEASE_TTL_MS + 1);
    const id = await b.runner.start(plan, { actorId: null, at: b.now() });
    expect(id).not.toBeNull();
    await b.runner.idle();
    expect(await a.sql.all('select id, status, error from schedule_runs where holder is not null order by id')).toEqual(
      [
        { id: orphan, status: 'failed', error: 'interrupted: the server stopped during the run' },
        { id, status: 'done', error: null },
      ],
    );
  });

  it('at start-up fails only runs whose server no longer holds the planning lease', async () => {
    await a.sql.run(
      'insert into leases (name, holder, until_ms, acquired_at) values (?, ?, ?, ?)',
      PLANNING_LEASE,
      'live-server',
      T0 + DEFAULT_LEASE_TTL_MS,
      T0,
    );
    for (const holder of ['live-server', 'gone-server', null])
      await a.sql.run(
        `insert into schedule_runs (status, horizon_from, horizon_to, allow_unknown_years, done, total, started_at, holder)
         values ('running', ?, ?, 0, 0, 0, ?, ?)`,
        plan.horizon.from,
        plan.horizon.to,
        T0,
        holder,
      );
    expect(await failInterruptedRuns(b.db, T0 + 1000)).toBe(2);
    expect(await a.sql.values("select holder from schedule_runs where status = 'running'")).toEqual(['live-server']);
    // Once that lease has lapsed, its run is interrupted too.
    expect(await failInterruptedRuns(b.db, T0 + DEFAULT_LEASE_TTL_MS + 1)).toBe(1);
  });
});

describe('detection and period close on two servers', () => {
  it('detection is refused while another server runs it, from the job and the button alike', async () => {
    await leftBehind(DETECTION_LEASE);
    expect(await runDetection(b.db, { today, mail: null }, ctx, { holder: b.holder, now: b.now })).toBeNull();
    const res = await b.request('/api/common-issues/detect', { method: 'POST', cookie: await a.as('cr.group') });
    expect(res.status).toBe(409);
    expect((await res.json()).error.code).toBe('DETECTION_RUNNING');
    b.advance(DEFAULT_LEASE_TTL_MS + 1);
    expect(await runDetection(b.db, { today, mail: null }, ctx, { holder: b.holder, now: b.now })).toMatchObject({
      items: expect.any(Number),
    });
  });

  it('a period close is refused while another server closes one', async () => {
    await leftBehind(PERIOD_CLOSE_LEASE);
    const q3 = parseAppraisalPeriod('2026-Q3')!;
    expect(await closePeriod(b.db, q3, today, ctx, { holder: b.holder, now: b.now })).toMatchObject({
      ok: false,
      error: { code: 'PERIOD_CLOSING' },
    });
    b.advance(DEFAULT_LEASE_TTL_MS + 1);
    expect(await closePeriod(b.db, q3, today, ctx, { holder: b.holder, now: b.now })).toMatchObject({ ok: true });
  });
});

describe('the sign-in throttle on two servers', () => {
  it('locks on one server an account that failed on the other, and still after a restart', async () => {
    for (let i = 0; i < 5; i++)
      expect((await a.request('/api/auth/sign-in', { json: { login: 'pm', password: 'wrong' } })).status).toBe(401);
    const onB = await b.request('/api/auth/sign-in', { json: { login: 'pm', password: 'frontline-demo' } });
    expect(onB.status).toBe(429);
    expect((await onB.json()).error.code).toBe('TOO_MANY_ATTEMPTS');
    await b.cleanup();
    b = await createHarness({ sharing: { db: a.db }, holder: 'server-b-restarted' });
    expect((await b.request('/api/auth/sign-in', { json: { login: 'pm', password: 'frontline-demo' } })).status).toBe(
      429,
    );
    b.advance(60_000);
    expect((await b.request('/api/auth/sign-in', { json: { login: 'pm', password: 'frontline-demo' } })).status).toBe(
      200,
    );
    // Signing in cleared the account's counter for every server.
    expect(await a.sql.value("select count(*) from sign_in_throttle where key = 'account:pm'")).toBe(0);
  });

  it('counts failures arriving at both servers at once', async () => {
    await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        (i % 2 ? a : b).request('/api/auth/sign-in', { json: { login: 'pm', password: 'wrong' } }),
      ),
    );
    expect(await a.sql.value("select failures from sign_in_throttle where key = 'account:pm'")).toBe(4);
  });
});

// Concurrent writers through two servers are PostgreSQL's deployment: two SQLite connections in one
// process block each other's thread (the busy wait is synchronous), and SQLite serves one server.
describe.skipIf(testDialect() !== 'postgres')('bookings and visits on two servers', () => {
  it('the last place of a slot, raced through both servers: exactly one booking wins', async () => {
    const f = factories(a.db, T0);
    const day = await presidentsDay(a);
    const households: number[] = [];
    for (let i = 0; i < 13; i++)
      households.push((await f.household(a.ids.project, { building: '5', ownerEmployeeId: a.id('staff') })).id);
    const cookie = await a.as('staff');
    const book = (server: Harness, householdId: number) =>
      server.request(`/api/reception-days/${day.id}/bookings`, {
        cookie,
        json: { slotId: day.slots[0]!.id, householdId, note: '' },
      });
    // One of the slot's two places taken; twelve requests for the other, alternating between the servers.
    expect((await book(a, households[0]!)).status).toBe(201);
    const results = await Promise.all(households.slice(1).map((h, i) => book(i % 2 ? b : a, h)));
    expect(results.map((r) => r.status).sort()).toEqual([201, ...Array(11).fill(409)]);
    for (const r of results.filter((r) => r.status === 409)) expect((await r.json()).error.code).toBe('SLOT_FULL');
    expect(
      await a.sql.get(
        `select s.booked, (select count(*) from reception_bookings where slot_id = s.id and status = 'booked') as live
         from reception_slots s where s.id = ?`,
        day.slots[0]!.id,
      ),
    ).toEqual({ booked: 2, live: 2 });
  });

  it('50 parallel submissions of one visit, split across both servers, make one record', async () => {
    const { duty, visitBody } = await staffHomeVisit(a);
    const cookie = await a.as('staff');
    const body = visitBody();
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) => (i % 2 ? b : a).request('/api/visits', { cookie, json: body })),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(49);
    expect(new Set(await Promise.all(responses.map(async (r) => (await r.json()).visit.id))).size).toBe(1);
    expect(await a.sql.value('select count(*) from visits where client_id = ?', body.clientId)).toBe(1);
    expect(await a.sql.value('select status from duties where id = ?', duty.id)).toBe('done');
  });
});
