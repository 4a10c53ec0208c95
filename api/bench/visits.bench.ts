/**
 * Visit benchmarks on the large group (planned for January 2026):
 *
 * 1. Submission throughput — POST /api/visits through the HTTP app, 50 in
 *    flight, each visit with eight scalar answers and two issue items (no
 *    photos), by 50 signed-in staff — against raw better-sqlite3 inserts of
 *    exactly the rows those submissions wrote (visit, household, staff,
 *    answers, issue items, audit entry), one transaction per visit, on a copy
 *    of the same database. On PostgreSQL the baseline is raw `pg` on one
 *    client: one transaction per visit, a multi-row INSERT per table.
 * 2. Household timeline — GET /api/households/:id/timeline for a household
 *    with 200 touchpoints (visits with issues, and reception bookings),
 *    against the raw SQL reading the same rows (on PostgreSQL the same SQL in
 *    its spelling, through raw `pg` named statements).
 *
 *   node bench/visits.bench.ts           large group (30,000 employees, 1,000,000 households)
 *   node bench/visits.bench.ts --demo    the demo group, for a quick look
 */
import { DEFAULT_SESSION_POLICY } from '@frontline/core';
import { currentFormVersion, listCategories, openMigratedDatabase, type Db } from '@frontline/db';
import { DEMO_GROUP, LARGE_GROUP, hashDemoPassword, planDemo, seedGroup } from '@frontline/db/seed';
import { randomUUID } from 'node:crypto';
import { benchDatabases, quick, rawPgInsert, rawPgTransaction, recordFigure } from '@frontline/db/bench';
import { testSql } from '@frontline/db/testing';
import { performance } from 'node:perf_hooks';
import { createApp } from '../src/app.ts';
import { roomIssue } from './fixtures.ts';

const demo = process.argv.includes('--demo') || quick;
const size = demo ? DEMO_GROUP : LARGE_GROUP;
const databases = benchDatabases('visits');
const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const T0 = Date.UTC(2026, 0, 20, 8); // Tuesday 2026-01-20, 16:00 in Shanghai
const STAFF = 50;
const PER_STAFF = demo ? 10 : 40;
const IN_FLIGHT = 50;

async function median(runs: number, work: () => Promise<unknown> | unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await work();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

function appOn(db: Db, visitLookbackDays?: number) {
  const app = createApp({
    db,
    now: () => T0,
    sessionPolicy: DEFAULT_SESSION_POLICY,
    ...(visitLookbackDays === undefined ? {} : { visitLookbackDays }),
  });
  const call = (path: string, init: { method?: string; cookie?: string; json?: unknown } = {}) =>
    app.request(`http://localhost${path}`, {
      method: init.method ?? (init.json === undefined ? 'GET' : 'POST'),
      headers: {
        origin: 'http://localhost',
        ...(init.cookie ? { cookie: init.cookie } : {}),
        ...(init.json === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) }),
    });
  return {
    call,
    signIn: async (login: string) =>
      (await call('/api/auth/sign-in', { json: { login, password: 'frontline-demo' } })).headers
        .getSetCookie()[0]!
        .split(';')[0]!,
  };
}

try {
  console.log(
    `visits benchmark — ${size.regions} regions, ${size.projects} projects, ${fmt(size.employees)} employees, ${fmt(size.households)} households`,
  );
  const file = await databases.fresh('bench');
  let db = await openMigratedDatabase(file);
  let q = testSql(db);
  await seedGroup(db, {
    size,
    passwordHash: await hashDemoPassword(),
    onProgress: (rows, expected) =>
      process.stdout.write(
        `\r  seeding: ${Math.min(100, Math.round((rows / expected) * 100))
          .toString()
          .padStart(3)}%`,
      ),
  });
  process.stdout.write('\r  seeding: done  \n  planning 2026…');
  await planDemo(db, '2026-01-20', T0);
  process.stdout.write(' done\n');
  let api = appOn(db);
  const version = (await currentFormVersion(db, 7))!;
  const categories = await listCategories(db);
  const leak = categories.find((c) => c.code === 'leaks')!;
  const noise = categories.find((c) => c.code === 'noise')!;

  // ——— 1. submissions ———
  const staff = await q.all<{ employee_no: string; household_id: number }>(
    `select e.employee_no, min(h.id) as household_id from employees e join households h on h.owner_employee_id = e.id
     where e.position = 'staff' and e.active = 1 group by e.id order by e.id limit ?`,
    STAFF,
  );
  const cookies = await Promise.all(staff.map((s) => api.signIn(s.employee_no)));
  const bodies = staff.flatMap((s, i) =>
    Array.from({ length: PER_STAFF }, (_, k) => ({
      cookie: cookies[i]!,
      json: {
        clientId: randomUUID(),
        checkpoint: 7,
        formVersionId: version.id,
        householdIds: [s.household_id],
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
            roomIssue('engineering', leak.id, 'major', '主卧', '主卧窗框雨天渗水，墙面起皮'),
            roomIssue('product', noise.id, 'general', '客厅', '夜间电梯井噪音明显'),
          ],
        },
      },
    })),
  );
  let baselineLocation: string;
  if (db.dialect === 'sqlite') {
    db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    baselineLocation = await databases.copy(file, 'baseline');
  } else {
    // PostgreSQL copies only a database nobody is connected to; the sessions are in it, so the cookies stay good.
    await db.close();
    baselineLocation = await databases.copy(file, 'baseline');
    db = await openMigratedDatabase(file);
    q = testSql(db);
    api = appOn(db);
  }
  const firstVisit = Number(await q.value('select coalesce(max(id), 0) + 1 from visits'));
  const firstAudit = Number(await q.value('select coalesce(max(id), 0) + 1 from audit_log'));

  const t1 = performance.now();
  let created = 0;
  for (let i = 0; i < bodies.length; i += IN_FLIGHT) {
    const batch = bodies.slice(i, i + IN_FLIGHT);
    const statuses = await Promise.all(
      batch.map(async (b) => {
        const res = await api.call('/api/visits', b);
        await res.arrayBuffer();
        return res.status;
      }),
    );
    created += statuses.filter((s) => s === 201).length;
    process.stdout.write(`\r  submitting: ${Math.round(((i + batch.length) / bodies.length) * 100)}%`);
  }
  const seconds = (performance.now() - t1) / 1000;
  if (created !== bodies.length) throw new Error(`only ${created} of ${bodies.length} visits were accepted`);

  // The same rows, written raw: one transaction per visit, as the server commits them.
  const rowsOf = (table: string, where: string) =>
    q.all<Record<string, unknown>>(`select * from ${table} where ${where}`, firstVisit);
  const visits = await rowsOf('visits', 'id >= ?');
  const byVisit = (rows: Record<string, unknown>[]) => Map.groupBy(rows, (r) => r.visit_id as number);
  const households = byVisit(await rowsOf('visit_households', 'visit_id >= ?'));
  const staffRows = byVisit(await rowsOf('visit_staff', 'visit_id >= ?'));
  const answers = byVisit(await rowsOf('visit_answers', 'visit_id >= ?'));
  const issues = byVisit(await rowsOf('visit_issues', 'visit_id >= ?'));
  const audits = await q.all<Record<string, unknown>>(
    `select * from audit_log where id >= ? and action = 'visit.create'`,
    firstAudit,
  );
  const auditOf = new Map(audits.map((a) => [Number(a.entity_id), a]));
  const rowCount =
    visits.length +
    [households, staffRows, answers, issues].reduce((n, m) => n + [...m.values()].flat().length, 0) +
    audits.length;
  await db.close();

  const base = await openMigratedDatabase(baselineLocation);
  let baseSeconds: number;
  if (base.dialect === 'sqlite') {
    const insertAll = (table: string) => {
      const cache = new Map<string, ReturnType<typeof base.sqlite.prepare>>();
      return (row: Record<string, unknown>) => {
        const cols = Object.keys(row);
        const key = cols.join(',');
        let stmt = cache.get(key);
        if (!stmt)
          cache.set(
            key,
            (stmt = base.sqlite.prepare(`insert into ${table} (${key}) values (${cols.map(() => '?').join(',')})`)),
          );
        stmt.run(cols.map((c) => row[c]));
      };
    };
    const put = {
      visits: insertAll('visits'),
      vh: insertAll('visit_households'),
      vs: insertAll('visit_staff'),
      va: insertAll('visit_answers'),
      vi: insertAll('visit_issues'),
      audit: insertAll('audit_log'),
    };
    const writeOne = base.sqlite.transaction((v: Record<string, unknown>) => {
      const id = v.id as number;
      put.visits(v);
      for (const r of households.get(id) ?? []) put.vh(r);
      for (const r of staffRows.get(id) ?? []) put.vs(r);
      for (const r of answers.get(id) ?? []) put.va(r);
      for (const r of issues.get(id) ?? []) put.vi(r);
      put.audit(auditOf.get(id)!);
    });
    const t2 = performance.now();
    for (const v of visits) writeOne(v);
    baseSeconds = (performance.now() - t2) / 1000;
  } else {
    const insertRows = async (
      client: Parameters<typeof rawPgInsert>[0],
      table: string,
      rows: Record<string, unknown>[],
    ) => {
      if (rows.length)
        await rawPgInsert(
          client,
          table,
          Object.keys(rows[0]!),
          rows.map((r) => Object.values(r)),
        );
    };
    const t2 = performance.now();
    for (const v of visits) {
      const id = v.id as number;
      await rawPgTransaction(base.pool, async (client) => {
        await insertRows(client, 'visits', [v]);
        await insertRows(client, 'visit_households', households.get(id) ?? []);
        await insertRows(client, 'visit_staff', staffRows.get(id) ?? []);
        await insertRows(client, 'visit_answers', answers.get(id) ?? []);
        await insertRows(client, 'visit_issues', issues.get(id) ?? []);
        await insertRows(client, 'audit_log', [auditOf.get(id)!]);
      });
    }
    baseSeconds = (performance.now() - t2) / 1000;
  }
  await base.close();
  const ours = created / seconds;
  const raw = visits.length / baseSeconds;
  console.log(
    `\r  submissions: ${fmt(created)} visits by ${staff.length} staff, ${IN_FLIGHT} in flight; ${fmt(rowCount)} rows written (${fmt(rowCount / created, 1)} per visit: answers, 2 issue items, household, staff, audit)`,
  );
  console.log(
    `    ${fmt(ours)} visits/s through the API vs ${fmt(raw)} visits/s as raw inserts of the same rows; ratio ${fmt(ours / raw, 2)}`,
  );

  // ——— 2. household timeline with 200 touchpoints ———
  const tl = await openMigratedDatabase(file);
  const t = testSql(tl);
  // The timeline's visits go back half a year, past the default look-back of a visit without a duty.
  const tlApi = appOn(tl, 366);
  const owner = (await t.get<{ employee_no: string; household_id: number }>(
    `select e.employee_no, h.id as household_id from employees e join households h on h.owner_employee_id = e.id where e.position = 'staff' order by e.id desc limit 1`,
  ))!;
  const cookie = await tlApi.signIn(owner.employee_no);
  const days = Array.from({ length: 190 }, (_, i) =>
    new Date(Date.UTC(2025, 6, 1) + i * 86_400_000).toISOString().slice(0, 10),
  ).filter((d) => d <= '2026-01-19');
  for (const [i, day] of days.entries()) {
    const res = await tlApi.call('/api/visits', {
      cookie,
      json: {
        ...bodies[0]!.json,
        clientId: randomUUID(),
        householdIds: [owner.household_id],
        visitedOn: day,
        visitedAt: '10:00',
        answers: { ...bodies[i % bodies.length]!.json.answers },
      },
    });
    if (res.status !== 201) throw new Error(`timeline setup: ${res.status} ${await res.text()}`);
  }
  // …and reception bookings, written straight to the table: the timeline reads them the same way.
  const day = await t.value<number | undefined>(`select id from reception_days limit 1`);
  let bookings = 0;
  if (day === undefined) {
    const duty = (await t.get<{ id: number; employee_id: number; region_id: number }>(
      `select id, employee_id, region_id from duties where kind = 'reception' order by id limit 1`,
    ))!;
    const project = await t.value<number>(`select id from projects where region_id = ? limit 1`, duty.region_id);
    const dayId = Number(
      await t.value(
        `insert into reception_days (duty_id, employee_id, project_id, venue_kind, date, start_time, end_time, slot_minutes, slot_capacity, topic, status, uid, sequence, created_at, updated_at)
         values (?, ?, ?, 'customer_centre', '2025-12-01', '09:00', '12:00', 30, 2, '接待', 'open', 'bench-uid', 0, 0, 0) returning id`,
        duty.id,
        duty.employee_id,
        project,
      ),
    );
    const slot = Number(
      await t.value(
        `insert into reception_slots (day_id, starts_at, ends_at, capacity) values (?, '09:00', '09:30', 100) returning id`,
        dayId,
      ),
    );
    const employee = await t.value<number>(`select id from employees where employee_no = ?`, owner.employee_no);
    for (let i = 0; i < 200 - days.length; i++)
      await t.run(
        `insert into reception_bookings (day_id, slot_id, household_id, booked_by, date, note, status, created_at, updated_at) values (?, ?, ?, ?, ?, '', 'cancelled', 0, 0)`,
        dayId,
        slot,
        owner.household_id,
        employee,
        `2025-${String(1 + (i % 12)).padStart(2, '0')}-15`,
      );
    bookings = 200 - days.length;
  }
  // The timeline is read a page at a time: the largest page (100) against raw SQL of up to 101 rows of each kind.
  const firstPage = `/api/households/${owner.household_id}/timeline?limit=100`;
  const res = await (await tlApi.call(firstPage, { cookie })).json();
  const entries = (res as { entries: unknown[] }).entries.length;
  const served = await median(25, async () => (await tlApi.call(firstPage, { cookie })).arrayBuffer());
  const pgClient = tl.dialect === 'postgres' ? await tl.pool!.connect() : undefined;
  const rawRead =
    tl.dialect === 'sqlite'
      ? await median(25, () => {
          const v = tl.sqlite
            .prepare(
              `select v.*, (select json_group_array(description) from visit_issues i where i.visit_id = v.id) as issues from visits v join visit_households vh on vh.visit_id = v.id where vh.household_id = ? order by v.visited_on desc, v.visited_at desc, v.id desc limit 101`,
            )
            .all(owner.household_id);
          const b = tl.sqlite
            .prepare(`select * from reception_bookings where household_id = ? order by date desc, id desc limit 101`)
            .all(owner.household_id);
          return v.length + b.length;
        })
      : await median(25, async () => {
          const v = await pgClient!.query({
            name: 'timeline_visits',
            text: `select v.*, (select json_agg(description) from visit_issues i where i.visit_id = v.id) as issues from visits v join visit_households vh on vh.visit_id = v.id where vh.household_id = $1 order by v.visited_on desc, v.visited_at desc, v.id desc limit 101`,
            values: [owner.household_id],
          });
          const b = await pgClient!.query({
            name: 'timeline_bookings',
            text: `select * from reception_bookings where household_id = $1 order by date desc, id desc limit 101`,
            values: [owner.household_id],
          });
          return v.rows.length + b.rows.length;
        });
  pgClient?.release();
  console.log(
    `  household timeline, first page: ${entries} of 200 touchpoints (${days.length} visits with 2 issues each, ${bookings} bookings) — ${fmt(served, 1)} ms served vs ${fmt(rawRead, 1)} ms raw SQL of the same rows; ratio (raw/ours) ${fmt(rawRead / served, 2)}`,
  );
  await tl.close();
  const sizeLabel = demo ? 'demo group' : 'large group';
  recordFigure({
    bench: 'visits',
    dialect: databases.dialect,
    size: sizeLabel,
    figure: 'visits/s, 50 in flight (baseline: raw inserts of the same rows)',
    value: ours,
    baseline: raw,
    ratio: ours / raw,
    unit: 'visits/s',
  });
  recordFigure({
    bench: 'visits',
    dialect: databases.dialect,
    size: sizeLabel,
    figure: 'household timeline, 200 touchpoints (baseline: raw SQL)',
    value: served,
    baseline: rawRead,
    ratio: rawRead / served,
    unit: 'ms',
  });
} finally {
  await databases.dispose();
}
