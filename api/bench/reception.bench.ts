/**
 * Reception benchmarks on the large group (planned for 2026):
 *
 * 1. Calendar feed of a busy user — a year of duties (one every working day)
 *    plus a reception day each month — served by GET /api/feeds/{token}.ics,
 *    against raw ical-generator building the same events from rows already in
 *    memory, in the same process: asked again unchanged (as calendar apps
 *    poll), built afresh (inputs just changed), and answered 304 from its ETag.
 * 2. Booking throughput under concurrency — POST …/bookings through the HTTP
 *    app, 50 requests in flight, every slot contested by two households (half
 *    are refused as full) — against raw better-sqlite3 writes of the accepted
 *    rows, one transaction each of the slot's conditional count and the
 *    insert, on a copy of the same database. On PostgreSQL the baseline is
 *    raw `pg` on one client: each booking one statement (a named, prepared
 *    conditional UPDATE of the slot's count feeding the INSERT in one CTE,
 *    its own transaction).
 *
 *   node bench/reception.bench.ts           large group (30,000 employees, 1,000,000 households)
 *   node bench/reception.bench.ts --demo    the demo group, for a quick look
 */
import { DEFAULT_SESSION_POLICY, eachDate } from '@frontline/core';
import { openMigratedDatabase, type Db } from '@frontline/db';
import { DEMO_GROUP, LARGE_GROUP, hashDemoPassword, planDemo, seedGroup } from '@frontline/db/seed';
import ical from 'ical-generator';
import { benchDatabases, quick, rawPgInsert, rawPgTransaction, recordFigure } from '@frontline/db/bench';
import { testSql } from '@frontline/db/testing';
import { performance } from 'node:perf_hooks';
import { createApp } from '../src/app.ts';
import { recentFeeds } from '../src/features/feeds/service.ts';
import { createReceptionDay } from '../src/features/reception/service.ts';
import { mailSettings } from '../src/mail/settings.ts';
import { morningReceptionDay } from './fixtures.ts';

const demo = process.argv.includes('--demo') || quick;
const size = demo ? DEMO_GROUP : LARGE_GROUP;
const databases = benchDatabases('reception');
const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const T0 = Date.UTC(2026, 0, 5, 2); // Monday 2026-01-05, 10:00 in Shanghai
const TODAY = '2026-01-05';
const mail = mailSettings({ origin: 'https://frontline.bench' });
const ctx = { actorId: null, at: T0 };

async function median(runs: number, work: () => Promise<unknown> | unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await work();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

async function signedInApp(db: Db, login: string) {
  let now = T0;
  const app = createApp({ db, now: () => now, sessionPolicy: DEFAULT_SESSION_POLICY, mail });
  const res = await app.request('http://localhost/api/auth/sign-in', {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: 'http://localhost' },
    body: JSON.stringify({ login, password: 'frontline-demo' }),
  });
  const cookie = res.headers.getSetCookie()[0]!.split(';')[0]!;
  return { app, cookie, tick: () => (now += 1) };
}

try {
  console.log(
    `reception benchmark — ${size.regions} regions, ${size.projects} projects, ${fmt(size.employees)} employees, ${fmt(size.households)} households`,
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
  await planDemo(db, TODAY, T0);
  process.stdout.write(' done\n');

  // ——— 1. feed of a busy user ———
  const pm = (await q.get(`select id, region_id, project_id from employees where login = 'pm'`)) as {
    id: number;
    region_id: number;
    project_id: number;
  };
  const workdays = eachDate('2026-01-05', '2026-12-31').filter(
    (d) => ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay()),
  );
  const dutyRows = workdays.map((d) => [
    `bench:${pm.id}:${d}`,
    'home_visit',
    pm.id,
    pm.region_id,
    pm.project_id,
    'month',
    `2026-M${Number(d.slice(5, 7))}`,
    d,
    d,
    d,
    'planned',
    T0,
  ]);
  if (db.dialect === 'sqlite') {
    const insertDuty = db.sqlite.prepare(
      `insert into duties (key, kind, employee_id, region_id, project_id, period_kind, period_key, due_from, due_to, proposed_on, status, updated_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    db.sqlite.transaction(() => {
      for (const row of dutyRows) insertDuty.run(row);
    })();
  } else
    await rawPgTransaction(db.pool, (client) =>
      rawPgInsert(
        client,
        'duties',
        [
          'key',
          'kind',
          'employee_id',
          'region_id',
          'project_id',
          'period_kind',
          'period_key',
          'due_from',
          'due_to',
          'proposed_on',
          'status',
          'updated_at',
        ],
        dutyRows,
      ),
    );
  const receptions = await q.all<{ id: number; proposed_on: string }>(
    `select id, proposed_on from duties where employee_id = ? and kind = 'reception' and proposed_on is not null order by due_from`,
    pm.id,
  );
  for (const r of receptions) {
    await createReceptionDay(
      db,
      {
        dutyId: r.id,
        date: r.proposed_on,
        projectId: pm.project_id,
        venueKind: 'customer_centre',
        topic: '月度客户接待日',
        startTime: '09:30',
        endTime: '11:30',
        slotMinutes: 30,
        slotCapacity: 2,
      },
      ctx,
      mail,
    );
  }
  const pmApp = await signedInApp(db, 'pm');
  const { url } = (await (
    await pmApp.app.request('http://localhost/api/me/feed', { headers: { cookie: pmApp.cookie } })
  ).json()) as { url: string };
  const path = new URL(url).pathname;
  const served = await (await pmApp.app.request(`http://localhost${path}`)).text();
  const events = served.split('BEGIN:VEVENT').length - 1;
  // Built each time (the remembered calendars forgotten first), as when its inputs have just changed.
  const built = await median(15, async () => {
    recentFeeds.clear();
    return (await pmApp.app.request(`http://localhost${path}`)).text();
  });
  // Asked again with nothing changed: the calendar app polling without If-None-Match, then with it.
  const ours = await median(15, async () => (await pmApp.app.request(`http://localhost${path}`)).text());
  const etag = (await pmApp.app.request(`http://localhost${path}`)).headers.get('etag')!;
  const notModified = await median(15, async () => {
    const res = await pmApp.app.request(`http://localhost${path}`, { headers: { 'if-none-match': etag } });
    if (res.status !== 304) throw new Error(`expected 304, got ${res.status}`);
    return res.text();
  });

  // Baseline: ical-generator alone, from the same events held in memory.
  const rows = await q.all<{ id: number; kind: string; day: string }>(
    `select id, kind, coalesce(scheduled_on, proposed_on, due_to) as day from duties where employee_id = ? and due_to >= '2025-10-07'`,
    pm.id,
  );
  const days = (await q.all(
    `select uid, sequence, date, start_time, end_time, topic from reception_days where employee_id = ?`,
    pm.id,
  )) as {
    uid: string;
    sequence: number;
    date: string;
    start_time: string;
    end_time: string;
    topic: string;
  }[];
  const raw = await median(15, () => {
    const cal = ical({ name: 'bench' });
    for (const d of days) {
      cal.createEvent({
        id: d.uid,
        sequence: d.sequence,
        stamp: new Date(T0),
        start: new Date(`${d.date}T${d.start_time}:00+08:00`),
        end: new Date(`${d.date}T${d.end_time}:00+08:00`),
        summary: d.topic,
        location: 'x',
        url: 'https://x',
      });
    }
    for (const r of rows)
      cal.createEvent({
        id: `duty-${r.id}`,
        stamp: new Date(T0),
        start: new Date(`${r.day}T00:00:00Z`),
        allDay: true,
        summary: r.kind,
        url: 'https://x',
      });
    return cal.toString();
  });
  console.log(
    `  feed of a busy user: ${events} events (${fmt(served.length / 1024)} KiB) — ${fmt(ours, 1)} ms served vs ${fmt(raw, 1)} ms raw ical-generator; ratio (raw/ours) ${fmt(raw / ours, 2)}`,
  );
  console.log(
    `    built afresh (inputs just changed): ${fmt(built, 1)} ms, ratio (raw/ours) ${fmt(raw / built, 2)}; 304 from its ETag: ${fmt(notModified, 1)} ms, ratio (304/200) ${fmt(notModified / ours, 2)}`,
  );

  // ——— 2. booking throughput under concurrency ———
  const region = pm.region_id;
  const heads = await q.all<{ id: number; proposed_on: string; project_id: number }>(
    `select d.id, d.proposed_on, coalesce(d.project_id, ?) as project_id from duties d where d.region_id = ? and d.kind = 'reception' and d.status = 'planned' and d.proposed_on is not null order by d.id limit 120`,
    pm.project_id,
    region,
  );
  const slots: number[] = [];
  for (const h of heads) {
    const r = await createReceptionDay(db, morningReceptionDay(h, 2), ctx, mail);
    if (r.ok) slots.push(...r.value.slots.map((s) => s.id));
  }
  const dayOf = new Map(
    (await q.all<{ id: number; day_id: number }>('select id, day_id from reception_slots')).map((r) => [
      r.id,
      r.day_id,
    ]),
  );
  const households = await q.values<number>(
    `select h.id from households h join projects p on p.id = h.project_id where p.region_id = ? limit ?`,
    region,
    slots.length * 4,
  );
  let baselineLocation: string;
  if (db.dialect === 'sqlite') {
    db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    baselineLocation = await databases.copy(file, 'baseline');
  } else {
    // PostgreSQL copies only a database nobody is connected to.
    await db.close();
    baselineLocation = await databases.copy(file, 'baseline');
    db = await openMigratedDatabase(file);
    q = testSql(db);
  }

  // Four households per slot of capacity two: two get in, two are refused.
  const requests = slots.flatMap((slot, i) => [0, 1, 2, 3].map((k) => ({ slot, household: households[i * 4 + k]! })));
  const cr = await signedInApp(db, 'cr');
  const t1 = performance.now();
  let accepted = 0;
  let refused = 0;
  for (let i = 0; i < requests.length; i += 50) {
    const batch = requests.slice(i, i + 50);
    const statuses = await Promise.all(
      batch.map(async (r) => {
        const res = await cr.app.request(`http://localhost/api/reception-days/${dayOf.get(r.slot)}/bookings`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: 'http://localhost', cookie: cr.cookie },
          body: JSON.stringify({ slotId: r.slot, householdId: r.household, note: '想沟通车位与园林问题' }),
        });
        await res.arrayBuffer();
        return res.status;
      }),
    );
    accepted += statuses.filter((s) => s === 201).length;
    refused += statuses.filter((s) => s === 409).length;
    process.stdout.write(`\r  booking: ${Math.round(((i + batch.length) / requests.length) * 100)}%`);
  }
  const seconds = (performance.now() - t1) / 1000;
  const oversold = await q.value(
    `select count(*) from (select slot_id from reception_bookings b join reception_slots s on s.id = b.slot_id where b.status = 'booked' group by slot_id having count(*) > max(s.capacity)) x`,
  );
  const miscounted = await q.value(
    `select count(*) from reception_slots s where s.booked <> (select count(*) from reception_bookings b where b.slot_id = s.id and b.status = 'booked')`,
  );
  const bookedRows = (
    await q.all(
      `select day_id, slot_id, household_id, booked_by, date, note, created_at from reception_bookings where id in (select id from reception_bookings order by id desc limit ?) order by id`,
      accepted,
    )
  ).map((r) => Object.values(r));
  await db.close();

  const base = await openMigratedDatabase(baselineLocation);
  let baseSeconds: number;
  if (base.dialect === 'sqlite') {
    const insert = base.sqlite.prepare(
      `insert into reception_bookings (day_id, slot_id, household_id, booked_by, date, note, status, created_at, updated_at) values (?, ?, ?, ?, ?, ?, 'booked', ?, 0)`,
    );
    const take = base.sqlite.prepare(
      `update reception_slots set booked = booked + 1 where id = ? and booked < capacity`,
    );
    const write = base.sqlite.transaction((row: unknown[]) => {
      if (take.run(row[1]).changes !== 1) throw new Error(`baseline: slot ${String(row[1])} full`);
      insert.run(...row);
    });
    const t2 = performance.now();
    for (const row of bookedRows) write(row);
    baseSeconds = (performance.now() - t2) / 1000;
  } else {
    const client = await base.pool!.connect();
    const t2 = performance.now();
    for (const row of bookedRows) {
      const { rowCount } = await client.query({
        name: 'book',
        text: `with taken as (update reception_slots set booked = booked + 1 where id = $2 and booked < capacity returning id)
               insert into reception_bookings (day_id, slot_id, household_id, booked_by, date, note, status, created_at, updated_at)
               select $1, $2, $3, $4, $5, $6, 'booked', $7, 0 from taken`,
        values: row,
      });
      if (rowCount !== 1) throw new Error(`baseline: slot ${String(row[1])} full`);
    }
    baseSeconds = (performance.now() - t2) / 1000;
    client.release();
  }
  await base.close();
  const ours2 = requests.length / seconds;
  const raw2 = bookedRows.length / baseSeconds;
  console.log(
    `\r  booking: ${fmt(requests.length)} requests for ${fmt(slots.length)} slots (${fmt(heads.length)} days), 50 in flight — ${fmt(accepted)} booked, ${fmt(refused)} refused as full, ${oversold} slots oversold, ${miscounted} slots miscounted`,
  );
  console.log(
    `    ${fmt(ours2)} requests/s (${fmt(accepted / seconds)} bookings/s with invites and audit) vs raw count-and-insert ${fmt(raw2)} rows/s; ratio (bookings/s ÷ raw rows/s) ${fmt(accepted / seconds / raw2, 2)}`,
  );
  const sizeLabel = demo ? 'demo group' : 'large group';
  recordFigure({
    bench: 'reception',
    dialect: databases.dialect,
    size: sizeLabel,
    figure: 'feed of a busy user (baseline: raw ical-generator)',
    value: ours,
    baseline: raw,
    ratio: raw / ours,
    unit: 'ms',
  });
  recordFigure({
    bench: 'reception',
    dialect: databases.dialect,
    size: sizeLabel,
    figure: 'feed built afresh (baseline: raw ical-generator)',
    value: built,
    baseline: raw,
    ratio: raw / built,
    unit: 'ms',
  });
  recordFigure({
    bench: 'reception',
    dialect: databases.dialect,
    size: sizeLabel,
    figure: 'feed 304 from its ETag (baseline: the 200)',
    value: notModified,
    baseline: ours,
    ratio: notModified / ours,
    unit: 'ms',
  });
  recordFigure({
    bench: 'reception',
    dialect: databases.dialect,
    size: sizeLabel,
    figure: 'bookings/s, 50 in flight (baseline: raw count-and-insert)',
    value: accepted / seconds,
    baseline: raw2,
    ratio: accepted / seconds / raw2,
    unit: 'bookings/s',
  });
} finally {
  await databases.dispose();
}
