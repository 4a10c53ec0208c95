import { randomUUID } from 'node:crypto';
import {
  failInterruptedRuns,
  insertScheduleRun,
  liveLease,
  PLANNING_LEASE,
  runPlan,
  updateScheduleRun,
  withLease,
  type AuditContext,
  type Db,
  type PlanOptions,
} from '@frontline/db';

/**
 * Runs planning in the background, one run at a time across every app
 * server on the database: a run is held under the `planning` lease, renewed
 * while it runs, so a second start (here or on another server) is refused
 * and a server that dies mid-run loses the lease after its TTL. Progress
 * lives in the run's row (so a page reload or another user sees it); the run
 * itself yields between regions so the server keeps answering meanwhile.
 */
export type ScheduleRunner = {
  /** Starts a run and returns its id, or null when one is already running (on any server). */
  start(options: PlanOptions, ctx: AuditContext): Promise<number | null>;
  /** Resolves when this server's current run (if any) has finished; for tests and shutdown. */
  idle(): Promise<void>;
  /** Whether this server is running one. */
  running(): boolean;
  /** Whether any server is running one now (someone holds the planning lease). */
  runningAnywhere(): Promise<boolean>;
};

export type ScheduleRunnerOptions = {
  /** This app server's id in leases; a fresh one by default. */
  holder?: string;
  log?: (message: string, error?: unknown) => void;
  /** How long the planning lease lasts unrenewed (a killed server's run is taken over after it); DEFAULT_LEASE_TTL_MS by default. */
  leaseTtlMs?: number;
};

export function createScheduleRunner(db: Db, now: () => number, options: ScheduleRunnerOptions = {}): ScheduleRunner {
  const holder = options.holder ?? randomUUID();
  const log = options.log ?? console.error;
  const lease = { name: PLANNING_LEASE, holder, now, ttlMs: options.leaseTtlMs, log };
  // This server's own run, for idle(); whether a run may start is the lease's to say.
  let current: Promise<void> | null = null;

  async function execute(id: number, plan: PlanOptions, ctx: AuditContext): Promise<void> {
    try {
      const report = await runPlan(db, plan, ctx, (done, total) => {
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
    }
  }

  return {
    running: () => current !== null,
    runningAnywhere: async () => (await liveLease(db, PLANNING_LEASE, now())) !== undefined,
    idle: async () => {
      while (current) await current;
    },
    start(plan, ctx) {
      // Claimed before the first await, so two starts on this server cannot both get past here.
      if (current) return Promise.resolve(null);
      return new Promise<number | null>((resolve, reject) => {
        const leased = withLease(db, lease, async () => {
          // Holding the lease, any other run still marked running belongs to a server that stopped.
          await failInterruptedRuns(db, now());
          const id = await insertScheduleRun(db, plan, { ...ctx, holder });
          resolve(id);
          await execute(id, plan, ctx);
        });
        // Cleared before the caller hears "refused", so a start right after it is judged by the lease alone.
        current = leased.then(
          (r) => {
            current = null;
            if (!r.ran) resolve(null);
          },
          (error: unknown) => {
            current = null;
            // Only a failure before the run's row exists lands here (execute records its own).
            reject(error instanceof Error ? error : new Error(String(error)));
          },
        );
      });
    },
  };
}
