import { DEFAULT_THROTTLE_POLICY } from '@frontline/core';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestDatabase, openSecondConnection, testSql } from '../testing/index.ts';
import { clearThrottle, pruneThrottle, recordThrottleFailure, throttleStates } from './throttle.ts';

const AT = Date.UTC(2026, 10, 23, 2);
const policy = DEFAULT_THROTTLE_POLICY;
let db: Awaited<ReturnType<typeof createTestDatabase>>;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => db.cleanup());

it('counts failures per key with core’s policy and forgets a key when cleared', async () => {
  for (let i = 0; i < policy.freeAttempts; i++) await recordThrottleFailure(db, { key: 'a', now: AT, policy });
  await recordThrottleFailure(db, { key: 'b', now: AT, policy });
  const states = await throttleStates(db, ['a', 'b', 'c']);
  expect(states.get('a')).toEqual({ failures: policy.freeAttempts, lockedUntil: AT + policy.baseDelayMs });
  expect(states.get('b')).toEqual({ failures: 1, lockedUntil: 0 });
  expect(states.has('c')).toBe(false);
  await clearThrottle(db, ['a']);
  expect([...(await throttleStates(db, ['a', 'b'])).keys()]).toEqual(['b']);
});

it('loses no failure when two servers count against the same key at once', async () => {
  const other = await openSecondConnection(db);
  try {
    const n = 40;
    // Both paths race: the first failures insert the row, the rest update it.
    await Promise.all([db, other, db, other].map((x) => recordThrottleFailure(x, { key: 'k', now: AT, policy })));
    await Promise.all(
      Array.from({ length: n }, (_, i) => recordThrottleFailure(i % 2 ? other : db, { key: 'k', now: AT, policy })),
    );
    expect((await throttleStates(db, ['k'])).get('k')!.failures).toBe(n + 4);
    expect(await testSql(db).value('select version from sign_in_throttle where key = ?', 'k')).toBe(n + 4);
  } finally {
    await other.close();
  }
});

it('prunes only counters idle and unlocked since the cut-off', async () => {
  for (let i = 0; i < policy.freeAttempts; i++) await recordThrottleFailure(db, { key: 'locked', now: AT, policy });
  await recordThrottleFailure(db, { key: 'old', now: AT, policy });
  await recordThrottleFailure(db, { key: 'recent', now: AT + 10_000, policy });
  expect(await pruneThrottle(db, AT + 500)).toBe(1);
  expect([...(await throttleStates(db, ['locked', 'old', 'recent'])).keys()].sort()).toEqual(['locked', 'recent']);
});
