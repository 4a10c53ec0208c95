import {
  DEFAULT_THROTTLE_POLICY,
  FRESH_THROTTLE,
  recordFailure,
  retryAfterSeconds,
  type ThrottlePolicy,
  type ThrottleState,
} from '@frontline/core';

/** Keeps throttle states per key (account or address) in memory; old entries are pruned. */
export class Throttle {
  readonly #states = new Map<string, ThrottleState>();
  readonly #policy: ThrottlePolicy;

  constructor(policy: ThrottlePolicy = DEFAULT_THROTTLE_POLICY) {
    this.#policy = policy;
  }

  /** Seconds to wait for the longest-locked of the keys, 0 when free. */
  retryAfter(keys: string[], now: number): number {
    return Math.max(0, ...keys.map((k) => retryAfterSeconds(this.#states.get(k) ?? FRESH_THROTTLE, now)));
  }

  fail(keys: string[], now: number): void {
    for (const key of keys)
      this.#states.set(key, recordFailure(this.#states.get(key) ?? FRESH_THROTTLE, now, this.#policy));
    if (this.#states.size > 100_000) this.#prune(now);
  }

  succeed(key: string): void {
    this.#states.delete(key);
  }

  #prune(now: number): void {
    for (const [key, s] of this.#states) if (s.lockedUntil < now - this.#policy.maxDelayMs) this.#states.delete(key);
  }
}

/** Sign-in keeps two counters: a tight one per account and a looser one per address. */
export type SignInThrottle = { account: Throttle; address: Throttle };

export function createSignInThrottle(): SignInThrottle {
  return {
    account: new Throttle(DEFAULT_THROTTLE_POLICY),
    address: new Throttle({ ...DEFAULT_THROTTLE_POLICY, freeAttempts: 30 }),
  };
}

/**
 * The account counters a person's failures count against: a sign-in keys by
 * what was typed (login or employee number), so a wrong current password on
 * the change form counts against both.
 */
export function accountKeys(employee: { login: string | null; employeeNo: string }): string[] {
  return [...new Set([employee.login, employee.employeeNo].filter((k) => k !== null).map((k) => k.toLowerCase()))];
}
