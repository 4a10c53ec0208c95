import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { cachingStatements } from './sqlite.ts';

describe('the prepared-statement cache under Kysely', () => {
  it('prepares each SQL text once and answers every run with current rows', async () => {
    const sqlite = new BetterSqlite3(':memory:');
    let prepares = 0;
    const prepare = sqlite.prepare.bind(sqlite);
    sqlite.prepare = ((text: string) => (prepares++, prepare(text))) as typeof sqlite.prepare;
    const k = new Kysely<{ t: { id: number; name: string } }>({
      dialect: new SqliteDialect({ database: cachingStatements(sqlite) }),
    });
    await sql`create table t (id integer primary key, name text not null)`.execute(k);
    for (let i = 1; i <= 5; i++)
      await k
        .insertInto('t')
        .values({ id: i, name: `n${i}` })
        .execute();
    const before = prepares;
    for (let i = 1; i <= 5; i++) {
      const row = await k.selectFrom('t').select('name').where('id', '=', i).executeTakeFirst();
      expect(row?.name).toBe(`n${i}`);
    }
    expect(prepares - before).toBe(1);
    await k.updateTable('t').set({ name: 'changed' }).where('id', '=', 3).execute();
    expect((await k.selectFrom('t').select('name').where('id', '=', 3).executeTakeFirst())?.name).toBe('changed');
    // A schema change: SQLite re-prepares the cached statement by itself.
    await sql`alter table t add column extra text`.execute(k);
    expect(await k.selectFrom('t').selectAll().where('id', '=', 1).executeTakeFirst()).toEqual({
      id: 1,
      name: 'n1',
      extra: null,
    });
    await k.destroy();
  });

  it('keeps at most `size` statements, dropping the least recently used', async () => {
    const sqlite = new BetterSqlite3(':memory:');
    const prepared: string[] = [];
    const prepare = sqlite.prepare.bind(sqlite);
    sqlite.prepare = ((text: string) => (prepared.push(text), prepare(text))) as typeof sqlite.prepare;
    const cache = cachingStatements(sqlite, 2);
    cache.prepare('select 1');
    cache.prepare('select 2');
    cache.prepare('select 1'); // now the most recent
    cache.prepare('select 3'); // drops "select 2"
    cache.prepare('select 1');
    cache.prepare('select 2');
    expect(prepared).toEqual(['select 1', 'select 2', 'select 3', 'select 2']);
    expect(cache.prepare('select 1').pluck().get()).toBe(1);
    cache.close();
    expect(sqlite.open).toBe(false);
  });
});
