import cluster from 'node:cluster';
import { randomUUID } from 'node:crypto';
import { DEFAULT_SESSION_POLICY } from '@frontline/core';
import { failInterruptedRuns, type Db } from '@frontline/db';
import { DEMO_LOGINS, DEMO_PASSWORD, isSeeded } from '@frontline/db/seed';
import { createApp } from './app.ts';
import { seedDemo } from './demo.ts';
import { databaseLocation, readEnv, type Env } from './env.ts';
import { createFrontlineServer } from './server.ts';
import { createMailer, createTransport } from './jobs/mailer.ts';
import { createScheduler } from './jobs/scheduler.ts';
import { isJobWorker, runServerProcesses } from './server-processes.ts';
import { openOrExit } from './startup.ts';
import { mailSettings } from './mail/settings.ts';
import { closeFileWorkers } from './reports/off-thread.ts';

/**
 * Start-up: configuration, database (migrate, first-run seed), then listen:
 * in this process, or with FRONTLINE_WORKERS > 1 in that many server
 * processes on the one port, the database prepared once before they start.
 */
const env = readEnv();
if (env.FRONTLINE_WORKERS > 1 && cluster.isPrimary) {
  const db = await prepare(env, randomUUID());
  await db.close();
  runServerProcesses(env.FRONTLINE_WORKERS);
} else {
  await serve(env);
}

/** The database opened for serving, migrated, and seeded on a first start. */
async function prepare(env: Env, holder: string): Promise<Db> {
  // A database it cannot open, or could only read, stops start-up with one line naming it and why.
  const db = await openOrExit(databaseLocation(env), holder);
  if (env.FRONTLINE_SEED_DEMO && !(await isSeeded(db))) {
    await seedDemo(db, { holder, mail: mailOf(env), now: Date.now(), log: (text) => process.stdout.write(text) });
  }
  return db;
}

function mailOf(env: Env) {
  return mailSettings({
    origin: env.FRONTLINE_ORIGIN,
    port: env.PORT,
    from: { name: env.FRONTLINE_MAIL_FROM_NAME, email: env.FRONTLINE_MAIL_FROM },
    alarmMinutes: env.FRONTLINE_RECEPTION_ALARM_MINUTES,
  });
}

/** One server process: the API and the web app on the port, and (in one process only) the scheduler. */
async function serve(env: Env): Promise<void> {
  // This process's id in leases: several servers may share one database, each doing a job only while it holds its lease.
  const holder = randomUUID();
  const db = await prepare(env, holder);
  const mail = mailOf(env);
  // Only runs of servers no longer holding the planning lease: another live server's run goes on.
  await failInterruptedRuns(db, Date.now());

  const mailer = createMailer(db, {
    holder,
    transport: env.FRONTLINE_SMTP_URL ? createTransport(env.FRONTLINE_SMTP_URL) : null,
    settings: mail,
    now: () => Date.now(),
    onError: (m, e) =>
      console.error(
        `mail ${m.id} to ${m.toAddress} failed (attempt ${m.attempts + 1}):`,
        e instanceof Error ? e.message : e,
      ),
  });
  // Missed duties, reminders, digests and mail delivery: each idempotent, so a restart never sends twice.
  const scheduler = createScheduler({
    db,
    holder,
    mailer,
    mail,
    dutyDays: env.FRONTLINE_REMIND_DUTY_DAYS,
    calendarWatchFrom: env.FRONTLINE_CALENDAR_WATCH_FROM,
    now: () => Date.now(),
    intervalMs: env.FRONTLINE_JOB_INTERVAL_SECONDS * 1000,
  });
  const runsJobs = isJobWorker();
  if (runsJobs) scheduler.start();

  const app = createApp({
    db,
    holder,
    now: () => Date.now(),
    origin: env.FRONTLINE_ORIGIN,
    mail,
    mailDelivery: env.FRONTLINE_SMTP_URL ? 'smtp' : 'outbox',
    photoDir: env.FRONTLINE_PHOTO_DIR,
    visitLookbackDays: env.FRONTLINE_VISIT_LOOKBACK_DAYS,
    calendarWatchFrom: env.FRONTLINE_CALENDAR_WATCH_FROM,
    trustProxy: env.FRONTLINE_TRUST_PROXY,
    sessionPolicy: {
      ...DEFAULT_SESSION_POLICY,
      idleTimeoutMs: env.SESSION_IDLE_HOURS * 3600_000,
      absoluteTimeoutMs: env.SESSION_ABSOLUTE_HOURS * 3600_000,
    },
  });

  const { server, web } = await createFrontlineServer(app, env.FRONTLINE_WEB_HANDLER, env.FRONTLINE_ORIGIN);
  server.listen(env.PORT, env.HOST, () => {
    // Said once: by the one process, or by the worker that runs the jobs.
    if (!runsJobs) return;
    const url = env.FRONTLINE_ORIGIN ?? `http://localhost:${env.PORT}`;
    console.log(`\nFrontline (一线) is running at ${url}${web ? '' : '  (API only: web/ is not built)'}`);
    console.log(`  database: ${db.path}`);
    console.log(`  API reference: ${url}/api/docs`);
    console.log(`\n  Demo sign-ins (password for all: ${DEMO_PASSWORD})`);
    for (const [login, role] of Object.entries(DEMO_LOGINS)) console.log(`    ${login.padEnd(18)} ${role}`);
    console.log('    any employee number (e.g. e000042) also signs in with the same password\n');
  });

  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    // `on`, not `once`: a worker hears Ctrl-C twice (from the terminal and from the primary), and a second signal must not kill it mid-close.
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      server.close();
      mailer.close();
      void Promise.all([scheduler.stop(), closeFileWorkers()])
        .then(() => db.close())
        .finally(() => process.exit(0));
    });
  }
}
