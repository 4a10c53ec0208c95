import { randomUUID } from 'node:crypto';
import { testDialect } from '@frontline/db/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createWorld, type World } from '../testing/world.ts';

/**
 * A database that cannot take a write answers in words, not with a 500, and
 * keeps nothing of the request. On SQLite the disk really fills: the file's
 * page limit (`max_page_count`) is set to the pages it has, so a write that
 * needs a new page fails with SQLITE_FULL, as on a full disk. A PostgreSQL
 * server's disk cannot be filled from a test; there the insert raises the
 * server's own SQLSTATE 53100 disk_full from a trigger.
 */
let w: World;
let cookie: string;
beforeEach(async () => {
  w = await createWorld({ plan: false });
  cookie = await w.as('staff.cr');
  vi.spyOn(console, 'error').mockImplementation(() => {});
});
afterEach(async () => {
  vi.restoreAllMocks();
  await w.cleanup();
});

const count = (table: string) => w.sql.value<number>(`select count(*) from ${table}`).then(Number);

/** A repair ticket from the 400 desk with a long description (a few pages of the file). */
async function raiseTicket(headers: Record<string, string> = {}) {
  return w.request('/api/tickets', {
    cookie,
    headers,
    json: {
      clientId: randomUUID(),
      householdId: await w.sql.value<number>(
        'select id from households where project_id = ? order by id limit 1',
        w.ids.project,
      ),
      channel: 'phone_400',
      type: 'repair',
      categoryId: await w.sql.value<number>(`select id from issue_categories where code = 'leaks'`),
      description: '卫生间吊顶渗水，'.repeat(250),
    },
  });
}

/** Fills the storage: no page beyond those the file has (SQLite), or a server whose disk is full (PostgreSQL). */
async function fillTheDisk() {
  if (w.db.dialect === 'sqlite') {
    // Free pages would take the write without growing the file: none are left.
    if (Number(w.db.sqlite.pragma('freelist_count', { simple: true })) > 0) w.db.sqlite.exec('vacuum');
    w.db.sqlite.pragma(`max_page_count = ${Number(w.db.sqlite.pragma('page_count', { simple: true }))}`);
    return;
  }
  await w.sql.run(`create function test_disk_full() returns trigger language plpgsql as $$
    begin raise exception 'could not extend file: No space left on device' using errcode = 'disk_full'; end $$`);
  await w.sql.run(
    'create trigger test_disk_full before insert on tickets for each row execute function test_disk_full()',
  );
}

async function freeTheDisk() {
  if (w.db.dialect === 'sqlite') w.db.sqlite.pragma('max_page_count = 1073741823');
  else await w.sql.run('drop trigger test_disk_full on tickets');
}

describe('a full disk', () => {
  it('answers 507 in the caller’s language, keeps nothing of the write, and takes it once space returns', async () => {
    const before = { tickets: await count('tickets'), audit: await count('audit_log'), outbox: await count('outbox') };
    await fillTheDisk();

    const zh = await raiseTicket();
    expect(zh.status).toBe(507);
    expect(await zh.json()).toEqual({
      error: { code: 'STORAGE_FULL', message: '服务器存储空间已满，本次修改未保存，请稍后再试或联系管理员。' },
    });
    const en = await raiseTicket({ 'accept-language': 'en' });
    expect(en.status).toBe(507);
    expect((await en.json()).error.message).toBe(
      'The server is out of storage space; your change was not saved. Please try again later or tell your administrator.',
    );
    // Nothing partial: no ticket, no audit row, no mail.
    expect({ tickets: await count('tickets'), audit: await count('audit_log'), outbox: await count('outbox') }).toEqual(
      before,
    );
    // One line in the log per refused request, naming the fault.
    const lines = vi.mocked(console.error).mock.calls.map((call) => call.join(' '));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/POST \/api\/tickets: storage full \((SQLITE_FULL|53100)/);
    // Reading goes on.
    expect((await w.request('/api/tickets', { cookie })).status).toBe(200);

    await freeTheDisk();
    const after = await raiseTicket();
    expect(after.status).toBe(201);
    expect(await count('tickets')).toBe(before.tickets + 1);
    expect(await count('audit_log')).toBeGreaterThan(before.audit);
  });
});

describe.skipIf(testDialect() !== 'sqlite')('a database that cannot be written', () => {
  it('answers 503 DATABASE_UNAVAILABLE (SQLITE_READONLY) in the caller’s language, and nothing is kept', async () => {
    const before = await count('tickets');
    // The connection itself refuses writes, as a read-only file does.
    w.db.sqlite.pragma('query_only = on');
    const res = await raiseTicket({ 'accept-language': 'en' });
    w.db.sqlite.pragma('query_only = off');
    expect(res.status).toBe(503);
    expect((await res.json()).error).toEqual({
      code: 'DATABASE_UNAVAILABLE',
      message:
        'The database cannot be used right now; your request was not completed. Please try again later or tell your administrator.',
    });
    expect(await count('tickets')).toBe(before);
    expect((await raiseTicket()).status).toBe(201);
  });
});
