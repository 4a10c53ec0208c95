import { DEFAULT_SESSION_POLICY, shanghaiDate } from '@frontline/core';
import { failInterruptedRuns, markMissedDuties, openMigratedDatabase } from '@frontline/db';
import { DEMO_LOGINS, DEMO_PASSWORD, isSeeded, planDemo, seedGroup } from '@frontline/db/seed';
import { createApp } from './app.ts';
import { readEnv } from './env.ts';
import { createFrontlineServer } from './server.ts';

/** Start-up: configuration, database (migrate, first-run seed), then listen. */
const env = readEnv();
const db = await openMigratedDatabase(env.FRONTLINE_DB_PATH);

if (env.FRONTLINE_SEED_DEMO && !(await isSeeded(db))) {
  process.stdout.write('› seeding the demo group…\n');
  const counts = await seedGroup(db, {
    onProgress: (rows, expected) => process.stdout.write(`\r  ${Math.min(100, Math.round((rows / expected) * 100))}% (${rows} rows)`),
  });
  process.stdout.write(`\r  done: ${Object.entries(counts).map(([t, n]) => `${t} ${n}`).join(', ')}\n`);
  process.stdout.write('› planning households and duties for the next 12 months…\n');
  const report = await planDemo(db, shanghaiDate(Date.now()), Date.now());
  process.stdout.write(`  ${report.ownership.moved} households given owners, ${report.duties.created} duties planned`);
  if (report.unknownYears.length) process.stdout.write(`; no holiday calendar yet for ${report.unknownYears.join(', ')} (nothing planned there)`);
  process.stdout.write('\n');
}
await failInterruptedRuns(db, Date.now());

// The daily job (open duties past their window become missed), hourly so a restart never skips a day; idempotent.
const markMissed = () =>
  markMissedDuties(db, shanghaiDate(Date.now()), { actorId: null, at: Date.now() }).catch((error: unknown) => console.error('mark-missed job failed', error));
await markMissed();
const missedTimer = setInterval(() => void markMissed(), 3600_000);
missedTimer.unref();

const app = createApp({
  db,
  now: () => Date.now(),
  origin: env.FRONTLINE_ORIGIN,
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
    void db.close().finally(() => process.exit(0));
  });
}
