import { testDialect } from '@frontline/db/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createHarness, type Harness } from '../testing/harness.ts';
import { PROBE_EVERY_MS } from './health.ts';

/**
 * `/api/health` writes to the database now and then (the probe) and says
 * when it cannot: a load balancer takes a server whose database is full or
 * read-only out of rotation before a person's change meets it. The clock is
 * the harness's, moved by hand.
 */
let h: Harness;
beforeEach(async () => {
  h = await createHarness({ seed: false });
  vi.spyOn(console, 'error').mockImplementation(() => {});
});
afterEach(async () => {
  vi.restoreAllMocks();
  await h.cleanup();
});

const health = async () => {
  const res = await h.request('/api/health');
  return { status: res.status, body: await res.json() };
};
const probedAt = () => h.sql.value<number>('select probed_at from health_probe where id = 1').then(Number);

describe('the health check', () => {
  it('answers ok after writing the probe row, and writes again only every few seconds', async () => {
    expect(await health()).toEqual({ status: 200, body: { status: 'ok', database: 'ok' } });
    expect(await h.sql.get('select holder, probed_at from health_probe')).toEqual({
      holder: h.holder,
      probed_at: h.now(),
    });
    h.advance(PROBE_EVERY_MS - 1);
    expect((await health()).status).toBe(200);
    // Within the interval: the last probe's answer, no write.
    expect(await probedAt()).toBe(h.now() - (PROBE_EVERY_MS - 1));
    h.advance(1);
    expect((await health()).status).toBe(200);
    expect(await probedAt()).toBe(h.now());
  });

  it.skipIf(testDialect() !== 'sqlite')('concurrent requests share one probe', async () => {
    const changes = () => h.sql.value<number>('select total_changes()').then(Number);
    const before = await changes();
    await health();
    const one = (await changes()) - before;
    expect(one).toBeGreaterThan(0);
    h.advance(PROBE_EVERY_MS);
    const start = await changes();
    const answers = await Promise.all(Array.from({ length: 20 }, () => health()));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect((await changes()) - start).toBe(one);
  });
});

describe.skipIf(testDialect() !== 'sqlite')('the health check on a database that cannot take a write', () => {
  it('says full (503) once the file may not grow, and ok again once space returns', async () => {
    expect((await health()).status).toBe(200);
    // The file's page limit at the pages it has, none free: as on a full disk, a write that needs a page fails.
    if (Number(h.db.sqlite.pragma('freelist_count', { simple: true })) > 0) h.db.sqlite.exec('vacuum');
    h.db.sqlite.pragma(`max_page_count = ${Number(h.db.sqlite.pragma('page_count', { simple: true }))}`);
    h.advance(PROBE_EVERY_MS);
    expect(await health()).toEqual({ status: 503, body: { status: 'degraded', database: 'full' } });
    // Reported once, on the change, with the driver's reason.
    expect(vi.mocked(console.error).mock.calls.map((c) => c.join(' '))).toEqual([
      expect.stringMatching(/^database health: full \(.*\): SQLITE_FULL: /),
    ]);
    h.advance(1_000);
    expect((await health()).status).toBe(503);

    h.db.sqlite.pragma('max_page_count = 1073741823');
    h.advance(PROBE_EVERY_MS);
    expect(await health()).toEqual({ status: 200, body: { status: 'ok', database: 'ok' } });
    expect(vi.mocked(console.error)).toHaveBeenCalledTimes(2);
  });

  it('says read-only (503) when the database refuses writes', async () => {
    h.db.sqlite.pragma('query_only = on');
    expect(await health()).toEqual({ status: 503, body: { status: 'degraded', database: 'read-only' } });
    h.db.sqlite.pragma('query_only = off');
    h.advance(PROBE_EVERY_MS);
    expect((await health()).status).toBe(200);
  });

  it('says unavailable (503) when the database has gone between probes, at once', async () => {
    expect((await health()).status).toBe(200);
    h.db.sqlite.close();
    h.advance(1_000);
    expect(await health()).toEqual({ status: 503, body: { status: 'degraded', database: 'unavailable' } });
  });
});
