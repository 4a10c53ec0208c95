import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, testSql } from './index.ts';

let db: Awaited<ReturnType<typeof createTestDatabase>>;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(() => db.cleanup());

describe('testSql', () => {
  it('writes, counts and reads back rows with positional parameters', async () => {
    const q = testSql(db);
    expect(
      await q.run(
        `insert into regions (code, name, city) values (?, ?, ?), (?, ?, ?)`,
        'A',
        '甲',
        '上海',
        'B',
        '乙',
        '杭州',
      ),
    ).toBe(2);
    expect(await q.value<number>('select count(*) from regions where city <> ?', '北京')).toBe(2);
    expect(await q.values<string>('select code from regions order by code')).toEqual(['A', 'B']);
    expect(await q.get<{ name: string }>('select name from regions where code = ?', 'B')).toEqual({ name: '乙' });
    expect(await q.get('select name from regions where code = ?', 'Z')).toBeUndefined();
    expect(await q.all<{ code: string }>('select code from regions where code = ? or code = ?', 'A', 'B')).toHaveLength(
      2,
    );
  });
});
