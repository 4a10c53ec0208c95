import { describe, expect, it } from 'vitest';
import { COLUMNS } from './schema-columns.ts';
import { createTestDatabase, testDialect, testSql } from './testing/index.ts';

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

  // The same promise on PostgreSQL, read from its information schema.
  it.skipIf(testDialect() !== 'postgres')(
    'names exactly the tables and columns a migrated PostgreSQL database has',
    async () => {
      const db = await createTestDatabase();
      try {
        const sql = testSql(db);
        const tables = await sql.values<string>(
          `select table_name from information_schema.tables where table_schema = 'public' and table_name not like 'kysely_%' order by table_name`,
        );
        expect(tables).toEqual(Object.keys(COLUMNS).sort());
        for (const table of tables) {
          const columns = await sql.values<string>(
            `select column_name from information_schema.columns where table_schema = 'public' and table_name = ? order by column_name`,
            table,
          );
          // The word index's tsvector is PostgreSQL's own, generated from its words; queries never name it.
          const expected = [...COLUMNS[table as keyof typeof COLUMNS], ...(table === 'defects_fts' ? ['tsv'] : [])];
          expect(columns, table).toEqual(expected.sort());
        }
      } finally {
        await db.cleanup();
      }
    },
  );
});
