import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest } from './open.ts';
import { createTestDatabase } from './testing/index.ts';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => cleanup?.());

describe('openDatabase', () => {
  it('runs in WAL mode with foreign keys, full sync and a busy timeout', async () => {
    const db = await createTestDatabase();
    cleanup = db.cleanup;
    expect(db.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.sqlite.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
  });

  it('applies migrations once; running again changes nothing', async () => {
    const db = await createTestDatabase();
    cleanup = db.cleanup;
    expect(await migrateToLatest(db)).toEqual([]);
    const tables = db.sqlite.prepare("select name from sqlite_master where type = 'table' order by name").pluck().all();
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
    expect(() =>
      db.sqlite
        .prepare(
          'insert into households (project_id, building, unit, room, stage, created_at, updated_at) values (999, 1, 1, 101, ?, 0, 0)',
        )
        .run('owner'),
    ).toThrow(/FOREIGN KEY/);
  });
});
