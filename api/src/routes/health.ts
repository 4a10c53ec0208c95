import { ping, probeDatabase, reasonOf, type DatabaseHealth, type Db } from '@frontline/db';
import { Hono } from 'hono';
import type { AppEnv } from '../http/context.ts';
import { allow } from '../http/policy.ts';

/**
 * How often the health check writes (the probe), at most: between probes it
 * answers from the last probe's result, after a `select 1` when that was
 * good. Health is a load balancer's hot path; a write every few seconds per
 * server is what it costs.
 */
export const PROBE_EVERY_MS = 5_000;

/** A probe that gets no answer in this long (a server that does not reply) reports the database unavailable. */
const PROBE_TIMEOUT_MS = 3_000;

type Probe = { at: number; health: DatabaseHealth };

/** Each database's last probe and the one under way, shared by concurrent requests. */
const lastProbe = new WeakMap<Db, Probe>();
const probing = new WeakMap<Db, Promise<DatabaseHealth>>();

function withTimeout(work: Promise<DatabaseHealth>): Promise<DatabaseHealth> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<DatabaseHealth>((resolve) => {
    timer = setTimeout(
      () => resolve({ database: 'unavailable', reason: `no answer in ${PROBE_TIMEOUT_MS} ms` }),
      PROBE_TIMEOUT_MS,
    );
    timer.unref?.();
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** The database's health as of now: a fresh probe when the last is older than PROBE_EVERY_MS, else the last one's. */
export async function databaseHealth(db: Db, holder: string, now: number): Promise<DatabaseHealth> {
  const last = lastProbe.get(db);
  if (last && now - last.at < PROBE_EVERY_MS && now >= last.at) {
    if (last.health.database !== 'ok') return last.health;
    try {
      await ping(db);
      return last.health;
    } catch (e) {
      // Gone since the last probe: say so now, and probe again on the next request.
      lastProbe.delete(db);
      return { database: 'unavailable', reason: reasonOf(e) };
    }
  }
  let running = probing.get(db);
  if (!running) {
    running = withTimeout(probeDatabase(db, holder, now)).then((health) => {
      const before = lastProbe.get(db)?.health.database ?? 'ok';
      if (health.database !== before)
        console.error(
          health.database === 'ok'
            ? `database health: ok again (${db.path})`
            : `database health: ${health.database} (${db.path}): ${health.reason}`,
        );
      lastProbe.set(db, { at: now, health });
      probing.delete(db);
      return health;
    });
    probing.set(db, running);
  }
  return running;
}

export const healthRoutes = new Hono<AppEnv>().get(
  '/',
  allow('public', {
    summary: 'Liveness and database check: 503 with what is wrong when the database cannot take a write',
    tags: ['system'],
  }),
  async (c) => {
    const deps = c.get('deps');
    const health = await databaseHealth(deps.db, deps.holder, deps.now());
    if (health.database === 'ok') return c.json({ status: 'ok' as const, database: 'ok' as const }, 200);
    return c.json({ status: 'degraded' as const, database: health.database }, 503);
  },
);
