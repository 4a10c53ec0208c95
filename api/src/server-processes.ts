import cluster, { type Worker } from 'node:cluster';

/**
 * Several server processes on one port (node:cluster): the primary accepts
 * connections and hands them to the workers in turn; each worker is a whole
 * server with its own connection to the database (SQLite's file is shared
 * by WAL and immediate transactions; PostgreSQL's by the server). Everything
 * a worker remembers is either checked against the database before use or
 * harmless to hold twice; the scheduler runs in one worker only (its jobs
 * hold database leases anyway, so a second would only wait).
 *
 * A worker that dies is replaced with the same role. One that dies within
 * seconds of starting, again and again, means start-up itself fails: the
 * primary then stops with the workers' exit code rather than loop.
 */

/** Set in the environment of the worker that runs the scheduler. */
export const RUNS_JOBS = 'FRONTLINE_RUNS_JOBS';

const QUICK_DEATH_MS = 10_000;
const QUICK_DEATHS_ALLOWED = 5;

export function isJobWorker(): boolean {
  return cluster.isPrimary || process.env[RUNS_JOBS] === '1';
}

export function runServerProcesses(count: number, log: (line: string) => void = console.log): void {
  let stopping = false;
  let quickDeaths = 0;
  const roles = new Map<Worker, { jobs: boolean; started: number }>();
  const start = (jobs: boolean) => {
    const worker = cluster.fork(jobs ? { [RUNS_JOBS]: '1' } : {});
    roles.set(worker, { jobs, started: Date.now() });
  };
  cluster.on('exit', (worker, code, signal) => {
    const role = roles.get(worker)!;
    roles.delete(worker);
    if (stopping) {
      if (roles.size === 0) process.exit(0);
      return;
    }
    quickDeaths = Date.now() - role.started < QUICK_DEATH_MS ? quickDeaths + 1 : 0;
    if (quickDeaths > QUICK_DEATHS_ALLOWED) {
      log(`Frontline: server processes keep failing at start-up (last: exit ${code ?? signal}); stopping`);
      stopping = true;
      for (const w of roles.keys()) w.kill('SIGTERM');
      process.exitCode = typeof code === 'number' && code !== 0 ? code : 1;
      if (roles.size === 0) process.exit();
      return;
    }
    log(`Frontline: server process ${worker.process.pid} ended (${signal ?? `exit ${code}`}); starting another`);
    start(role.jobs);
  });
  for (let i = 0; i < count; i++) start(i === 0);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      stopping = true;
      // Each worker closes its server, scheduler and database, then exits; the primary follows the last.
      for (const w of roles.keys()) w.process.kill(signal);
      if (roles.size === 0) process.exit(0);
    });
  }
}
