import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../open.ts';
import { createTestDatabase, openSecondConnection, testSql } from '../testing/index.ts';
import { acquireLease, liveLease, releaseLease, renewLease, withLease } from './leases.ts';

const AT = Date.UTC(2026, 10, 23, 2);
const TTL = 60_000;
let db: Awaited<ReturnType<typeof createTestDatabase>>;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => db.cleanup());

const claim = (holder: string, now = AT, name = 'job') => ({ name, holder, now, ttlMs: TTL });

describe('acquireLease', () => {
  it('gives a free lease to the first holder and refuses a second while it lasts', async () => {
    expect(await acquireLease(db, claim('a'))).toBe(true);
    expect(await acquireLease(db, claim('b', AT + 1000))).toBe(false);
    expect(await acquireLease(db, claim('b', AT + TTL))).toBe(false);
    expect(await liveLease(db, 'job', AT + 1000)).toEqual({ holder: 'a', untilMs: AT + TTL });
  });

  it('lets the holder take it again, extending it and keeping when it was first taken', async () => {
    await acquireLease(db, claim('a'));
    expect(await acquireLease(db, claim('a', AT + 5000))).toBe(true);
    expect(await testSql(db).get('select holder, until_ms, acquired_at from leases where name = ?', 'job')).toEqual({
      holder: 'a',
      until_ms: AT + 5000 + TTL,
      acquired_at: AT,
    });
  });

  it('hands a lapsed lease to whoever asks next', async () => {
    await acquireLease(db, claim('a'));
    expect(await acquireLease(db, claim('b', AT + TTL + 1))).toBe(true);
    expect(await liveLease(db, 'job', AT + TTL + 1)).toEqual({ holder: 'b', untilMs: AT + TTL + 1 + TTL });
    expect(await acquireLease(db, claim('a', AT + TTL + 2))).toBe(false);
    expect(await testSql(db).value('select acquired_at from leases where name = ?', 'job')).toBe(AT + TTL + 1);
  });

  it('keeps leases of different names apart', async () => {
    expect(await acquireLease(db, claim('a', AT, 'one'))).toBe(true);
    expect(await acquireLease(db, claim('b', AT, 'two'))).toBe(true);
  });

  it('gives a lease raced for from two connections to exactly one of them', async () => {
    const other = await openSecondConnection(db);
    try {
      for (let round = 0; round < 20; round++) {
        const name = `race-${round}`;
        const wins = await Promise.all([
          acquireLease(db, claim('a', AT, name)),
          acquireLease(other, claim('b', AT, name)),
          acquireLease(db, claim('c', AT, name)),
          acquireLease(other, claim('d', AT, name)),
        ]);
        expect(wins.filter(Boolean)).toHaveLength(1);
      }
    } finally {
      await other.close();
    }
  });
});

describe('renewLease and releaseLease', () => {
  it('renew only for the holder', async () => {
    await acquireLease(db, claim('a'));
    expect(await renewLease(db, claim('b', AT + 1000))).toBe(false);
    expect((await liveLease(db, 'job', AT))!.untilMs).toBe(AT + TTL);
    expect(await renewLease(db, claim('a', AT + 1000))).toBe(true);
    expect((await liveLease(db, 'job', AT))!.untilMs).toBe(AT + 1000 + TTL);
  });

  it('a holder whose lease was taken over can neither renew nor release it', async () => {
    await acquireLease(db, claim('a'));
    await acquireLease(db, claim('b', AT + TTL + 1));
    expect(await renewLease(db, claim('a', AT + TTL + 2))).toBe(false);
    expect(await releaseLease(db, { name: 'job', holder: 'a' })).toBe(false);
    expect((await liveLease(db, 'job', AT + TTL + 2))!.holder).toBe('b');
  });

  it('release frees the lease for anyone at once', async () => {
    await acquireLease(db, claim('a'));
    expect(await releaseLease(db, { name: 'job', holder: 'a' })).toBe(true);
    expect(await liveLease(db, 'job', AT)).toBeUndefined();
    expect(await acquireLease(db, claim('b', AT + 1))).toBe(true);
  });
});

describe('withLease', () => {
  const leased = (x: Db, holder: string, now: () => number, ttlMs = TTL) => ({ name: 'job', holder, now, ttlMs });

  it('runs the work holding the lease, refuses others meanwhile, and releases it after', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const first = withLease(
      db,
      leased(db, 'a', () => AT),
      async () => {
        await gate;
        return 42;
      },
    );
    await new Promise((r) => setTimeout(r, 10));
    expect(
      await withLease(
        db,
        leased(db, 'b', () => AT),
        async () => 1,
      ),
    ).toEqual({ ran: false });
    release();
    expect(await first).toEqual({ ran: true, value: 42 });
    expect(await liveLease(db, 'job', AT)).toBeUndefined();
  });

  it('releases the lease when the work throws', async () => {
    await expect(
      withLease(
        db,
        leased(db, 'a', () => AT),
        async () => {
          throw new Error('boom');
        },
      ),
    ).rejects.toThrow('boom');
    expect(await liveLease(db, 'job', AT)).toBeUndefined();
  });

  it('renews the lease while long work runs, so it outlives its first TTL', async () => {
    let now = AT;
    const ttl = 60;
    const seen: (number | undefined)[] = [];
    await withLease(
      db,
      leased(db, 'a', () => now, ttl),
      async () => {
        for (let i = 0; i < 4; i++) {
          now += ttl / 2;
          await new Promise((r) => setTimeout(r, ttl / 2));
          seen.push((await liveLease(db, 'job', now))?.untilMs);
        }
      },
    );
    // Without renewal the lease would have lapsed by the third look (AT + 90 > AT + 60).
    expect(seen.every((u) => u !== undefined && u >= AT + ttl)).toBe(true);
    expect(Math.max(...(seen as number[]))).toBeGreaterThan(AT + ttl);
  });

  it('aborts the work’s signal when another holder took the lease over', async () => {
    let now = AT;
    const ttl = 60;
    const result = await withLease(
      db,
      leased(db, 'a', () => now, ttl),
      async (signal) => {
        now += ttl + 1;
        await acquireLease(db, { name: 'job', holder: 'b', now, ttlMs: 10 * ttl });
        await new Promise((r) => setTimeout(r, ttl));
        return signal.aborted;
      },
    );
    expect(result).toEqual({ ran: true, value: true });
    // The one who took over keeps it: the old holder's release does not remove it.
    expect((await liveLease(db, 'job', now))!.holder).toBe('b');
  });
});
