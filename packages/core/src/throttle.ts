/**
 * Sign-in throttling: a few free attempts, then an exponentially growing wait,
 * capped. State is a value; the caller keeps it per account and per address.
 */
export type ThrottleState = { failures: number; lockedUntil: number };

export type ThrottlePolicy = { freeAttempts: number; baseDelayMs: number; maxDelayMs: number };

export const DEFAULT_THROTTLE_POLICY: ThrottlePolicy = { freeAttempts: 5, baseDelayMs: 1000, maxDelayMs: 15 * 60_000 };

export const FRESH_THROTTLE: ThrottleState = { failures: 0, lockedUntil: 0 };

export function recordFailure(state: ThrottleState, now: number, policy: ThrottlePolicy): ThrottleState {
  const failures = state.failures + 1;
  if (failures < policy.freeAttempts) return { failures, lockedUntil: 0 };
  const delay = Math.min(policy.baseDelayMs * 2 ** (failures - policy.freeAttempts), policy.maxDelayMs);
  return { failures, lockedUntil: now + delay };
}

/** Seconds to wait before the next attempt, or 0 when one is allowed now. */
export function retryAfterSeconds(state: ThrottleState, now: number): number {
  return state.lockedUntil > now ? Math.ceil((state.lockedUntil - now) / 1000) : 0;
}
