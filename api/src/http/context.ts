import type { Actor, Employee, Locale } from '@frontline/core';
import type { Db } from '@frontline/db';
import type { SessionPolicy } from '@frontline/core';
import type { SignInThrottle } from '../auth/throttle.ts';
import type { ScheduleRunner } from '../jobs/schedule-runner.ts';

/** What every handler can reach: injected once in createApp. */
export type Deps = {
  db: Db;
  /** Epoch milliseconds; tests pass a fixed clock. */
  now: () => number;
  sessionPolicy: SessionPolicy;
  /** Public origin when known; decides Secure cookies. */
  origin?: string | undefined;
  trustProxy?: boolean;
  throttle?: SignInThrottle;
  runner?: ScheduleRunner;
};

export type SignedIn = { actor: Actor; employee: Employee; sessionId: string };

export type AppEnv = {
  Variables: {
    deps: Deps & { throttle: SignInThrottle; runner: ScheduleRunner };
    locale: Locale;
    requestId: string;
    auth: SignedIn | null;
  };
};
