import {
  insertScheduleRun,
  runPlan,
  updateScheduleRun,
  type AuditContext,
  type Db,
  type PlanOptions,
} from '@frontline/db';

/**
 * Runs planning in the background, one run at a time. Progress lives in the
 * run's row (so a page reload or another user sees it); the run itself
 * yields between regions so the server keeps answering meanwhile.
 */
export type ScheduleRunner = {
  /** Starts a run and returns its id, or null when one is already running. */
  start(options: PlanOptions, ctx: AuditContext): Promise<number | null>;
  /** Resolves when the current run (if any) has finished; for tests and shutdown. */
  idle(): Promise<void>;
  running(): boolean;
};

export function createScheduleRunner(
  db: Db,
  now: () => number,
  log: (message: string, error?: unknown) => void = console.error,
): ScheduleRunner {
  let current: Promise<void> | null = null;
  return {
    running: () => current !== null,
    idle: async () => {
      while (current) await current;
    },
    async start(options, ctx) {
      if (current) return null;
      const id = await insertScheduleRun(db, options, ctx);
      current = (async () => {
        try {
          const report = await runPlan(db, options, ctx, (done, total) => {
            void updateScheduleRun(db, id, { done, total });
          });
          await updateScheduleRun(db, id, {
            status: 'done',
            done: report.regions,
            total: report.regions,
            report,
            finishedAt: now(),
          });
        } catch (error) {
          log(`schedule run ${id} failed`, error);
          await updateScheduleRun(db, id, {
            status: 'failed',
            error: error instanceof Error ? error.message : String(error),
            finishedAt: now(),
          });
        } finally {
          current = null;
        }
      })();
      return id;
    },
  };
}
