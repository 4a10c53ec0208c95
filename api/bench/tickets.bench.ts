/**
 * Ticket clocks benchmark: recomputing every open ticket's SLA clock after a
 * calendar change (the target: 50,000 open tickets in under 2 s).
 *
 * Projects of the large group (500, in 20 regions; employees and households
 * cut down, as the clocks never read them) with made-up ticket history whose
 * last weeks leave about 50,000 tickets open. Timed, median of 3:
 * `recomputeOpenTicketClocks` (read every open ticket and its history, replay
 * its clock on the work calendar and its project's hours, write the cached
 * deadlines) against the baseline of writing the same five columns of the
 * same rows with one prepared statement, in the same process (on
 * PostgreSQL: raw `pg` UPDATE … FROM unnest of 5,000 rows a statement, one
 * transaction on one client).
 *
 *   node bench/tickets.bench.ts
 *   node bench/tickets.bench.ts --quick    a tenth of the tickets (about 5,000 open), for a quick look
 */
import { performance } from 'node:perf_hooks';
import { generateTicketHistory, openMigratedDatabase } from '@frontline/db';
import { benchDatabases, quick, rawPgTransaction, recordFigure } from '@frontline/db/bench';
import { LARGE_GROUP, seedGroup } from '@frontline/db/seed';
import { testSql } from '@frontline/db/testing';
import { recomputeOpenTicketClocks } from '../src/features/tickets/service.ts';

const fmt = (n: number) => Math.round(n).toLocaleString('en');
const NOW = Date.UTC(2026, 10, 23, 2, 0, 0);
const databases = benchDatabases('ticket-clocks');
const OPEN = "status in ('accepted','confirmed','assessed','investigated','handling','awaiting_customer')";
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

try {
  const db = await openMigratedDatabase(await databases.fresh('bench'));
  const q = testSql(db);
  await seedGroup(db, { size: { ...LARGE_GROUP, employees: 5_000, households: 20_000 }, passwordHash: 'x' });
  const made = await generateTicketHistory(db, { count: quick ? 22_000 : 220_000, endAt: NOW, years: 0.05, seed: 11 });
  const open = Number(
    db.dialect === 'sqlite'
      ? db.sqlite.prepare(`select count(*) from tickets where ${OPEN}`).pluck().get()
      : await q.value(`select count(*) from tickets where ${OPEN}`),
  );
  console.log(
    `tickets: ${fmt(made.tickets)} (${fmt(open)} open), ${fmt(made.events)} history lines, 500 projects in 20 regions`,
  );

  const ours: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const n = await recomputeOpenTicketClocks(db, NOW + i * 60_000);
    ours.push(performance.now() - t0);
    if (n !== open) throw new Error(`recomputed ${n} of ${open} open tickets`);
  }

  // Baseline: the same writes with nothing computed.
  type Clock = {
    id: number;
    first_response_by: number;
    resolve_by: number;
    breached: number;
    remind_at: number | null;
    escalate_at: number | null;
  };
  const select = `select id, first_response_by, resolve_by, breached, remind_at, escalate_at from tickets where ${OPEN}`;
  const raw: number[] = [];
  if (db.dialect === 'sqlite') {
    const rows = db.sqlite.prepare(select).all() as Clock[];
    const update = db.sqlite.prepare(
      'update tickets set first_response_by = ?, resolve_by = ?, breached = ?, remind_at = ?, escalate_at = ? where id = ?',
    );
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      db.sqlite.transaction(() => {
        for (const r of rows)
          update.run(r.first_response_by, r.resolve_by + i, r.breached, r.remind_at, r.escalate_at, r.id);
      })();
      raw.push(performance.now() - t0);
    }
  } else {
    const rows = await q.all<Clock>(select);
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      await rawPgTransaction(db.pool, async (client) => {
        for (let start = 0; start < rows.length; start += 5_000) {
          const chunk = rows.slice(start, start + 5_000);
          await client.query(
            `update tickets t set first_response_by = u.f, resolve_by = u.r, breached = u.b, remind_at = u.rm, escalate_at = u.e
             from unnest($1::integer[], $2::bigint[], $3::bigint[], $4::integer[], $5::bigint[], $6::bigint[]) as u(id, f, r, b, rm, e)
             where t.id = u.id`,
            [
              chunk.map((r) => r.id),
              chunk.map((r) => r.first_response_by),
              chunk.map((r) => r.resolve_by + i),
              chunk.map((r) => r.breached),
              chunk.map((r) => r.remind_at),
              chunk.map((r) => r.escalate_at),
            ],
          );
        }
      });
      raw.push(performance.now() - t0);
    }
  }
  const a = median(ours);
  const b = median(raw);
  console.log(
    `recompute ${fmt(open)} open tickets' clocks: ${fmt(a)} ms (${fmt((open / a) * 1000)}/s; target < 2,000 ms); raw write of the same rows: ${fmt(b)} ms; ratio ${(b / a).toFixed(2)}`,
  );
  recordFigure({
    bench: 'ticket clocks (api)',
    dialect: databases.dialect,
    size: `${fmt(open)} open tickets`,
    figure: 'recompute open clocks',
    value: a,
    baseline: b,
    ratio: b / a,
    unit: 'ms',
  });
  await db.close();
} finally {
  await databases.dispose();
}
