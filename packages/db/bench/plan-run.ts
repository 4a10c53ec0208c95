/**
 * The measured half of plan.bench.ts, in its own process: one planning run
 * over a seeded database, then three leavers re-planned one at a time.
 * Prints one JSON line.
 */
import { performance } from 'node:perf_hooks';
import { personReplan } from '@frontline/core';
import { getEmployee, updateEmployeeActive } from '../src/repositories/org.ts';
import { openMigratedDatabase } from '../src/open.ts';
import { runPlan, type PlanOptions } from '../src/bulk/planning.ts';
import { testSql } from '../src/testing/sql.ts';

const path = process.argv[2]!;
const options: PlanOptions = {
  horizon: { from: '2026-01-01', to: '2026-12-31' },
  today: '2026-01-01',
  allowUnknownYears: false,
};
const db = await openMigratedDatabase(path);
const ctx = { actorId: null, at: Date.UTC(2026, 0, 1) };

const t0 = performance.now();
const report = await runPlan(db, options, ctx, (done, total) =>
  process.stderr.write(`\r  planning: ${done}/${total} regions`),
);
const seconds = (performance.now() - t0) / 1000;
process.stderr.write('\n');
const peakRssMiB = process.resourceUsage().maxRSS / 1024;

const leavers = await testSql(db).values<number>(
  'SELECT owner_employee_id FROM households WHERE owner_employee_id IS NOT NULL GROUP BY owner_employee_id ORDER BY owner_employee_id LIMIT 3',
);
const leaverMs: number[] = [];
const leaverMoved: number[] = [];
for (const id of leavers) {
  const t = performance.now();
  await db.kysely.transaction().execute((tx) => updateEmployeeActive(tx, id, false, '2026-01-01', ctx.at));
  const replan = await runPlan(db, { ...options, ...personReplan((await getEmployee(db, id))!)! }, ctx);
  leaverMs.push(performance.now() - t);
  leaverMoved.push(replan?.ownership.moved ?? 0);
}
await db.close();
console.log(
  JSON.stringify({
    seconds,
    peakRssMiB,
    duties: report.duties.created,
    assignments: report.ownership.moved,
    ownerUpdates: report.ownership.moved,
    leaverMs,
    leaverMoved,
  }),
);
