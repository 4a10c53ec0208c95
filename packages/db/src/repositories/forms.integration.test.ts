import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, testSql } from '../testing/index.ts';
import { currentFormVersion, installDefaultForms, listCategories, listForms } from './forms.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

const AT = Date.UTC(2026, 10, 23, 2);

async function setUp() {
  const db = await createTestDatabase();
  cleanups.push(db.cleanup);
  return db;
}

describe('forms', () => {
  it('a new database has one published form per checkpoint and the default taxonomy, installed once', async () => {
    const db = await setUp();
    await installDefaultForms(db, AT + 1);
    const forms = await listForms(db);
    expect(forms.map((f) => [f.checkpoint, f.published?.version, f.draft])).toEqual(
      [1, 2, 3, 4, 5, 6, 7].map((c) => [c, 1, null]),
    );
    expect((await listCategories(db)).length).toBe(22);
  });

  it('published versions are immutable in the database', async () => {
    const db = await setUp();
    const v1 = (await currentFormVersion(db, 7))!;
    const sql = testSql(db);
    await expect(sql.run(`update form_versions set definition = '{}' where id = ?`, v1.id)).rejects.toThrow(
      /FORM_VERSION_PUBLISHED/,
    );
    await expect(sql.run(`delete from form_versions where id = ?`, v1.id)).rejects.toThrow(/FORM_VERSION_PUBLISHED/);
  });
});
