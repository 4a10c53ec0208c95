import { executorOf, type Writer } from '../unit-of-work.ts';

/**
 * Leases: by holding the lease named for a piece of work (the scheduler's
 * tick, a planning run, …) exactly one app server at a time does it, however
 * many share the database. A lease lapses at `until_ms`; its holder renews it
 * while the work is alive, so a server that dies mid-work loses it after one
 * TTL and another server takes over.
 */

/**
 * How long a lease lasts unrenewed: long enough that a busy server's renewal
 * (every third of it) is never late, short enough that a killed server's
 * work is taken over within minutes.
 */
export const DEFAULT_LEASE_TTL_MS = 3 * 60_000;

export type LeaseClaim = { name: string; holder: string; now: number; ttlMs: number };

/**
 * Takes the lease for `holder` until `now + ttlMs` when it is free, lapsed,
 * or already `holder`'s; true when `holder` has it now. One statement (an
 * upsert whose update only applies when the row may be taken), so two
 * servers racing for a free or lapsed lease cannot both win, on SQLite or
 * PostgreSQL.
 */
export async function acquireLease(x: Writer, claim: LeaseClaim): Promise<boolean> {
  const row = await executorOf(x)
    .insertInto('leases')
    .values({ name: claim.name, holder: claim.holder, until_ms: claim.now + claim.ttlMs, acquired_at: claim.now })
    .onConflict((oc) =>
      oc
        .column('name')
        .doUpdateSet((eb) => ({
          // A holder re-acquiring keeps the time it first took the lease.
          acquired_at: eb
            .case()
            .when('leases.holder', '=', eb.ref('excluded.holder'))
            .then(eb.ref('leases.acquired_at'))
            .else(eb.ref('excluded.acquired_at'))
            .end(),
          holder: eb.ref('excluded.holder'),
          until_ms: eb.ref('excluded.until_ms'),
        }))
        .where((eb) =>
          eb.or([eb('leases.until_ms', '<', claim.now), eb('leases.holder', '=', eb.ref('excluded.holder'))]),
        ),
    )
    .returning('name')
    .executeTakeFirst();
  return row !== undefined;
}

/** Extends the lease to `now + ttlMs`, only for its holder; false when `holder` no longer has it. */
export async function renewLease(x: Writer, claim: LeaseClaim): Promise<boolean> {
  const r = await executorOf(x)
    .updateTable('leases')
    .set({ until_ms: claim.now + claim.ttlMs })
    .where('name', '=', claim.name)
    .where('holder', '=', claim.holder)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Gives the lease up, only for its holder (someone who took over a lapsed lease keeps it). */
export async function releaseLease(x: Writer, lease: { name: string; holder: string }): Promise<boolean> {
  const r = await executorOf(x)
    .deleteFrom('leases')
    .where('name', '=', lease.name)
    .where('holder', '=', lease.holder)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Who holds the lease and until when, while it has not lapsed; undefined when it is free. */
export async function liveLease(
  x: Writer,
  name: string,
  now: number,
): Promise<{ holder: string; untilMs: number } | undefined> {
  const row = await executorOf(x)
    .selectFrom('leases')
    .select(['holder', 'until_ms'])
    .where('name', '=', name)
    .where('until_ms', '>=', now)
    .executeTakeFirst();
  return row && { holder: row.holder, untilMs: Number(row.until_ms) };
}

/** Which app server asks for a lease, and its clock (read to take the lease and again at every renewal). */
export type LeaseHolder = { holder: string; now: () => number };

export type LeasedWork = LeaseHolder & {
  name: string;
  /** DEFAULT_LEASE_TTL_MS unless given. */
  ttlMs?: number | undefined;
  /** Told when a renewal fails or finds the lease taken over; the work goes on, but its signal is aborted. */
  log?: (message: string, error?: unknown) => void;
};

/**
 * Runs `work` while holding the lease `name`: `{ ran: false }` when another
 * holder has it; otherwise the lease is renewed every third of its TTL while
 * the work runs and released when it ends, however it ends. The work's
 * signal aborts if the lease is lost (a stall longer than the TTL let
 * another server take it), so long work can stop at a safe point.
 */
export async function withLease<T>(
  x: Writer,
  lease: LeasedWork,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<{ ran: false } | { ran: true; value: T }> {
  const ttlMs = lease.ttlMs ?? DEFAULT_LEASE_TTL_MS;
  const claim = () => ({ name: lease.name, holder: lease.holder, now: lease.now(), ttlMs });
  if (!(await acquireLease(x, claim()))) return { ran: false };
  const lost = new AbortController();
  let renewing: Promise<void> = Promise.resolve();
  const timer = setInterval(
    () => {
      renewing = renewLease(x, claim()).then(
        (kept) => {
          if (!kept && !lost.signal.aborted) {
            lease.log?.(`lease ${lease.name} was taken over while ${lease.holder} held it`);
            lost.abort();
          }
        },
        (error: unknown) => lease.log?.(`lease ${lease.name} could not be renewed`, error),
      );
    },
    Math.max(1, Math.floor(ttlMs / 3)),
  );
  timer.unref();
  try {
    return { ran: true, value: await work(lost.signal) };
  } finally {
    clearInterval(timer);
    await renewing;
    await releaseLease(x, lease);
  }
}
