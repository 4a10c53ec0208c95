import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FRESH_THROTTLE, recordFailure, retryAfterSeconds, type ThrottlePolicy } from './throttle.ts';

const policy: ThrottlePolicy = { freeAttempts: 3, baseDelayMs: 1000, maxDelayMs: 60_000 };

describe('sign-in throttle', () => {
  it('allows the free attempts, then makes the caller wait', () => {
    let s = FRESH_THROTTLE;
    for (let i = 0; i < 2; i++) s = recordFailure(s, 0, policy);
    expect(retryAfterSeconds(s, 0)).toBe(0);
    s = recordFailure(s, 0, policy);
    expect(retryAfterSeconds(s, 0)).toBe(1);
    s = recordFailure(s, 0, policy);
    expect(retryAfterSeconds(s, 0)).toBe(2);
  });
  it('waits grow with failures and never pass the cap', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), (n) => {
        let s = FRESH_THROTTLE;
        let previous = 0;
        for (let i = 0; i < n; i++) {
          s = recordFailure(s, 0, policy);
          const wait = retryAfterSeconds(s, 0);
          expect(wait).toBeGreaterThanOrEqual(previous);
          expect(wait).toBeLessThanOrEqual(60);
          previous = wait;
        }
      }),
    );
  });
});
