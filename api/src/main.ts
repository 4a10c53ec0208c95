import { randomUUID } from 'node:crypto';
import { appraisalPeriodOf, DEFAULT_SESSION_POLICY, previousAppraisalPeriod, shanghaiDate } from '@frontline/core';
import { failInterruptedRuns } from '@frontline/db';
import { runDetection } from './features/common-issues/service.ts';
import {
  DEMO_LOGINS,
  DEMO_PASSWORD,
  isSeeded,
  planDemo,
  seedDemoFeedback,
  seedDemoHistory,
  seedDemoReceptions,
  seedGroup,
} from '@frontline/db/seed';
import { createApp } from './app.ts';
import { databaseLocation, readEnv } from './env.ts';
import { createFrontlineServer } from './server.ts';
import { createMailer, createTransport } from './jobs/mailer.ts';
import { createScheduler } from './jobs/scheduler.ts';
import { openOrExit } from './startup.ts';
import { mailSettings } from './mail/settings.ts';

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
  process.stdout.write('› seeding the demo group…\n');
  const counts = await seedGroup(db, {
    onProgress: (rows, expected) =>
      process.stdout.write(`\r  ${Math.min(100, Math.round((rows / expected) * 100))}% (${rows} rows)`),
  });
  process.stdout.write(
    `\r  done: ${Object.entries(counts)
      .map(([t, n]) => `${t} ${n}`)
      .join(', ')}\n`,
  );
  const history = await seedDemoHistory(
    db,
    previousAppraisalPeriod(appraisalPeriodOf(shanghaiDate(Date.now()), 'quarter')).from,
    shanghaiDate(Date.now()),
    Date.now(),
  );
  process.stdout.write(
    `› ${history.duties} past duties recorded (done, late, missed, excused or attended by a colleague)\n`,
  );
  process.stdout.write('› planning households and duties for the next 12 months…\n');
  const report = await planDemo(db, shanghaiDate(Date.now()), Date.now());
  // Owners and this month's duties may already exist from the history above: say what the plan holds.
  const inPlan = report.duties.created + report.duties.updated + report.duties.unchanged;
  process.stdout.write(
    `  ${inPlan} duties in the plan (${report.duties.created} new)${report.ownership.moved ? `, ${report.ownership.moved} households given owners` : ''}`,
  );
  if (report.provisionalYears.length)
    process.stdout.write(
      `; ${report.provisionalYears.join(', ')} provisional (planned on the statutory holidays until its State Council notice is pasted on 工作日历)`,
    );
  if (report.unknownYears.length)
    process.stdout.write(`; no holiday calendar yet for ${report.unknownYears.join(', ')} (nothing planned there)`);
  const receptionDays = await seedDemoReceptions(db, shanghaiDate(Date.now()), Date.now(), mail);
  process.stdout.write(`; ${receptionDays} reception days set up (invites in the outbox)\n`);
  const today = shanghaiDate(Date.now());
  const visits = await seedDemoFeedback(db, today, Date.now(), { visits: 600, months: 6 });
  const detection = await runDetection(
    db,
    { today, mail },
    { actorId: null, at: Date.now() },
    { holder, now: () => Date.now() },
  );
  process.stdout.write(
    `  ${visits} feedback visits recorded; ${detection ? detection.suggestions : 'no (detection is running elsewhere)'} common issues suggested for review\n`,
  );
}
// Only runs of servers no longer holding the planning lease: another live server's run goes on.
await failInterruptedRuns(db, Date.now());

const mailer = createMailer(db, {
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
    void scheduler
      .stop()
      .then(() => db.close())
      .finally(() => process.exit(0));
  });
}
