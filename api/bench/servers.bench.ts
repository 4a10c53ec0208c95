/**
 * Scale-out benchmark: booking and visit submission throughput through TWO
 * app instances on one database against ONE instance, same data, same
 * client concurrency.
 *
 * Each instance runs in its own worker thread (server-worker.ts: its own
 * openMigratedDatabase, createApp and HTTP server from @hono/node-server on
 * a free port), as two server processes behind a load balancer would; the
 * clients, here in the main thread, send requests over real HTTP, round robin
 * over the instances, 50 in flight in all. Each case starts from a copy of
 * the same planned database (the demo group: 3 regions, 12 projects, 400
 * employees, 6,000 households) and sends the same requests:
 *
 * 1. Bookings: every reception slot of a region contested by four households
 *    (capacity two: half are refused as full), as reception.bench.ts does.
 * 2. Visits: 50 signed-in staff submit visits (eight answers and two issue
 *    items each, no photos), as visits.bench.ts does.
 *
 * Then it checks each case: no slot oversold or miscounted, every visit
 * acknowledged (201) present exactly once. On PostgreSQL the two instances
 * share one database on the server; on SQLite, one file (WAL: readers side
 * by side, one writer at a time, each transaction taking the write lock when
 * it begins, so a second writer waits out its turn instead of failing).
 *
 *   node bench/servers.bench.ts            1,000 visits, every slot of a region
 *   node bench/servers.bench.ts --quick    250 visits, at most 40 reception days
 */
import { currentFormVersion, listCategories, openMigratedDatabase } from '@frontline/db';
import { benchDatabases, quick, recordFigure } from '@frontline/db/bench';
import { DEMO_GROUP, hashDemoPassword, planDemo, seedGroup } from '@frontline/db/seed';
import { testSql } from '@frontline/db/testing';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { createReceptionDay } from '../src/features/reception/service.ts';
import { mailSettings } from '../src/mail/settings.ts';
import { morningReceptionDay } from './fixtures.ts';
import type { ServerWorkerData } from './server-worker.ts';

const size = DEMO_GROUP;
const sizeLabel = `demo group${quick ? ', quick' : ''}`;
const STAFF = 50;
const PER_STAFF = quick ? 5 : 20;
const DAYS = quick ? 40 : 1_000;
const IN_FLIGHT = 50;
const T0 = Date.UTC(2026, 0, 20, 8); // Tuesday 2026-01-20, 16:00 in Shanghai
const mail = mailSettings({ origin: 'https://frontline.bench' });
const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const databases = benchDatabases('servers');

type Instance = { origin: string; worker: Worker };

async function startInstances(location: string, count: number): Promise<Instance[]> {
  return Promise.all(
    Array.from({ length: count }, async () => {
      const worker = new Worker(new URL('./server-worker.ts', import.meta.url), {
        workerData: { location, start: T0 } satisfies ServerWorkerData,
      });
      const port = await new Promise<number>((resolve, reject) => {
        worker.once('error', reject);
        worker.once('message', (m: { port: number }) => resolve(m.port));
      });
      return { origin: `http://127.0.0.1:${port}`, worker };
    }),
  );
}

async function stopInstances(instances: Instance[]): Promise<void> {
  await Promise.all(
    instances.map(async ({ worker }) => {
      const stopped = new Promise((resolve) => worker.once('message', resolve));
      worker.postMessage('stop');
      await stopped;
      await worker.terminate();
    }),
  );
}

function post(instance: Instance, path: string, json: unknown, cookie?: string): Promise<Response> {
  return fetch(`${instance.origin}${path}`, {
    method: 'POST',
    headers: {
      origin: instance.origin,
      'content-type': 'application/json',
      ...(cookie ? { cookie } : {}),
    },
    body: JSON.stringify(json),
  });
}

async function signIn(instance: Instance, login: string): Promise<string> {
  const res = await post(instance, '/api/auth/sign-in', { login, password: 'frontline-demo' });
  if (res.status !== 200) throw new Error(`sign-in of ${login}: ${res.status} ${await res.text()}`);
  return res.headers.getSetCookie()[0]!.split(';')[0]!;
}

/** Sends every job with `IN_FLIGHT` clients, job i to instance i mod n; the status of each, and the seconds it took. */
async function drive<J>(
  instances: Instance[],
  jobs: J[],
  send: (instance: Instance, job: J) => Promise<Response>,
): Promise<{ statuses: number[]; seconds: number }> {
  const statuses: number[] = new Array<number>(jobs.length);
  let next = 0;
  const t = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < jobs.length) {
        const i = next++;
        const res = await send(instances[i % instances.length]!, jobs[i]!);
        statuses[i] = res.status;
        await res.arrayBuffer();
      }
    }),
  );
  return { statuses, seconds: (performance.now() - t) / 1000 };
}

try {
  console.log(
    `servers benchmark on ${databases.dialect === 'postgres' ? 'PostgreSQL (one database)' : 'SQLite (one file)'} — ${size.regions} regions, ${size.projects} projects, ${fmt(size.employees)} employees, ${fmt(size.households)} households; ${IN_FLIGHT} requests in flight over HTTP`,
  );
  const seeded = await databases.fresh('seeded');
  const db = await openMigratedDatabase(seeded);
  const q = testSql(db);
  await seedGroup(db, { size, passwordHash: await hashDemoPassword() });
  await planDemo(db, '2026-01-20', T0);

  // Reception days of the region of `pm`, six slots of two each.
  const pm = (await q.get<{ region_id: number; project_id: number }>(
    `select region_id, project_id from employees where login = 'pm'`,
  ))!;
  const heads = await q.all<{ id: number; proposed_on: string; project_id: number }>(
    `select d.id, d.proposed_on, coalesce(d.project_id, ?) as project_id from duties d where d.region_id = ? and d.kind = 'reception' and d.status = 'planned' and d.proposed_on is not null order by d.id limit ?`,
    pm.project_id,
    pm.region_id,
    DAYS,
  );
  const slots: { slot: number; day: number }[] = [];
  for (const h of heads) {
    const r = await createReceptionDay(db, morningReceptionDay(h, 2), { actorId: null, at: T0 }, mail);
    if (r.ok) slots.push(...r.value.slots.map((s) => ({ slot: s.id, day: r.value.id })));
  }
  const households = await q.values<number>(
    `select h.id from households h join projects p on p.id = h.project_id where p.region_id = ? order by h.id limit ?`,
    pm.region_id,
    slots.length * 4,
  );
  const bookings = slots.flatMap((s, i) =>
    [0, 1, 2, 3].map((k) => ({ ...s, household: households[(i * 4 + k) % households.length]! })),
  );

  const staff = await q.all<{ employee_no: string; household_id: number }>(
    `select e.employee_no, min(h.id) as household_id from employees e join households h on h.owner_employee_id = e.id
     where e.position = 'staff' and e.active = 1 group by e.id, e.employee_no order by e.id limit ?`,
    STAFF,
  );
  const version = (await currentFormVersion(db, 7))!;
  const categories = await listCategories(db);
  const leak = categories.find((c) => c.code === 'leaks')!;
  const noise = categories.find((c) => c.code === 'noise')!;
  const issue = (dimension: string, categoryId: number, area: string, description: string) => ({
    dimension,
    categoryId,
    severity: 'general',
    building: '3栋',
    unit: '2单元',
    room: '1201',
    area,
    description,
    photos: [],
  });
  const visitBody = (householdId: number, k: number) => ({
    clientId: randomUUID(),
    checkpoint: 7,
    formVersionId: version.id,
    householdIds: [householdId],
    visitedOn: '2026-01-19',
    visitedAt: `${String(9 + (k % 8)).padStart(2, '0')}:30`,
    channel: 'home_visit',
    answers: {
      overall: 1 + (k % 5),
      ...(k % 5 < 2 ? { overall_reason: '报修三次仍未修好，等待时间太长' } : {}),
      household_status: 'living',
      topics: ['repairs', 'property'],
      product_rating: 4,
      engineering_rating: 3,
      service_rating: 4,
      organisation_rating: 3,
      nps: k % 11,
      notes: '业主希望物业加强地库照明与保洁。',
      issues: [
        issue('engineering', leak.id, '主卧', '主卧窗框雨天渗水，墙面起皮'),
        issue('product', noise.id, '客厅', '夜间电梯井噪音明显'),
      ],
    },
  });
  if (db.dialect === 'sqlite') db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  await db.close();
  console.log(
    `  data: ${fmt(slots.length)} slots on ${fmt(heads.length)} reception days (${fmt(bookings.length)} booking requests), ${fmt(staff.length * PER_STAFF)} visits by ${staff.length} staff`,
  );

  const results: Record<number, { bookings: number; requests: number; visits: number }> = {};
  for (const count of [1, 2]) {
    const location = await databases.copy(seeded, `instances_${count}`);
    const instances = await startInstances(location, count);
    try {
      // Sessions live in the database: a cookie from one instance is good on the other.
      const cr = await signIn(instances[0]!, 'cr');
      const cookies = await Promise.all(staff.map((s, i) => signIn(instances[i % count]!, s.employee_no)));
      const booked = await drive(instances, bookings, (instance, b) =>
        post(
          instance,
          `/api/reception-days/${b.day}/bookings`,
          { slotId: b.slot, householdId: b.household, note: '想沟通车位与园林问题' },
          cr,
        ),
      );
      const accepted = booked.statuses.filter((s) => s === 201).length;
      const refused = booked.statuses.filter((s) => s === 409).length;
      if (accepted + refused !== bookings.length)
        throw new Error(`bookings: ${bookings.length - accepted - refused} answered neither 201 nor 409`);
      const visits = staff.flatMap((s, i) =>
        Array.from({ length: PER_STAFF }, (_, k) => ({ cookie: cookies[i]!, json: visitBody(s.household_id, k) })),
      );
      const submitted = await drive(instances, visits, (instance, v) =>
        post(instance, '/api/visits', v.json, v.cookie),
      );
      const acknowledged = visits.filter((_, i) => submitted.statuses[i] === 201).map((v) => v.json.clientId);
      await stopInstances(instances);

      // Correctness, read back on a connection of its own.
      const check = await openMigratedDatabase(location);
      const c = testSql(check);
      const oversold = await c.value<number>(
        `select count(*) from (select b.slot_id from reception_bookings b join reception_slots s on s.id = b.slot_id where b.status = 'booked' group by b.slot_id having count(*) > max(s.capacity)) x`,
      );
      const miscounted = await c.value<number>(
        `select count(*) from reception_slots s where s.booked <> (select count(*) from reception_bookings b where b.slot_id = s.id and b.status = 'booked')`,
      );
      const bookedRows = await c.value<number>(`select count(*) from reception_bookings where status = 'booked'`);
      const stored = new Map(
        (
          await c.all<{ client_id: string; n: number }>(
            `select client_id, count(*) as n from visits group by client_id`,
          )
        ).map((r) => [r.client_id, Number(r.n)]),
      );
      await check.close();
      const missing = acknowledged.filter((id) => stored.get(id) !== 1).length;
      const problems = [
        Number(oversold) && `${oversold} slots oversold`,
        Number(miscounted) && `${miscounted} slots miscounted`,
        Number(bookedRows) !== accepted && `${bookedRows} bookings stored for ${accepted} acknowledged`,
        acknowledged.length !== visits.length && `${visits.length - acknowledged.length} visits refused`,
        missing && `${missing} acknowledged visits not stored exactly once`,
      ].filter(Boolean);
      console.log(
        `  ${count} instance${count > 1 ? 's' : ''}: bookings ${fmt(bookings.length / booked.seconds)} requests/s (${fmt(accepted / booked.seconds)} bookings/s; ${fmt(accepted)} booked, ${fmt(refused)} refused as full); visits ${fmt(acknowledged.length / submitted.seconds)}/s (${fmt(acknowledged.length)} acknowledged) — ${problems.length ? problems.join(', ') : 'no slot oversold, every acknowledged visit stored once'}`,
      );
      if (problems.length) throw new Error(`${count} instances: ${problems.join(', ')}`);
      results[count] = {
        bookings: accepted / booked.seconds,
        requests: bookings.length / booked.seconds,
        visits: acknowledged.length / submitted.seconds,
      };
    } catch (error) {
      await Promise.all(instances.map((i) => i.worker.terminate()));
      throw error;
    }
  }
  const one = results[1]!;
  const two = results[2];
  if (two) {
    console.log(
      `  two instances against one: bookings ${fmt(two.bookings / one.bookings, 2)}×, visits ${fmt(two.visits / one.visits, 2)}×`,
    );
    const record = (figure: string, value: number, baseline: number, unit: string) =>
      recordFigure({
        bench: 'servers',
        dialect: databases.dialect,
        size: sizeLabel,
        figure,
        value,
        baseline,
        ratio: value / baseline,
        unit,
      });
    record('bookings/s, 2 instances (baseline: 1 instance)', two.bookings, one.bookings, 'bookings/s');
    record('visits/s, 2 instances (baseline: 1 instance)', two.visits, one.visits, 'visits/s');
  }
  recordFigure({
    bench: 'servers',
    dialect: databases.dialect,
    size: sizeLabel,
    figure: 'bookings/s, 1 instance',
    value: one.bookings,
    baseline: null,
    ratio: null,
    unit: 'bookings/s',
  });
  recordFigure({
    bench: 'servers',
    dialect: databases.dialect,
    size: sizeLabel,
    figure: 'visits/s, 1 instance',
    value: one.visits,
    baseline: null,
    ratio: null,
    unit: 'visits/s',
  });
} finally {
  await databases.dispose();
}
