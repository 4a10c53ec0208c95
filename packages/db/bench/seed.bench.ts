/**
 * Seeding benchmark: the seeder (generation + inserts) against raw
 * better-sqlite3 inserts of the very same rows, pre-generated, in one
 * transaction on an identical fresh database (on PostgreSQL: raw `pg`
 * multi-row INSERTs in one transaction on one client). Prints rows/s and the ratio.
 *
 *   node bench/seed.bench.ts            large group (20 regions, 500 projects, 30,000 employees, 1,000,000 households)
 *   node bench/seed.bench.ts --demo     the demo group, for a quick look
 */
import { performance } from 'node:perf_hooks';
import { benchDatabases, quick, rawPgInsert, rawPgTransaction, recordFigure } from './databases.ts';
import { openMigratedDatabase } from '../src/open.ts';
import {
  DEMO_GROUP,
  DEMO_SEED,
  LARGE_GROUP,
  SEED_COLUMNS,
  SEED_CREATED_AT,
  generateGroup,
  insertSql,
  seedGroup,
} from '../src/seed/index.ts';
import type { SeedTable, SeedValue } from '../src/seed/index.ts';

const demo = process.argv.includes('--demo') || quick;
const size = demo ? DEMO_GROUP : LARGE_GROUP;
const passwordHash = '$argon2id$v=19$m=19456,t=2,p=1$YmVuY2htYXJrc2FsdA$0000000000000000000000000000000000000000000';
const databases = benchDatabases('seed');

function progress(label: string) {
  return (rows: number, expected: number) =>
    process.stdout.write(
      `\r  ${label}: ${Math.min(100, Math.round((rows / expected) * 100))
        .toString()
        .padStart(3)}% (${rows.toLocaleString('en')} rows)`,
    );
}

try {
  console.log(
    `seed benchmark — ${size.regions} regions, ${size.projects} projects, ${size.employees.toLocaleString('en')} employees, ${size.households.toLocaleString('en')} households`,
  );

  // Rows generated up front for the baseline, so it measures inserts only.
  const rows = Object.fromEntries(Object.keys(SEED_COLUMNS).map((t) => [t, [] as SeedValue[][]])) as Record<
    SeedTable,
    SeedValue[][]
  >;
  generateGroup({ size, seed: DEMO_SEED, passwordHash, createdAt: SEED_CREATED_AT }, (table, row) =>
    rows[table].push(row),
  );
  const total = Object.values(rows).reduce((n, r) => n + r.length, 0);
  console.log(
    `  rows per run: ${total.toLocaleString('en')} (${Object.entries(rows)
      .map(([t, r]) => `${t} ${r.length.toLocaleString('en')}`)
      .join(', ')})`,
  );

  const baselineDb = await openMigratedDatabase(await databases.fresh('baseline'));
  const t0 = performance.now();
  if (baselineDb.dialect === 'sqlite')
    baselineDb.sqlite.transaction(() => {
      for (const table of Object.keys(rows) as SeedTable[]) {
        const statement = baselineDb.sqlite.prepare(insertSql(table));
        for (const row of rows[table]) statement.run(row);
      }
    })();
  else
    await rawPgTransaction(baselineDb.pool, async (client) => {
      for (const table of Object.keys(rows) as SeedTable[])
        await rawPgInsert(client, table, SEED_COLUMNS[table], rows[table]);
    });
  const baselineSeconds = (performance.now() - t0) / 1000;
  await baselineDb.close();

  const seedDb = await openMigratedDatabase(await databases.fresh('seed'));
  const t1 = performance.now();
  const counts = await seedGroup(seedDb, { size, passwordHash, onProgress: progress('seeding') });
  const seedSeconds = (performance.now() - t1) / 1000;
  process.stdout.write('\n');
  await seedDb.close();

  const seeded = Object.values(counts).reduce((n, c) => n + c, 0);
  if (seeded !== total) throw new Error(`seeder wrote ${seeded} rows, baseline ${total}`);
  const rate = (n: number, s: number) => Math.round(n / s).toLocaleString('en');
  const raw = databases.dialect === 'sqlite' ? 'raw better-sqlite3 inserts' : 'raw pg multi-row inserts ';
  console.log(`  ${raw} (baseline): ${baselineSeconds.toFixed(2)} s, ${rate(total, baselineSeconds)} rows/s`);
  console.log(
    `  seeder (generate + insert):            ${seedSeconds.toFixed(2)} s, ${rate(seeded, seedSeconds)} rows/s`,
  );
  console.log(
    `  ratio seeder/baseline (rows per second): ${(baselineSeconds / seedSeconds).toFixed(2)} (target ≥ 0.5)`,
  );
  recordFigure({
    bench: 'seed',
    dialect: databases.dialect,
    size: demo ? 'demo group' : 'large group',
    figure: 'seeding rows/s',
    value: seeded / seedSeconds,
    baseline: total / baselineSeconds,
    ratio: baselineSeconds / seedSeconds,
    unit: 'rows/s',
  });
} finally {
  await databases.dispose();
}
