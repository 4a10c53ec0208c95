import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest } from './open.ts';
import { createTestDatabase, testDialect, testSql } from './testing/index.ts';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => cleanup?.());

describe('openDatabase', () => {
  // SQLite's own settings (pragmas); PostgreSQL has none of these.
  it.skipIf(testDialect() !== 'sqlite')(
    'runs in WAL mode with foreign keys, full sync and a busy timeout',
    async () => {
      const db = await createTestDatabase();
      cleanup = db.cleanup;
      expect(db.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.sqlite.pragma('synchronous', { simple: true })).toBe(2);
      expect(db.sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
    },
  );

  it('applies migrations once; running again changes nothing', async () => {
    const db = await createTestDatabase();
    cleanup = db.cleanup;
    expect(await migrateToLatest(db)).toEqual([]);
    // Each dialect lists its tables in its own catalogue.
    const tables = await testSql(db).values(
      testDialect() === 'sqlite'
        ? "select name from sqlite_master where type = 'table' order by name"
        : 'select table_name from information_schema.tables where table_schema = current_schema() order by table_name',
    );
    expect(tables).toEqual(
      expect.arrayContaining([
        'employees',
        'households',
        'household_owners',
        'sessions',
        'audit_log',
        'regions',
        'projects',
      ]),
    );
  });

  it('refuses a household that points at a missing project', async () => {
    const db = await createTestDatabase();
    cleanup = db.cleanup;
    // SQLite says FOREIGN KEY constraint failed; PostgreSQL, violates foreign key constraint.
    await expect(
      testSql(db).run(
        'insert into households (project_id, building, unit, room, stage, created_at, updated_at) values (999, 1, 1, 101, ?, 0, 0)',
        'owner',
      ),
    ).rejects.toThrow(/foreign key/i);
  });
});
