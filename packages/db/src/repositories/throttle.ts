import { FRESH_THROTTLE, recordFailure, type ThrottlePolicy, type ThrottleState } from '@frontline/core';
import { executorOf, type Reader, type Writer } from '../unit-of-work.ts';

/**
 * The sign-in throttle's counters, one row per key, shared by every app
 * server on the database. A failure is read, advanced by core's
 * `recordFailure` and written back only if nobody wrote in between (the
 * row's `version`), retried when someone did, so failures arriving at two
 * servers at once are all counted.
 */

/** How many times a failure is re-read and re-applied when other servers keep writing the same key. */
export const THROTTLE_WRITE_ATTEMPTS = 12;

/**
 * A random wait before the next attempt, growing with each (up to ~1 s in
 * all), so writers that collided do not collide again in step.
 */
const backoff = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(2 ** attempt, 200)));

/** The state of each key that has one; keys without a row are fresh. */
export async function throttleStates(x: Reader, keys: readonly string[]): Promise<Map<string, ThrottleState>> {
  if (keys.length === 0) return new Map();
  const rows = await executorOf(x)
    .selectFrom('sign_in_throttle')
    .select(['key', 'failures', 'locked_until'])
    .where('key', 'in', [...keys])
    .execute();
  return new Map(rows.map((r) => [r.key, { failures: Number(r.failures), lockedUntil: Number(r.locked_until) }]));
}

/** Counts one failure against `key`; resolves to the state it left. Throws if it could not write after the attempts. */
export async function recordThrottleFailure(
  x: Writer,
  f: { key: string; now: number; policy: ThrottlePolicy },
): Promise<ThrottleState> {
  const db = executorOf(x);
  for (let attempt = 0; attempt < THROTTLE_WRITE_ATTEMPTS; attempt++) {
    if (attempt > 0) await backoff(attempt);
    const row = await db
      .selectFrom('sign_in_throttle')
      .select(['failures', 'locked_until', 'version'])
      .where('key', '=', f.key)
      .executeTakeFirst();
    if (!row) {
      const next = recordFailure(FRESH_THROTTLE, f.now, f.policy);
      const inserted = await db
        .insertInto('sign_in_throttle')
        .values({ key: f.key, failures: next.failures, locked_until: next.lockedUntil, version: 1, updated_at: f.now })
        .onConflict((oc) => oc.column('key').doNothing())
        .returning('key')
        .executeTakeFirst();
      if (inserted) return next;
      continue; // Another server counted the first failure: read its row and count on top.
    }
    const version = Number(row.version);
    const next = recordFailure(
      { failures: Number(row.failures), lockedUntil: Number(row.locked_until) },
      f.now,
      f.policy,
    );
    const updated = await db
      .updateTable('sign_in_throttle')
      .set({ failures: next.failures, locked_until: next.lockedUntil, version: version + 1, updated_at: f.now })
      .where('key', '=', f.key)
      .where('version', '=', version)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) > 0) return next;
  }
  throw new Error(
    `sign-in throttle: ${f.key} kept changing under ${THROTTLE_WRITE_ATTEMPTS} attempts to count a failure`,
  );
}

/** Forgets the keys' failures (a good password, an administrator's reset). */
export async function clearThrottle(x: Writer, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  await executorOf(x)
    .deleteFrom('sign_in_throttle')
    .where('key', 'in', [...keys])
    .execute();
}

/** Deletes counters neither touched nor locked since `before`; resolves to how many. */
export async function pruneThrottle(x: Writer, before: number): Promise<number> {
  const r = await executorOf(x)
    .deleteFrom('sign_in_throttle')
    .where('locked_until', '<', before)
    .where('updated_at', '<', before)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
