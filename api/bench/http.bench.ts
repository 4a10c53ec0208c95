/**
 * The server as clients use it: the real server process (`node src/main.ts`,
 * the web app built in front of it, its scheduler running) on the large
 * group, driven over loopback by autocannon with 50 connections, against a
 * bare Hono handler on @hono/node-server answering each request with the same
 * bytes in the same run (http/bare-server.ts).
 *
 * Requests: the API's hot reads (my duties, me, health, a reception day with
 * its roster, the busiest household's timeline, the analysis view, the
 * calendar feed), its two hot writes (booking, visit submission: every
 * request a new row) and the main server-rendered pages. For each it prints
 * req/s, p50 and p99 on both servers and the ratio; then the first load of
 * each after start-up, the pages' p95 under 20 concurrent users, the latency
 * of fresh connections while 50 others saturate the server, the CPU profile
 * summary of the slowest request (ratio) and a soak: 200 connections for
 * 10 minutes mixing the requests, with errors, timeouts, p99, fresh
 * connections and the server's memory after warm-up.
 *
 *   node bench/http.bench.ts            large group, 10 s per request, 10-minute soak
 *   node bench/http.bench.ts --quick    demo group, 3 s per request, 30-second soak
 *   FRONTLINE_BENCH_HTTP_ONLY="duties health"   only those requests (and no soak)
 *   FRONTLINE_WORKERS=2                          the server as that many processes (node:cluster)
 *
 * The web app must be built (scripts/bench.sh builds it).
 */
import { shanghaiDate } from '@frontline/core';
import { currentFormVersion, listCategories, openMigratedDatabase } from '@frontline/db';
import { benchDatabases, quick, recordFigure } from '@frontline/db/bench';
import { DEMO_GROUP, DEMO_PASSWORD, LARGE_GROUP } from '@frontline/db/seed';
import { testSql } from '@frontline/db/testing';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { seedDemo } from '../src/demo.ts';
import { createReceptionDay } from '../src/features/reception/service.ts';
import { mailSettings } from '../src/mail/settings.ts';
import { freePort } from '../src/testing/free-port.ts';
import { morningReceptionDay, roomIssue } from './fixtures.ts';
import type { RecordedResponse } from './http/bare-server.ts';
import {
  freshConnectionsDuring,
  load,
  percentile,
  summariseProfile,
  type LoadResult,
  type RequestKind,
} from './http/load.ts';

const size = quick ? DEMO_GROUP : LARGE_GROUP;
const sizeLabel = quick ? 'demo group' : 'large group';
const SECONDS = quick ? 3 : 10;
const SOAK_SECONDS = Number(process.env.FRONTLINE_BENCH_SOAK_SECONDS ?? (quick ? 30 : 600));
const SOAK_USERS = 200;
const CONNECTIONS = 50;
const only = process.env.FRONTLINE_BENCH_HTTP_ONLY?.split(/\s+/).filter(Boolean);
const apiDir = new URL('..', import.meta.url).pathname;
const webHandler = new URL('../../web/build/handler.js', import.meta.url).pathname;
const fmt = (n: number, digits = 0) =>
  Number.isFinite(n) ? n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '—';
const databases = benchDatabases('http');
const scratch = mkdtempSync(join(tmpdir(), 'frontline-http-bench-'));

type Running = { child: ChildProcess; origin: string; pid: number };

/** Starts a process and waits for `ready` on its stdout; its output is kept out of the bench's unless it fails. */
function startProcess(args: string[], env: Record<string, string>, ready: RegExp, origin: (out: string) => string) {
  return new Promise<Running>((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: apiDir, env: { ...process.env, ...env }, stdio: 'pipe' });
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      if (ready.test(out)) {
        child.stdout!.off('data', onData);
        child.stdout!.resume();
        resolve({ child, origin: origin(out), pid: child.pid! });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited (${code}) before it was ready:\n${out}`)));
  });
}

async function startFrontline(
  location: string,
  extraArgs: string[] = [],
  extraEnv: Record<string, string> = {},
): Promise<Running> {
  const port = await freePort();
  const where: Record<string, string> = location.startsWith('postgres')
    ? { FRONTLINE_DATABASE_URL: location }
    : { FRONTLINE_DB_PATH: location };
  return startProcess(
    [...extraArgs, 'src/main.ts'],
    {
      ...where,
      PORT: String(port),
      HOST: '127.0.0.1',
      FRONTLINE_SEED_DEMO: 'false',
      FRONTLINE_WEB_HANDLER: webHandler,
      ...extraEnv,
    },
    /is running at/,
    () => `http://127.0.0.1:${port}`,
  );
}

/** Stops a process with SIGINT (Frontline closes its server and database, and writes its CPU profile). */
function stop(p: Running): Promise<void> {
  return new Promise((resolve) => {
    if (p.child.exitCode !== null) return resolve();
    p.child.once('exit', () => resolve());
    p.child.kill('SIGINT');
  });
}

/** Resident memory of a process and its children (the server processes under FRONTLINE_WORKERS). */
function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const own = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) * 1024;
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
  return children.reduce((sum, child) => sum + rssOf(Number(child)), own);
}

async function signIn(origin: string, login: string): Promise<string> {
  const res = await fetch(`${origin}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify({ login, password: DEMO_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`sign-in ${login}: ${res.status} ${await res.text()}`);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

async function getJson<T>(origin: string, path: string, cookie: string): Promise<T> {
  const res = await fetch(`${origin}${path}`, { headers: { cookie } });
  if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

// ——— the data: the group as the demo seeds it, plus reception days with room for the bookings ———
console.log(
  `http — ${sizeLabel} (${size.regions} regions, ${size.projects} projects, ${fmt(size.employees)} employees, ${fmt(size.households)} households), ${CONNECTIONS} connections, ${SECONDS} s per request`,
);
const location = await databases.fresh('group');
const now = Date.now();
const today = shanghaiDate(now);
// Visits are dated yesterday at 10:30: today's 10:30 is still ahead when the bench runs before it (VISIT_IN_FUTURE).
const yesterday = shanghaiDate(now - 86_400_000);
const yearAgo = `${Number(today.slice(0, 4)) - 1}${today.slice(4)}`;
const mail = mailSettings({ origin: 'http://127.0.0.1' });
let t = performance.now();
{
  const db = await openMigratedDatabase(location);
  await seedDemo(db, {
    holder: 'bench',
    mail,
    now,
    size,
    visits: quick ? 600 : 20_000,
    log: (text) => process.stdout.write(text.startsWith('›') ? `  ${text}` : text),
  });
  // Bookings: reception days of region 1's planned reception duties, every slot open to 20 households.
  const q = testSql(db);
  const heads = await q.all<{ id: number; proposed_on: string; project_id: number }>(
    `select d.id, d.proposed_on, coalesce(d.project_id, (select min(id) from projects where region_id = 1)) as project_id
     from duties d where d.region_id = 1 and d.kind = 'reception' and d.status = 'planned' and d.proposed_on is not null
     order by d.proposed_on limit 60`,
  );
  for (const h of heads) {
    await createReceptionDay(db, morningReceptionDay(h, 20), { actorId: null, at: now }, mail);
  }
  await db.close();
}
console.log(`\n  data ready in ${fmt((performance.now() - t) / 1000, 1)} s`);

// ——— start-up, sign-ins, the requests ———
t = performance.now();
let frontline = await startFrontline(location);
console.log(
  `  server started in ${fmt((performance.now() - t) / 1000, 1)} s (pid ${frontline.pid}; FRONTLINE_WORKERS=${process.env.FRONTLINE_WORKERS ?? '1'})`,
);
const { origin } = frontline;
const staff = await signIn(origin, 'staff');
const cr = await signIn(origin, 'cr');
const president = await signIn(origin, 'president');
const hr = await signIn(origin, 'hr');

const db = await openMigratedDatabase(location);
const q = testSql(db);
const myHousehold = (await getJson<{ items: { id: number }[] }>(origin, '/api/my/households?limit=1', staff)).items[0]!
  .id;
// The busiest household of region 1 (cr's region): its timeline is the longest a viewer there reads.
const busiest = (await q.get<{ household_id: number; n: number }>(
  `select vh.household_id, count(*) as n from visit_households vh join households h on h.id = vh.household_id
   join projects p on p.id = h.project_id where p.region_id = 1 group by vh.household_id order by n desc limit 1`,
))!;
const rosterDay =
  (await q.get<{ id: number; n: number }>(
    `select d.id, (select count(*) from reception_bookings b where b.day_id = d.id) as n from reception_days d
   join employees e on e.id = d.employee_id where e.login = 'president' order by n desc, d.id limit 1`,
  )) ?? (await q.get<{ id: number; n: number }>(`select id, 0 as n from reception_days order by id limit 1`))!;
const slots = await q.all<{ id: number; day_id: number; capacity: number }>(
  `select s.id, s.day_id, s.capacity from reception_slots s join reception_days d on d.id = s.day_id
   where d.topic = '接待' and d.venue_kind = 'sales_office' and s.booked = 0 and d.status = 'open' order by s.id`,
);
const freeHouseholds = await q.values<number>(
  `select h.id from households h join projects p on p.id = h.project_id where p.region_id = 1
   and not exists (select 1 from reception_bookings b where b.household_id = h.id) order by h.id limit ?`,
  slots.reduce((n, s) => n + s.capacity, 0),
);
const version = (await currentFormVersion(db, 7))!;
const leak = (await listCategories(db)).find((c) => c.code === 'leaks')!;
await db.close();
const feedUrl = (await getJson<{ url: string }>(origin, '/api/me/feed', president)).url;

// Each booking a new household in a slot with room; the slots are filled in order.
const bookings = slots.flatMap((s) => Array.from({ length: s.capacity }, () => ({ slot: s.id, day: s.day_id })));
const bookingBodies = bookings.slice(0, freeHouseholds.length).map((b, i) => ({ ...b, household: freeHouseholds[i]! }));
const visitBody = () =>
  JSON.stringify({
    clientId: randomUUID(),
    checkpoint: 7,
    formVersionId: version.id,
    householdIds: [myHousehold],
    visitedOn: yesterday,
    visitedAt: '10:30',
    channel: 'home_visit',
    answers: {
      overall: 4,
      household_status: 'living',
      topics: ['repairs', 'property'],
      product_rating: 4,
      engineering_rating: 3,
      service_rating: 4,
      organisation_rating: 3,
      nps: 8,
      notes: '业主希望物业加强地库照明与保洁。',
      issues: [roomIssue('engineering', leak.id, 'major', '主卧', '主卧窗框雨天渗水，墙面起皮')],
    },
  });

const get = (name: string, path: string, cookie?: string): RequestKind => ({
  name,
  method: 'GET',
  path,
  headers: { 'x-bench-kind': name, ...(cookie ? { cookie } : {}) },
});
const post = (name: string, cookie: string, next: RequestKind['next'], amount: number): RequestKind => ({
  name,
  method: 'POST',
  path: next!().path!,
  headers: { 'x-bench-kind': name, cookie, origin, 'content-type': 'application/json' },
  next,
  amount,
});
let nextBooking = 0;
const kinds: RequestKind[] = [
  get('GET /api/me/duties', '/api/me/duties', staff),
  get('GET /api/me', '/api/me', staff),
  get('GET /api/health', '/api/health'),
  get(`GET /api/reception-days/:id (roster of ${rosterDay.n})`, `/api/reception-days/${rosterDay.id}`, president),
  get(`GET /api/households/:id/timeline (${busiest.n} visits)`, `/api/households/${busiest.household_id}/timeline`, cr),
  get('GET /api/analysis (a year)', `/api/analysis?from=${yearAgo.slice(0, 7)}&to=${today.slice(0, 7)}`, cr),
  get('GET /api/feeds/:token.ics', new URL(feedUrl).pathname, undefined),
  // Each booking a new household in a slot with room (the path names the slot's day); the slots fill in order.
  post(
    'POST /api/reception-days/:id/bookings',
    cr,
    () => {
      const b = bookingBodies[nextBooking++ % bookingBodies.length]!;
      return {
        path: `/api/reception-days/${b.day}/bookings`,
        body: JSON.stringify({ slotId: b.slot, householdId: b.household, note: '想沟通车位与园林问题' }),
      };
    },
    Math.min(bookingBodies.length - 2, quick ? 1_500 : 4_000),
  ),
  post('POST /api/visits', staff, () => ({ path: '/api/visits', body: visitBody() }), quick ? 1_500 : 6_000),
  get('page /', '/', staff),
  get('page /duties', '/duties', staff),
  get('page /visits/new', '/visits/new?checkpoint=7', staff),
  get('page /analysis', '/analysis', cr),
  get('page /scores', '/scores', hr),
].filter((k) => !only || only.some((w) => k.name.includes(w)));

// ——— first loads, and the bytes the bare handler answers with ———
const recorded: Record<string, RecordedResponse> = {};
const firstLoads: { name: string; ms: number; bytes: number }[] = [];
for (const k of kinds) {
  const write = k.next?.();
  const started = performance.now();
  const res = await fetch(`${origin}${write?.path ?? k.path}`, {
    method: k.method,
    headers: k.headers,
    ...(write ? { body: write.body } : {}),
  });
  const bytes = Buffer.from(await res.arrayBuffer());
  const ms = performance.now() - started;
  if (res.status >= 300) throw new Error(`${k.name}: ${res.status} ${bytes.toString().slice(0, 300)}`);
  firstLoads.push({ name: k.name, ms, bytes: bytes.length });
  recorded[k.name] = {
    status: res.status,
    contentType: res.headers.get('content-type') ?? 'application/octet-stream',
    body: bytes.toString('base64'),
  };
}
const recordedFile = join(scratch, 'responses.json');
writeFileSync(recordedFile, JSON.stringify(recorded));
const bare = await startProcess(
  ['bench/http/bare-server.ts', recordedFile],
  {},
  /listening \d+/,
  (out) => `http://127.0.0.1:${/listening (\d+)/.exec(out)![1]}`,
);

console.log('\n  first load of each after start-up:');
for (const f of firstLoads)
  console.log(`    ${f.name.padEnd(58)} ${fmt(f.ms, 1).padStart(8)} ms  ${fmt(f.bytes / 1024, 1)} KiB`);
const slowestFirst = firstLoads.reduce((a, b) => (b.ms > a.ms ? b : a));
console.log(`    slowest first load: ${slowestFirst.name}, ${fmt(slowestFirst.ms, 1)} ms (target < 1,000 ms)`);

// ——— throughput against the bare handler ———
type Row = { kind: RequestKind; ours: LoadResult; bare: LoadResult; ratio: number };
const rows: Row[] = [];
console.log(
  `\n  ${'request'.padEnd(58)} ${'KiB'.padStart(6)} ${'req/s'.padStart(8)} ${'p50'.padStart(7)} ${'p99'.padStart(7)} │ ${'bare req/s'.padStart(10)} ${'p99'.padStart(6)} │ ratio`,
);
for (const k of kinds) {
  // The bare handler writes nothing: Frontline's run books the same households after it.
  const before = nextBooking;
  const bareResult = await load(bare.origin, [k], { connections: CONNECTIONS, seconds: SECONDS });
  nextBooking = before;
  const ours = await load(origin, [k], { connections: CONNECTIONS, seconds: SECONDS });
  const ratio = ours.perSecond / bareResult.perSecond;
  rows.push({ kind: k, ours, bare: bareResult, ratio });
  const bytes = firstLoads.find((f) => f.name === k.name)!.bytes;
  console.log(
    `  ${k.name.padEnd(58)} ${fmt(bytes / 1024, 1).padStart(6)} ${fmt(ours.perSecond).padStart(8)} ${fmt(ours.p50, 1).padStart(7)} ${fmt(ours.p99, 1).padStart(7)} │ ${fmt(bareResult.perSecond).padStart(10)} ${fmt(bareResult.p99, 1).padStart(6)} │ ${fmt(ratio, 2)}${ours.failures ? `  (${ours.failures} failed: ${JSON.stringify(ours.statuses)})` : ''}`,
  );
  recordFigure({
    bench: 'http',
    dialect: databases.dialect,
    size: sizeLabel,
    figure: `${k.name} req/s, ${CONNECTIONS} connections (baseline: bare Hono, same bytes)`,
    value: Math.round(ours.perSecond),
    baseline: Math.round(bareResult.perSecond),
    ratio: Number(ratio.toFixed(3)),
    unit: 'req/s',
  });
}

// ——— pages under 20 users ———
const pages = kinds.filter((k) => k.name.startsWith('page '));
if (pages.length) {
  const r = await load(origin, pages, { connections: 20, seconds: SECONDS * 2 });
  console.log(
    `\n  pages, 20 concurrent users (${pages.map((p) => p.path).join(' ')} in turn): ${fmt(r.perSecond)} req/s, p50 ${fmt(r.p50, 1)} ms, p95 ${fmt(r.p95, 1)} ms (target < 200 ms), p99 ${fmt(r.p99, 1)} ms, ${r.failures} failed`,
  );
  recordFigure({
    bench: 'http',
    dialect: databases.dialect,
    size: sizeLabel,
    figure: 'pages p95, 20 concurrent users',
    value: Number(r.p95.toFixed(1)),
    baseline: null,
    ratio: null,
    unit: 'ms',
  });
}

// ——— fresh connections while 50 others saturate the server ———
const saturating = kinds.filter((k) => k.method === 'GET');
if (saturating.length) {
  const fresh = await freshConnectionsDuring(
    origin,
    '/api/health',
    100,
    load(origin, saturating, { connections: CONNECTIONS, seconds: SECONDS }),
  );
  console.log(
    `\n  fresh connections during a saturating load (${fmt(fresh.result.perSecond)} req/s of every read in turn): ${fresh.latencies.length} opened, p50 ${fmt(percentile(fresh.latencies, 50), 1)} ms, p99 ${fmt(percentile(fresh.latencies, 99), 1)} ms, max ${fmt(fresh.latencies.at(-1) ?? NaN, 1)} ms, ${fresh.failures} failed; the load's own p99 ${fmt(fresh.result.p99, 1)} ms`,
  );
  recordFigure({
    bench: 'http',
    dialect: databases.dialect,
    size: sizeLabel,
    figure: 'fresh connection p99 under saturation',
    value: Number(percentile(fresh.latencies, 99).toFixed(1)),
    baseline: null,
    ratio: null,
    unit: 'ms',
  });
}

// ——— where the slowest request's time goes ———
const profiled = process.env.FRONTLINE_BENCH_PROFILE;
const slowest = rows
  .filter((r) => (profiled ? r.kind.name.includes(profiled) : r.kind.method === 'GET'))
  .reduce<Row | undefined>((a, b) => (!a || b.ratio < a.ratio ? b : a), undefined);
if (slowest) {
  await stop(frontline);
  const profileDir = join(scratch, 'profile');
  const spawned = performance.now();
  // One process, whatever FRONTLINE_WORKERS says: one profile of the process that does the work.
  frontline = await startFrontline(location, ['--cpu-prof', `--cpu-prof-dir=${profileDir}`], {
    FRONTLINE_WORKERS: '1',
  });
  const k = { ...slowest.kind, headers: { ...slowest.kind.headers } };
  // The profiled server is a new process: the same sign-ins again.
  if (k.headers.cookie) {
    const login =
      k.headers.cookie === staff
        ? 'staff'
        : k.headers.cookie === cr
          ? 'cr'
          : k.headers.cookie === hr
            ? 'hr'
            : 'president';
    k.headers.cookie = await signIn(frontline.origin, login);
  }
  const loadFrom = performance.now() - spawned;
  await load(frontline.origin, [k], { connections: CONNECTIONS, seconds: SECONDS });
  await stop(frontline);
  const file = readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'));
  console.log(
    `\n  CPU profile of ${profiled ? '' : 'the slowest request by ratio, '}${k.name} (${fmt(slowest.ratio, 2)}), under load (start-up left out):`,
  );
  if (file) for (const line of summariseProfile(join(profileDir, file), loadFrom)) console.log(`    ${line}`);
  else console.log('    (no profile written)');
  frontline = await startFrontline(location);
}

// ——— soak ———
if (!only) {
  const soakKinds = kinds
    .filter((k) => k.method === 'GET' || k.name === 'POST /api/visits')
    .map((k) => {
      if (k.method === 'GET') return k;
      const { amount: _amount, ...rest } = k;
      return rest;
    });
  // The soak's sign-ins are the fresh server's.
  const cookies = new Map([
    [staff, await signIn(frontline.origin, 'staff')],
    [cr, await signIn(frontline.origin, 'cr')],
    [president, await signIn(frontline.origin, 'president')],
    [hr, await signIn(frontline.origin, 'hr')],
  ]);
  for (const k of soakKinds) {
    if (k.headers.cookie) k.headers = { ...k.headers, cookie: cookies.get(k.headers.cookie)! };
    if (k.headers.origin) k.headers = { ...k.headers, origin: frontline.origin };
  }
  const warm = await load(frontline.origin, soakKinds, {
    connections: SOAK_USERS,
    seconds: Math.min(60, SOAK_SECONDS / 5),
  });
  const afterWarmUp = rssOf(frontline.pid);
  const samples: number[] = [];
  const sampler = setInterval(() => samples.push(rssOf(frontline.pid)), 5_000);
  const soak = await freshConnectionsDuring(
    frontline.origin,
    '/api/health',
    500,
    load(frontline.origin, soakKinds, { connections: SOAK_USERS, seconds: SOAK_SECONDS, timeoutSeconds: 30 }),
  );
  clearInterval(sampler);
  const end = rssOf(frontline.pid);
  const growth = (end - afterWarmUp) / afterWarmUp;
  const mib = (b: number) => fmt(b / 1024 / 1024);
  console.log(
    `\n  soak: ${SOAK_USERS} connections for ${fmt(SOAK_SECONDS)} s (after ${fmt(warm.seconds)} s of warm-up), every request above but bookings in turn: ${fmt(soak.result.requests)} requests, ${fmt(soak.result.perSecond)} req/s, ${soak.result.failures} failed (${soak.result.timeouts} of them timed out), p50 ${fmt(soak.result.p50, 1)} ms, p99 ${fmt(soak.result.p99, 1)} ms`,
  );
  console.log(
    `    fresh connections: ${soak.latencies.length}, p99 ${fmt(percentile(soak.latencies, 99), 1)} ms, max ${fmt(soak.latencies.at(-1) ?? NaN, 1)} ms, ${soak.failures} failed`,
  );
  console.log(
    `    server memory (RSS): ${mib(afterWarmUp)} MiB after warm-up, ${mib(Math.max(...samples, end))} MiB at most, ${mib(end)} MiB at the end: ${fmt(growth * 100, 1)}% growth (target < 10%)`,
  );
  recordFigure({
    bench: 'http',
    dialect: databases.dialect,
    size: sizeLabel,
    figure: `soak, ${SOAK_USERS} connections: failed requests (timeouts included)`,
    value: soak.result.failures,
    baseline: null,
    ratio: null,
    unit: 'requests',
  });
  recordFigure({
    bench: 'http',
    dialect: databases.dialect,
    size: sizeLabel,
    figure: 'soak: server memory growth after warm-up',
    value: Number((growth * 100).toFixed(1)),
    baseline: null,
    ratio: null,
    unit: '%',
  });
}

await stop(frontline);
bare.child.kill('SIGTERM');
await databases.dispose();
if (existsSync(scratch)) rmSync(scratch, { recursive: true, force: true });
