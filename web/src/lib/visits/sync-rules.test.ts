import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FIRST_RETRY_MS, LONGEST_RETRY_MS, photoFileName, retryDelay, verdictOf } from './sync-rules.ts';

describe('what an answer means for a queued visit', () => {
  it('takes every 2xx as sent, the replay of a visit already recorded (200) included', () => {
    expect([200, 201, 204].map(verdictOf)).toEqual(['sent', 'sent', 'sent']);
  });
  it('takes answers about the visit itself as refusals', () => {
    expect([400, 403, 404, 409, 413, 415, 422].map(verdictOf)).toEqual(Array(7).fill('refused'));
  });
  it('retries timeouts, throttling and server failures', () => {
    expect([408, 429, 500, 502, 503, 504].map(verdictOf)).toEqual(Array(6).fill('retry'));
  });
  it('refuses exactly the 4xx other than 408 and 429', () => {
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 599 }), (status) => {
        const verdict = verdictOf(status);
        if (status >= 200 && status < 300) return verdict === 'sent';
        const refusal = status >= 400 && status < 500 && status !== 408 && status !== 429;
        return verdict === (refusal ? 'refused' : 'retry');
      }),
    );
  });
});

describe('the wait after failed runs', () => {
  it('is 2 s, 4 s, 8 s, 16 s, then 30 s from the fifth failure on', () => {
    expect([1, 2, 3, 4, 5, 6, 50].map(retryDelay)).toEqual([2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
  });
  it('never shrinks, stays between 2 s and 30 s, and doubles until it reaches 30 s', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), (failures) => {
        const now = retryDelay(failures);
        const next = retryDelay(failures + 1);
        expect(now).toBeGreaterThanOrEqual(FIRST_RETRY_MS);
        expect(now).toBeLessThanOrEqual(LONGEST_RETRY_MS);
        expect(next).toBe(Math.min(LONGEST_RETRY_MS, now * 2));
      }),
    );
  });
});

describe('an uploaded photo’s file name', () => {
  it('is its id with the extension its type names, jpg when the type names none', () => {
    expect(photoFileName('p1', 'image/webp')).toBe('p1.webp');
    expect(photoFileName('p1', 'image/jpeg')).toBe('p1.jpeg');
    expect(photoFileName('p1', '')).toBe('p1.jpg');
  });
});
