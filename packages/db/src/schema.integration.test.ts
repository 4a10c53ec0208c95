import { describe, expect, it } from 'vitest';
import { COLUMNS } from './schema-columns.ts';
import { createTestDatabase, testDialect } from './testing/index.ts';

describe('the Database type', () => {
  // Reads SQLite's catalogue (sqlite_master, pragma_table_info) and its FTS5 shadow tables.
  it.skipIf(testDialect() !== 'sqlite')('names exactly the tables and columns a migrated database has', async () => {
    const db = await createTestDatabase();
    try {
      // SQLite's and Kysely's own tables, and FTS5's shadow tables, are not the product's.
      const tables = (
        db.sqlite
          .prepare(
            `select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%' and name not like '%_fts_%'`,
          )
          .pluck()
          .all() as string[]
      ).sort();
      expect(tables).toEqual(Object.keys(COLUMNS).sort());
      for (const table of tables) {
        const columns = db.sqlite.prepare('select name from pragma_table_info(?)').pluck().all(table) as string[];
        // An FTS5 table's rowid is implicit; the type names it so queries can join on it.
        const expected = COLUMNS[table as keyof typeof COLUMNS].filter(
          (c) => !(table.endsWith('_fts') && c === 'rowid'),
        );
        expect(columns.sort(), table).toEqual([...expected].sort());
      }
    } finally {
      await db.cleanup();
    }
  });
});
