/**
 * Seeding benchmark: the seeder (generation + inserts) against raw
 * better-sqlite3 inserts of the very same rows, pre-generated, in one
 * transaction on an identical fresh database. Prints rows/s and the ratio.
 *
 *   node bench/seed.bench.ts            large group (20 regions, 500 projects, 30,000 employees, 1,000,000 households)
 *   node bench/seed.bench.ts --demo     the demo group, for a quick look
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
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

const size = process.argv.includes('--demo') ? DEMO_GROUP : LARGE_GROUP;
const passwordHash = '$argon2id$v=19$m=19456,t=2,p=1$YmVuY2htYXJrc2FsdA$0000000000000000000000000000000000000000000';
const dir = mkdtempSync(join(tmpdir(), 'frontline-bench-'));

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

  const baselineDb = await openMigratedDatabase(join(dir, 'baseline.db'));
  const t0 = performance.now();
  baselineDb.sqlite.transaction(() => {
    for (const table of Object.keys(rows) as SeedTable[]) {
      const statement = baselineDb.sqlite.prepare(insertSql(table));
      for (const row of rows[table]) statement.run(row);
    }
  })();
  const baselineSeconds = (performance.now() - t0) / 1000;
  await baselineDb.close();

  const seedDb = await openMigratedDatabase(join(dir, 'seed.db'));
  const t1 = performance.now();
  const counts = await seedGroup(seedDb, { size, passwordHash, onProgress: progress('seeding') });
  const seedSeconds = (performance.now() - t1) / 1000;
  process.stdout.write('\n');
  await seedDb.close();

  const seeded = Object.values(counts).reduce((n, c) => n + c, 0);
  if (seeded !== total) throw new Error(`seeder wrote ${seeded} rows, baseline ${total}`);
  const rate = (n: number, s: number) => Math.round(n / s).toLocaleString('en');
  console.log(
    `  raw better-sqlite3 inserts (baseline): ${baselineSeconds.toFixed(2)} s, ${rate(total, baselineSeconds)} rows/s`,
  );
  console.log(
    `  seeder (generate + insert):            ${seedSeconds.toFixed(2)} s, ${rate(seeded, seedSeconds)} rows/s`,
  );
  console.log(
    `  ratio seeder/baseline (rows per second): ${(baselineSeconds / seedSeconds).toFixed(2)} (target ≥ 0.5)`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
