/**
 * Planning benchmark on the large group: household ownership plus every duty
 * of a 12-month horizon, generated and persisted, against raw better-sqlite3
 * writes of the very same rows in one transaction on an identical copy of the
 * database (on PostgreSQL: raw `pg` on one client in one transaction, the
 * owner updates as UPDATE … FROM unnest and the rows as multi-row INSERTs).
 * Then the re-plan after one employee leaves.
 *
 * The planning step runs in a child process so its peak memory is its own.
 *
 *   node bench/plan.bench.ts            large group (20 regions, 500 projects, 30,000 employees, 1,000,000 households)
 *   node bench/plan.bench.ts --demo     the demo group, for a quick look
 */
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { openMigratedDatabase } from '../src/open.ts';
import { DEMO_GROUP, LARGE_GROUP, seedGroup } from '../src/seed/index.ts';
import { testSql } from '../src/testing/sql.ts';
import { benchDatabases, quick, rawPgInsert, rawPgTransaction, recordFigure } from './databases.ts';

const demo = process.argv.includes('--demo') || quick;
const size = demo ? DEMO_GROUP : LARGE_GROUP;
const passwordHash = '$argon2id$v=19$m=19456,t=2,p=1$YmVuY2htYXJrc2FsdA$0000000000000000000000000000000000000000000';
const databases = benchDatabases('plan');
const fmt = (n: number) => Math.round(n).toLocaleString('en');

try {
  console.log(
    `planning benchmark — ${size.regions} regions, ${size.projects} projects, ${fmt(size.employees)} employees, ${fmt(size.households)} households; horizon 2026-01-01 – 2026-12-31`,
  );
  const seeded = await databases.fresh('seeded');
  const db = await openMigratedDatabase(seeded);
  await seedGroup(db, {
    size,
    passwordHash,
    onProgress: (rows, expected) =>
      process.stdout.write(
        `\r  seeding: ${Math.min(100, Math.round((rows / expected) * 100))
          .toString()
          .padStart(3)}%`,
      ),
  });
  if (db.dialect === 'sqlite') db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  await db.close();
  process.stdout.write('\r  seeding: done\n');
  const baselineLocation = await databases.copy(seeded, 'baseline');

  // Plan in a child process: time, peak memory, rows written, leaver re-plan.
  const child = fileURLToPath(new URL('./plan-run.ts', import.meta.url));
  const out = execFileSync(process.execPath, [child, seeded], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const run = JSON.parse(out.trim().split('\n').at(-1)!) as {
    seconds: number;
    peakRssMiB: number;
    duties: number;
    assignments: number;
    ownerUpdates: number;
    leaverMs: number[];
    leaverMoved: number[];
  };

  // Baseline: the same rows, read back from the planned file, written raw in one transaction.
  const planned = await openMigratedDatabase(seeded);
  let baselineSeconds: number;
  if (planned.dialect === 'sqlite') {
    const duties = planned.sqlite
      .prepare(
        'SELECT key, kind, rule_id, event_id, employee_id, region_id, project_id, period_kind, period_key, due_from, due_to, proposed_on, status, updated_at FROM duties WHERE id <= ?',
      )
      .raw()
      .all(run.duties);
    const assignments = planned.sqlite
      .prepare(
        'SELECT household_id, from_employee_id, to_employee_id, reason, note, at, actor_id FROM household_assignments WHERE id <= ?',
      )
      .raw()
      .all(run.assignments);
    const owners = planned.sqlite
      .prepare('SELECT to_employee_id, at, household_id FROM household_assignments WHERE id <= ?')
      .raw()
      .all(run.assignments);
    await planned.close();
    const base = await openMigratedDatabase(baselineLocation);
    const insertDuty = base.sqlite.prepare(
      'INSERT INTO duties (key, kind, rule_id, event_id, employee_id, region_id, project_id, period_kind, period_key, due_from, due_to, proposed_on, status, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const insertAssignment = base.sqlite.prepare(
      'INSERT INTO household_assignments (household_id, from_employee_id, to_employee_id, reason, note, at, actor_id) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const updateOwner = base.sqlite.prepare('UPDATE households SET owner_employee_id = ?, updated_at = ? WHERE id = ?');
    const t0 = performance.now();
    base.sqlite.transaction(() => {
      for (const row of owners) updateOwner.run(row);
      for (const row of assignments) insertAssignment.run(row);
      for (const row of duties) insertDuty.run(row);
    })();
    baselineSeconds = (performance.now() - t0) / 1000;
    await base.close();
  } else {
    const q = testSql(planned);
    const arrays = async (text: string, n: number) => (await q.all(text, n)).map((r) => Object.values(r));
    const duties = await arrays(
      'SELECT key, kind, rule_id, event_id, employee_id, region_id, project_id, period_kind, period_key, due_from, due_to, proposed_on, status, updated_at FROM duties WHERE id <= ? ORDER BY id',
      run.duties,
    );
    const assignments = await arrays(
      'SELECT household_id, from_employee_id, to_employee_id, reason, note, at, actor_id FROM household_assignments WHERE id <= ? ORDER BY id',
      run.assignments,
    );
    const owners = await arrays(
      'SELECT to_employee_id, at, household_id FROM household_assignments WHERE id <= ? ORDER BY id',
      run.assignments,
    );
    await planned.close();
    const base = await openMigratedDatabase(baselineLocation);
    const t0 = performance.now();
    await rawPgTransaction(base.pool, async (client) => {
      for (let start = 0; start < owners.length; start += 5_000) {
        const chunk = owners.slice(start, start + 5_000);
        await client.query(
          `update households h set owner_employee_id = u.owner, updated_at = u.at
           from unnest($1::integer[], $2::bigint[], $3::integer[]) as u(owner, at, id) where h.id = u.id`,
          [chunk.map((r) => r[0]), chunk.map((r) => r[1]), chunk.map((r) => r[2])],
        );
      }
      await rawPgInsert(
        client,
        'household_assignments',
        ['household_id', 'from_employee_id', 'to_employee_id', 'reason', 'note', 'at', 'actor_id'],
        assignments,
      );
      await rawPgInsert(
        client,
        'duties',
        [
          'key',
          'kind',
          'rule_id',
          'event_id',
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
        duties,
      );
    });
    baselineSeconds = (performance.now() - t0) / 1000;
    await base.close();
  }

  const rows = run.duties + run.assignments + run.ownerUpdates;
  console.log(
    `  rows written: ${fmt(rows)} (duties ${fmt(run.duties)}, ownership history ${fmt(run.assignments)}, household owner updates ${fmt(run.ownerUpdates)})`,
  );
  console.log(
    `  ${databases.dialect === 'sqlite' ? 'raw better-sqlite3 writes' : 'raw pg writes'} (baseline): ${baselineSeconds.toFixed(2)} s, ${fmt(rows / baselineSeconds)} rows/s`,
  );
  console.log(
    `  planning run (load + ownership + generate + persist): ${run.seconds.toFixed(2)} s, ${fmt(rows / run.seconds)} rows/s (target < 10 s)`,
  );
  console.log(`  peak memory of the planning process: ${run.peakRssMiB.toFixed(0)} MiB (target < 2048 MiB)`);
  console.log(
    `  ratio planning/baseline (rows per second): ${(baselineSeconds / run.seconds).toFixed(2)} (target ≥ 0.5)`,
  );
  console.log(
    `  one employee leaves, re-plan of their region: ${run.leaverMs.map((ms) => `${ms.toFixed(0)} ms`).join(', ')} (households moved: ${run.leaverMoved.join(', ')}; target < 200 ms)`,
  );
  const sizeLabel = demo ? 'demo group' : 'large group';
  recordFigure({
    bench: 'plan',
    dialect: databases.dialect,
    size: sizeLabel,
    figure: 'planning run rows/s (baseline: raw writes of the same rows)',
    value: rows / run.seconds,
    baseline: rows / baselineSeconds,
    ratio: baselineSeconds / run.seconds,
    unit: 'rows/s',
  });
  recordFigure({
    bench: 'plan',
    dialect: databases.dialect,
    size: sizeLabel,
    figure: 're-plan after one leaver (first of 3)',
    value: run.leaverMs[0]!,
    baseline: null,
    ratio: null,
    unit: 'ms',
  });
} finally {
  await databases.dispose();
}
