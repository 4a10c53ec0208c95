import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, probeDatabase } from '../open.ts';
import { createTestDatabase, testDialect, testSql } from '../testing/index.ts';
import { inTransaction, lockedUnitOfWork, unitOfWork } from '../unit-of-work.ts';
import { storageFaultOf } from './index.ts';

/**
 * The drivers' real errors read as storage faults: what the API answers 507
 * or 503 from and the health check reports, and the error that comes out of a
 * transaction is the one that failed it.
 */
let db: Awaited<ReturnType<typeof createTestDatabase>>;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => db.cleanup());

const regions = () => testSql(db).value<number>('select count(*) from regions').then(Number);
/** A region whose name takes several pages of the file. */
const bigRegion = (code: string) => ({ code, name: '区'.repeat(6000), city: '上海' });

describe.skipIf(testDialect() !== 'sqlite')('on SQLite', () => {
  /** No page beyond those the file has: a write that needs one fails with SQLITE_FULL, as on a full disk. */
  function fill() {
    if (Number(db.sqlite.pragma('freelist_count', { simple: true })) > 0) db.sqlite.exec('vacuum');
    db.sqlite.pragma(`max_page_count = ${Number(db.sqlite.pragma('page_count', { simple: true }))}`);
  }

  it.each([
    ['unitOfWork', (work: Parameters<typeof inTransaction>[1]) => unitOfWork(db, work)],
    ['lockedUnitOfWork', (work: Parameters<typeof inTransaction>[1]) => lockedUnitOfWork(db, work)],
    ['inTransaction', (work: Parameters<typeof inTransaction>[1]) => inTransaction(db, work)],
  ])(
    'a full disk comes out of %s as SQLITE_FULL (not the failed rollback after SQLite undid the transaction), keeping nothing',
    async (_name, run) => {
      fill();
      const error = await run(async (tx) => {
        await tx.insertInto('regions').values({ code: 'A', name: 'A', city: '上海' }).execute();
        await tx.insertInto('regions').values(bigRegion('B')).execute();
      }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'SQLITE_FULL' });
      expect(storageFaultOf(error)).toBe('full');
      expect(await regions()).toBe(0);
      // The connection is usable, and takes the write once there is room.
      db.sqlite.pragma('max_page_count = 1073741823');
      await unitOfWork(db, async (tx) => {
        await tx.insertInto('regions').values(bigRegion('B')).execute();
      });
      expect(await regions()).toBe(1);
    },
  );

  it('the health probe asks for room for a change: a file that may not grow is full, though a row would fit', async () => {
    expect(await probeDatabase(db, 'server-a', 1_000)).toEqual({ database: 'ok' });
    fill();
    // The probe row itself is rewritten in place: only the room it asks for (and gives back) needs new pages.
    expect(await probeDatabase(db, 'server-b', 2_000)).toEqual({
      database: 'full',
      reason: expect.stringMatching(/^SQLITE_FULL: /),
    });
    expect(await testSql(db).all('select id, holder, probed_at from health_probe')).toEqual([
      { id: 1, holder: 'server-a', probed_at: 1_000 },
    ]);
    db.sqlite.pragma('max_page_count = 1073741823');
    expect(await probeDatabase(db, 'server-b', 3_000)).toEqual({ database: 'ok' });
    expect(await testSql(db).all('select id, holder, probed_at from health_probe')).toEqual([
      { id: 1, holder: 'server-b', probed_at: 3_000 },
    ]);
  });

  it('a connection that may not write fails with SQLITE_READONLY, read as read-only', async () => {
    db.sqlite.pragma('query_only = on');
    const error = await unitOfWork(db, async (tx) => {
      await tx.insertInto('regions').values(bigRegion('A')).execute();
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SQLITE_READONLY' });
    expect(storageFaultOf(error)).toBe('read-only');
  });
});

describe.skipIf(testDialect() !== 'postgres')('on PostgreSQL', () => {
  it('a write in a read-only transaction fails with 25006, read as read-only', async () => {
    const error = await db.kysely
      .transaction()
      .setAccessMode('read only')
      .execute(async (tx) => {
        await tx.insertInto('regions').values({ code: 'A', name: 'A', city: '上海' }).execute();
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: '25006' });
    expect(storageFaultOf(error)).toBe('read-only');
  });

  it('the health probe writes its row, and reports a database that refuses writes as read-only', async () => {
    expect(await probeDatabase(db, 'server-a', 1_000)).toEqual({ database: 'ok' });
    expect(await testSql(db).all('select id, holder, probed_at from health_probe')).toEqual([
      { id: 1, holder: 'server-a', probed_at: 1_000 },
    ]);
    // A database set read-only (as a standby is): connections made from now on refuse writes.
    const name = await testSql(db).value<string>('select current_database()');
    await testSql(db).run(`alter database "${name}" set default_transaction_read_only = on`);
    const later = openDatabase(db.path);
    try {
      expect(await probeDatabase(later, 'server-b', 2_000)).toEqual({
        database: 'read-only',
        reason: expect.stringMatching(/^25006: /),
      });
    } finally {
      await later.close();
      await testSql(db).run(`alter database "${name}" reset default_transaction_read_only`);
    }
  });

  it('the server’s disk_full (53100) is full; its other insufficient resources (53xxx) are unavailable', async () => {
    const raised = (sqlstate: string) =>
      testSql(db)
        .run(`do $$ begin raise exception 'test' using errcode = '${sqlstate}'; end $$`)
        .catch((e: unknown) => e);
    expect(storageFaultOf(await raised('53100'))).toBe('full');
    expect(storageFaultOf(await raised('53200'))).toBe('unavailable');
    expect(storageFaultOf(await raised('57P01'))).toBe('unavailable');
    expect(storageFaultOf(await raised('23505'))).toBeUndefined();
  });

  it('a server that cannot be reached is unavailable', async () => {
    const { openDatabase } = await import('../open.ts');
    const nowhere = openDatabase('postgres://nobody@127.0.0.1:1/nothing');
    const error = await testSql(nowhere)
      .value('select 1')
      .catch((e: unknown) => e);
    await nowhere.close();
    expect(storageFaultOf(error)).toBe('unavailable');
  });
});

describe('on any dialect', () => {
  it('a constraint’s refusal and an ordinary error say nothing about storage', async () => {
    await testSql(db).run(`insert into regions (code, name, city) values ('A', 'A', '上海')`);
    const duplicate = await testSql(db)
      .run(`insert into regions (code, name, city) values ('A', 'A', '上海')`)
      .catch((e: unknown) => e);
    expect(storageFaultOf(duplicate)).toBeUndefined();
    expect(storageFaultOf(new Error('boom'))).toBeUndefined();
    expect(storageFaultOf(Object.assign(new Error('no space'), { code: 'ENOSPC' }))).toBe('full');
  });
});
