import type { Actor, Employee, Locale } from '@frontline/core';
import type { Db, MailSettings } from '@frontline/db';
import type { SessionPolicy } from '@frontline/core';
import type { SignInThrottle } from '../auth/throttle.ts';
import type { ScheduleRunner } from '../features/planning/runner.ts';

/** What every handler can reach: injected once in createApp. */
export type Deps = {
  db: Db;
  /** Epoch milliseconds; tests pass a fixed clock. */
  now: () => number;
  sessionPolicy: SessionPolicy;
  /** Public origin when known; decides Secure cookies. */
  origin?: string | undefined;
  trustProxy?: boolean;
  /** This app server's id in leases (one per process, several servers may share a database); fresh by default. */
  holder?: string;
  throttle?: SignInThrottle;
  runner?: ScheduleRunner;
  /** Sender, public origin and reminder for invites; defaults from `origin`. */
  mail?: MailSettings;
  /** 'smtp' when a mail server is configured; otherwise the outbox is where mail ends up. */
  mailDelivery?: 'smtp' | 'outbox';
  /** Where visit photos are stored; defaults to `photos/` beside the database file. */
  photoDir?: string;
  /** How many days back a visit tied to neither a duty nor a booking may be dated; defaults to core's. */
  visitLookbackDays?: number;
  /** MM-DD from which next year's missing holiday notice is watched for (default 11-01). */
  calendarWatchFrom?: string;
};

export type SignedIn = {
  actor: Actor;
  employee: Employee;
  sessionId: string;
  /** An administrator reset the password: only routes marked `beforePasswordChange` answer. */
  mustChangePassword: boolean;
};

export type AppEnv = {
  Variables: {
    deps: Deps & {
      holder: string;
      throttle: SignInThrottle;
      runner: ScheduleRunner;
      mail: MailSettings;
      photoDir: string;
      visitLookbackDays: number;
      calendarWatchFrom: string;
    };
    locale: Locale;
    requestId: string;
    auth: SignedIn | null;
    /** Set by an API-token policy: the token and the employee it acts for (its creator). */
    apiToken: { id: string; actor: Actor } | undefined;
  };
};
