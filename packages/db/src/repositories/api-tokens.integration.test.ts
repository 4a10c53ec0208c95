import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestDatabase, factories } from '../testing/index.ts';
import { getApiToken, insertApiToken, listApiTokens, liveApiToken, revokeApiToken } from './api-tokens.ts';

const AT = Date.UTC(2026, 10, 23, 2);
let db: Awaited<ReturnType<typeof createTestDatabase>>;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => db.cleanup());

it('are stored as a hash, listed, and revoked once', async () => {
  const f = factories(db, AT);
  const region = await f.region();
  const hr = (await f.employee({ position: 'hr_admin', line: 'hr', regionId: region.id })).id;
  const hash = new Uint8Array(32).fill(7);
  await db.kysely
    .transaction()
    .execute((tx) =>
      insertApiToken(
        tx,
        { id: 'tok1', name: 'HR 系统', scope: 'scores.read', secretHash: hash },
        { actorId: hr, at: AT },
      ),
    );
  expect(await getApiToken(db, 'tok1')).toMatchObject({
    id: 'tok1',
    createdBy: hr,
    createdByRegionId: region.id,
    revokedAt: null,
  });
  expect((await liveApiToken(db, 'tok1'))!.secretHash).toEqual(hash);
  expect((await listApiTokens(db)).map((x) => x.id)).toContain('tok1');
  expect(await listApiTokens(db, { regionId: region.id + 1 })).toEqual([]);
  expect(await revokeApiToken(db.kysely, 'tok1', { actorId: hr, at: AT })).toBe(true);
  expect(await revokeApiToken(db.kysely, 'tok1', { actorId: hr, at: AT })).toBe(false);
  expect(await liveApiToken(db, 'tok1')).toBeUndefined();
});
