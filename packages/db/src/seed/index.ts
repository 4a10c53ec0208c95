import { hash } from '@node-rs/argon2';
import type { Db } from '../open.ts';
import { defaultHorizonEnd, type PlanReport } from '@frontline/core';
import { runPlan } from '../bulk/planning.ts';
import { insertScheduleRun, updateScheduleRun } from '../repositories/schedule-runs.ts';
import { DEMO_GROUP, SEED_COLUMNS, generateGroup, type GroupSize, type SeedTable, type SeedValue } from './generate.ts';

export { DEMO_GROUP, DEMO_LOGINS, LARGE_GROUP, SEED_COLUMNS, generateGroup } from './generate.ts';
export type { GroupSize, SeedSink, SeedTable, SeedValue } from './generate.ts';
export { createRandom } from './random.ts';

export const DEMO_PASSWORD = 'frontline-demo';
export const DEMO_SEED = 20261123;
/** Seeded rows carry this creation time rather than the clock, so every seed is identical. */
export const SEED_CREATED_AT = Date.UTC(2026, 0, 1);

/** Portable INSERT statements for the seed tables, in SEED_COLUMNS order. */
export function insertSql(table: SeedTable): string {
  const cols = SEED_COLUMNS[table];
  return `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`;
}

export type SeedOptions = {
  size?: GroupSize;
  seed?: number;
  /** Pre-computed hash for every account; computed from DEMO_PASSWORD when absent. */
  passwordHash?: string;
  onProgress?: (rows: number, expected: number) => void;
};

export async function hashDemoPassword(): Promise<string> {
  return hash(DEMO_PASSWORD);
}

export async function isSeeded(db: Db): Promise<boolean> {
  const row = await db.kysely.selectFrom('regions').select('id').limit(1).executeTakeFirst();
  return row !== undefined;
}

/**
 * Writes a generated group in one transaction: all of it or nothing. Uses
 * prepared statements directly because this is a bulk load of known-good rows.
 */
export async function seedGroup(db: Db, options: SeedOptions = {}): Promise<Record<SeedTable, number>> {
  const size = options.size ?? DEMO_GROUP;
  const passwordHash = options.passwordHash ?? (await hashDemoPassword());
  const statements = Object.fromEntries(
    (Object.keys(SEED_COLUMNS) as SeedTable[]).map((t) => [t, db.sqlite.prepare(insertSql(t))]),
  ) as Record<SeedTable, ReturnType<typeof db.sqlite.prepare>>;
  const expected = size.regions + size.projects * 6 + size.employees + size.households * 2.45;
  let written = 0;
  const run = db.sqlite.transaction(() =>
    generateGroup(
      { size, seed: options.seed ?? DEMO_SEED, passwordHash, createdAt: SEED_CREATED_AT },
      (table: SeedTable, row: SeedValue[]) => {
        statements[table].run(row);
        if (options.onProgress && ++written % 50_000 === 0) options.onProgress(written, expected);
      },
    ),
  );
  return run();
}

/**
 * The demo as users first see it: households given owners and a 12-month
 * plan of duties from `today`, recorded as a finished schedule run.
 */
export async function planDemo(db: Db, today: string, at: number): Promise<PlanReport> {
  const options = { horizon: { from: today, to: defaultHorizonEnd(today, 12) }, today, allowUnknownYears: false };
  const ctx = { actorId: null, at };
  const id = await insertScheduleRun(db, options, ctx);
  const report = await runPlan(db, options, ctx);
  await updateScheduleRun(db, id, { status: 'done', done: report.regions, total: report.regions, report, finishedAt: at });
  return report;
}
export { seedDemoReceptions } from './receptions.ts';
export { seedDemoFeedback, RECURRING_PROBLEMS } from './feedback.ts';
export { seedDemoHistory } from './history.ts';
