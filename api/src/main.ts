import { randomUUID } from 'node:crypto';
import { DEFAULT_SESSION_POLICY } from '@frontline/core';
import { failInterruptedRuns } from '@frontline/db';
import { DEMO_LOGINS, DEMO_PASSWORD, isSeeded } from '@frontline/db/seed';
import { createApp } from './app.ts';
import { seedDemo } from './demo.ts';
import { databaseLocation, readEnv } from './env.ts';
import { createFrontlineServer } from './server.ts';
import { createMailer, createTransport } from './jobs/mailer.ts';
import { createScheduler } from './jobs/scheduler.ts';
import { openOrExit } from './startup.ts';
import { mailSettings } from './mail/settings.ts';
import { closeFileWorkers } from './reports/off-thread.ts';

/** Start-up: configuration, database (migrate, first-run seed), then listen. */
const env = readEnv();
// This process's id in leases: several servers may share one database, each doing a job only while it holds its lease.
const holder = randomUUID();
// A database it cannot open, or could only read, stops start-up with one line naming it and why.
const db = await openOrExit(databaseLocation(env), holder);
const mail = mailSettings({
  origin: env.FRONTLINE_ORIGIN,
  port: env.PORT,
  from: { name: env.FRONTLINE_MAIL_FROM_NAME, email: env.FRONTLINE_MAIL_FROM },
  alarmMinutes: env.FRONTLINE_RECEPTION_ALARM_MINUTES,
});

if (env.FRONTLINE_SEED_DEMO && !(await isSeeded(db))) {
  await seedDemo(db, { holder, mail, now: Date.now(), log: (text) => process.stdout.write(text) });
}
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
scheduler.start();

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
  const url = env.FRONTLINE_ORIGIN ?? `http://localhost:${env.PORT}`;
  console.log(`\nFrontline (一线) is running at ${url}${web ? '' : '  (API only: web/ is not built)'}`);
  console.log(`  database: ${db.path}`);
  console.log(`  API reference: ${url}/api/docs`);
  console.log(`\n  Demo sign-ins (password for all: ${DEMO_PASSWORD})`);
  for (const [login, role] of Object.entries(DEMO_LOGINS)) console.log(`    ${login.padEnd(18)} ${role}`);
  console.log('    any employee number (e.g. e000042) also signs in with the same password\n');
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close();
    mailer.close();
    void Promise.all([scheduler.stop(), closeFileWorkers()])
      .then(() => db.close())
      .finally(() => process.exit(0));
  });
}
