import { hash } from '@node-rs/argon2';
import type { Db } from '../open.ts';
import { defaultHorizonEnd, type PlanReport } from '@frontline/core';
import { runPlan } from '../bulk/planning.ts';
import { insertScheduleRun, updateScheduleRun } from '../repositories/schedule-runs.ts';
import { writeGeneratedRows } from '../bulk/seed.ts';
import { DEMO_GROUP, generateGroup, type GroupSize, type SeedTable } from './generate.ts';

export { insertSql } from '../bulk/seed.ts';

export { DEMO_GROUP, DEMO_LOGINS, LARGE_GROUP, SEED_COLUMNS, generateGroup } from './generate.ts';
export type { GroupSize, SeedSink, SeedTable, SeedValue } from './generate.ts';
export { createRandom } from './random.ts';

export const DEMO_PASSWORD = 'frontline-demo';
export const DEMO_SEED = 20261123;
/** Seeded rows carry this creation time rather than the clock, so every seed is identical. */
export const SEED_CREATED_AT = Date.UTC(2026, 0, 1);

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

/** Writes a generated group in one transaction: all of it or nothing (a bulk load, see bulk/seed.ts). */
export async function seedGroup(db: Db, options: SeedOptions = {}): Promise<Record<SeedTable, number>> {
  const size = options.size ?? DEMO_GROUP;
  const passwordHash = options.passwordHash ?? (await hashDemoPassword());
  const expected = size.regions + size.projects * 6 + size.employees + size.households * 2.45;
  let written = 0;
  return writeGeneratedRows(db, (write) =>
    generateGroup({ size, seed: options.seed ?? DEMO_SEED, passwordHash, createdAt: SEED_CREATED_AT }, (table, row) => {
      write(table, row);
      if (options.onProgress && ++written % 50_000 === 0) options.onProgress(written, expected);
    }),
  );
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
  await updateScheduleRun(db, id, {
    status: 'done',
    done: report.regions,
    total: report.regions,
    report,
    finishedAt: at,
  });
  return report;
}
export { seedDemoReceptions } from './receptions.ts';
export { seedDemoFeedback, RECURRING_PROBLEMS } from './feedback.ts';
export { seedDemoHistory } from './history.ts';
