import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from './open.ts';
import { Refusal } from './refusal.ts';
import { createTestDatabase, factories, testDialect } from './testing/index.ts';
import { lockedUnitOfWork, unitOfWork } from './unit-of-work.ts';

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let other: Db | undefined;
beforeEach(async () => {
  db = await createTestDatabase();
  // A second connection to the same file, as another app process would hold; it gives up at once when locked.
  if (testDialect() === 'sqlite') {
    other = openDatabase(db.path);
    other.sqlite.pragma('busy_timeout = 0');
  }
});
afterEach(async () => {
  await other?.close();
  other = undefined;
  await db.cleanup();
});

const regionCount = async (x: Db) =>
  Number(
    (
      await x.kysely
        .selectFrom('regions')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const insertRegion = (x: Db, code: string) =>
  x.kysely.insertInto('regions').values({ code, name: code, city: '上海' }).execute();

describe('units of work', () => {
  it('commit what the work wrote, and on a refusal write nothing and answer the rule', async () => {
    const f = factories(db);
    expect(
      await unitOfWork(
        db,
        async (tx) =>
          (
            await tx
              .insertInto('regions')
              .values({ code: 'A', name: 'A', city: '上海' })
              .returning('id')
              .executeTakeFirstOrThrow()
          ).id,
      ),
    ).toMatchObject({ ok: true });
    const refused = await lockedUnitOfWork(db, async (tx) => {
      await tx.insertInto('regions').values({ code: 'B', name: 'B', city: '上海' }).execute();
      throw new Refusal({ code: 'CONFLICT' });
    });
    expect(refused).toEqual({ ok: false, error: { code: 'CONFLICT' } });
    await f.region({ code: 'C' });
    expect(await regionCount(db)).toBe(2);
  });

  // SQLite's file lock and its SQLITE_BUSY, through a second connection to the file (its busy timeout is short).
  // Every SQLite transaction begins immediate: a unit that reads and then writes never finds, at its write,
  // that another process wrote since its read (which SQLite refuses at once, without waiting).
  it.skipIf(testDialect() !== 'sqlite').each([
    ['a locked unit', lockedUnitOfWork],
    ['a plain unit', unitOfWork],
  ] as const)(
    '%s holds the write lock from its first read: another process cannot write between its check and its write',
    async (_name, unit) => {
      let during: unknown;
      const result = await unit(db, async (tx) => {
        await tx.selectFrom('regions').select('id').execute();
        during = await insertRegion(other!, 'X').then(
          () => 'written',
          (e: { code?: string }) => e.code,
        );
        await tx.insertInto('regions').values({ code: 'Y', name: 'Y', city: '上海' }).execute();
      });
      expect(result.ok).toBe(true);
      expect(during).toBe('SQLITE_BUSY');
      await insertRegion(other!, 'X');
      expect(await regionCount(db)).toBe(2);
    },
  );
});
