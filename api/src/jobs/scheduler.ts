import { randomUUID } from 'node:crypto';
import { shanghaiDate } from '@frontline/core';
import { DEFAULT_CALENDAR_WATCH_FROM } from '@frontline/core';
import { lastDetectionRun, withLease, type Db, type MailSettings } from '@frontline/db';
import { pruneSignInThrottle } from '../auth/throttle.ts';
import { runDetection } from '../features/common-issues/service.ts';
import { remindMissingNotices } from '../features/calendar/service.ts';
import { markMissed } from '../features/duties/service.ts';
import { runReminders } from '../features/outbox/reminders.ts';
import { runTicketClocks } from '../features/tickets/service.ts';
import type { Mailer } from './mailer.ts';

/**
 * The jobs the server runs on its own, every interval: open duties past their
 * window become missed, reminders and Monday digests are queued, tickets
 * near or past their limits remind and escalate, system admins are reminded weekly of a missing holiday notice, the outbox
 * is delivered, and once a day common-issue detection runs (reopening plans
 * whose households report their problem again). Every job is idempotent, so a restart (or a tick that runs
 * twice) never repeats a message; ticks never overlap, on this server or
 * across servers: a tick runs under the `scheduler` lease, and a server that
 * does not get it skips the tick (another server is doing it). Old sign-in
 * throttle counters are pruned on the way.
 */
export const SCHEDULER_LEASE = 'scheduler';

export function createScheduler(o: {
  db: Db;
  mailer: Mailer;
  mail: MailSettings;
  dutyDays: number;
  /** MM-DD from which next year's missing holiday notice is reminded of. */
  calendarWatchFrom?: string;
  now: () => number;
  intervalMs: number;
  log?: (m: string, e?: unknown) => void;
  /** This app server's id in leases; a fresh one by default. */
  holder?: string;
  leaseTtlMs?: number;
}) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<boolean> | null = null;
  const holder = o.holder ?? randomUUID();
  const log = o.log ?? ((m, e) => console.error(m, e));

  async function step(name: string, work: () => Promise<unknown>) {
    try {
      await work();
    } catch (e) {
      log(`job ${name} failed`, e);
    }
  }

  async function run() {
    const at = o.now();
    const today = shanghaiDate(at);
    await step('mark-missed', () => markMissed(o.db, today, { actorId: null, at }));
    await step('reminders', () => runReminders(o.db, { today, dutyDays: o.dutyDays, mail: o.mail, at }));
    await step('calendar-watch', () =>
      remindMissingNotices(o.db, {
        today,
        watchFrom: o.calendarWatchFrom ?? DEFAULT_CALENDAR_WATCH_FROM,
        mail: o.mail,
        at,
      }),
    );
    await step('detect-common-issues', async () => {
      const last = await lastDetectionRun(o.db);
      if (!last || shanghaiDate(last.at) < today)
        await runDetection(o.db, { today, mail: o.mail }, { actorId: null, at }, { holder, now: o.now });
    });
    await step('ticket-clocks', () => runTicketClocks(o.db, { now: at, mail: o.mail }));
    await step('deliver-mail', () => o.mailer.deliverDue());
    await step('prune-sign-in-throttle', () => pruneSignInThrottle(o.db, at));
  }

  /** One tick if this server gets the lease; resolves to whether it ran here. */
  async function leasedTick(): Promise<boolean> {
    try {
      const r = await withLease(o.db, { name: SCHEDULER_LEASE, holder, now: o.now, ttlMs: o.leaseTtlMs, log }, run);
      return r.ran;
    } catch (e) {
      log('scheduler lease failed', e);
      return false;
    }
  }

  return {
    holder,
    /** Runs the jobs once unless a tick is running here or on another server; true when it ran here. */
    tick: () => (running ??= leasedTick().finally(() => (running = null))),
    start() {
      void this.tick();
      timer = setInterval(() => void this.tick(), o.intervalMs);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
