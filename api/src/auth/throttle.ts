import { DEFAULT_THROTTLE_POLICY, FRESH_THROTTLE, retryAfterSeconds, type ThrottlePolicy } from '@frontline/core';
import { clearThrottle, pruneThrottle, recordThrottleFailure, throttleStates, type Db } from '@frontline/db';

/**
 * Throttle states per key (account or address), kept in the database so
 * every app server counts the same failures and a restart forgets nothing.
 * Keys are stored under the throttle's namespace, so an account and an
 * address never share a counter.
 */
export class Throttle {
  readonly #db: Db;
  readonly #namespace: string;
  readonly #policy: ThrottlePolicy;

  constructor(db: Db, namespace: string, policy: ThrottlePolicy = DEFAULT_THROTTLE_POLICY) {
    this.#db = db;
    this.#namespace = namespace;
    this.#policy = policy;
  }

  #stored(keys: readonly string[]): string[] {
    return keys.map((k) => `${this.#namespace}:${k}`);
  }

  /** Seconds to wait for the longest-locked of the keys, 0 when free. */
  async retryAfter(keys: readonly string[], now: number): Promise<number> {
    const states = await throttleStates(this.#db, this.#stored(keys));
    return Math.max(0, ...this.#stored(keys).map((k) => retryAfterSeconds(states.get(k) ?? FRESH_THROTTLE, now)));
  }

  async fail(keys: readonly string[], now: number): Promise<void> {
    for (const key of this.#stored(keys)) await recordThrottleFailure(this.#db, { key, now, policy: this.#policy });
  }

  async succeed(keys: readonly string[]): Promise<void> {
    await clearThrottle(this.#db, this.#stored(keys));
  }
}

/** Sign-in keeps two counters: a tight one per account and a looser one per address. */
export type SignInThrottle = { account: Throttle; address: Throttle };

export function createSignInThrottle(db: Db): SignInThrottle {
  return {
    account: new Throttle(db, 'account', DEFAULT_THROTTLE_POLICY),
    address: new Throttle(db, 'address', { ...DEFAULT_THROTTLE_POLICY, freeAttempts: 30 }),
  };
}

/**
 * How long a counter is kept once it is neither locked nor counting: a
 * day, so a few failures now and a few tonight still add up, while the table
 * does not keep every address that ever mistyped.
 */
export const THROTTLE_KEPT_MS = 24 * 3600_000;

/** Deletes counters idle and unlocked for longer than THROTTLE_KEPT_MS (the scheduler does this every tick). */
export async function pruneSignInThrottle(db: Db, now: number): Promise<number> {
  return pruneThrottle(db, now - THROTTLE_KEPT_MS);
}

/**
 * The account counters a person's failures count against: a sign-in keys by
 * what was typed (login or employee number), so a wrong current password on
 * the change form counts against both.
 */
export function accountKeys(employee: { login: string | null; employeeNo: string }): string[] {
  return [...new Set([employee.login, employee.employeeNo].filter((k) => k !== null).map((k) => k.toLowerCase()))];
}
