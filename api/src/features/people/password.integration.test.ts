import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { credentialsOf, getSession, insertSession, type SessionRecord } from '@frontline/db';
import { createTestDatabase, testSql } from '@frontline/db/testing';
import { setPassword } from './service.ts';

const AT = Date.UTC(2026, 10, 23, 2);
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let id: number;

const session = (sid: string): SessionRecord => ({
  id: sid,
  secretHash: new Uint8Array(32),
  employeeId: id,
  createdAt: AT,
  lastActiveAt: AT,
});
const sessionIds = () => testSql(db).values<string>('select id from sessions where employee_id = ? order by id', id);
const audits = () =>
  testSql(db).value<number>("select count(*) from audit_log where action like 'employee.password-%'");

beforeEach(async () => {
  db = await createTestDatabase();
  id = await testSql(db).value<number>(
    "insert into employees (employee_no, name, position, region_id, login, password_hash, created_at, updated_at) values ('E000001', '王晓明', 'staff', null, 'wang', 'old-hash', 0, 0) returning id",
  );
  for (const sid of ['a', 'b']) await insertSession(db.kysely, session(sid));
});
afterEach(async () => db.cleanup());

describe('storing a password', () => {
  it('a reset stores the hash, marks the account and ends every session, with one audit entry', async () => {
    expect(
      await setPassword(
        db,
        { employeeId: id, passwordHash: 'reset-hash', mustChange: true, action: 'employee.password-reset' },
        { actorId: null, at: AT },
      ),
    ).toEqual({ sessionsEnded: 2 });
    expect(await credentialsOf(db, id)).toEqual({ passwordHash: 'reset-hash', mustChangePassword: true });
    expect(await sessionIds()).toEqual([]);
    expect(await audits()).toBe(1);
  });

  it('a change clears the mark and leaves exactly the fresh session, which reads as free', async () => {
    await setPassword(
      db,
      { employeeId: id, passwordHash: 'reset-hash', mustChange: true, action: 'employee.password-reset' },
      { actorId: null, at: AT },
    );
    await insertSession(db.kysely, session('held'));
    expect((await getSession(db, 'held'))?.mustChangePassword).toBe(true);
    await setPassword(
      db,
      {
        employeeId: id,
        passwordHash: 'own-hash',
        mustChange: false,
        freshSession: session('fresh'),
        action: 'employee.password-change',
      },
      { actorId: id, at: AT },
    );
    expect(await sessionIds()).toEqual(['fresh']);
    expect((await getSession(db, 'fresh'))?.mustChangePassword).toBe(false);
    expect(await credentialsOf(db, id)).toEqual({ passwordHash: 'own-hash', mustChangePassword: false });
  });

  it('is all or nothing: a failing step leaves the password, the sessions and the audit log as they were', async () => {
    // A fresh session whose id another person's session holds: the insert fails after the update and the delete.
    const other = await testSql(db).value<number>(
      "insert into employees (employee_no, name, position, created_at, updated_at) values ('E000002', '李娜', 'staff', 0, 0) returning id",
    );
    await insertSession(db.kysely, { ...session('clash'), employeeId: other });
    await expect(
      setPassword(
        db,
        {
          employeeId: id,
          passwordHash: 'new-hash',
          mustChange: false,
          freshSession: session('clash'),
          action: 'employee.password-change',
        },
        { actorId: id, at: AT },
      ),
    ).rejects.toThrow(/UNIQUE|PRIMARY|duplicate key/);
    expect(await credentialsOf(db, id)).toEqual({ passwordHash: 'old-hash', mustChangePassword: false });
    expect(await sessionIds()).toEqual(['a', 'b']);
    expect(await audits()).toBe(0);
  });

  it('answers undefined for an unknown person and audits nothing', async () => {
    expect(
      await setPassword(
        db,
        { employeeId: 999, passwordHash: 'h', mustChange: true, action: 'employee.password-reset' },
        { actorId: null, at: AT },
      ),
    ).toBeUndefined();
    expect(await audits()).toBe(0);
    expect(await sessionIds()).toEqual(['a', 'b']);
  });
});
