import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { PROJECT_STAGES } from '@frontline/core';
import { createTestDatabase, testSql } from '../testing/index.ts';
import { DEMO_GROUP, generateGroup, seedGroup } from './index.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function seeded() {
  const db = await createTestDatabase();
  cleanups.push(db.cleanup);
  await seedGroup(db, { passwordHash: 'x' });
  return db;
}

describe('demo group', () => {
  it('has the promised size and shape', async () => {
    const db = await seeded();
    const count = (text: string) => testSql(db).value<number>(text);
    expect(await count('select count(*) from regions')).toBe(3);
    expect(await count('select count(*) from projects')).toBe(12);
    expect(await count('select count(*) from employees')).toBe(DEMO_GROUP.employees);
    expect(await count('select count(*) from households')).toBe(DEMO_GROUP.households);
    expect(await count('select count(distinct stage) from projects')).toBe(PROJECT_STAGES.length);
    // every region has a president and a head of each of nine lines; every project a head
    expect(
      await count(
        "select count(*) from regions r where (select count(*) from employees e where e.region_id = r.id and e.position = 'regional_president') = 1",
      ),
    ).toBe(3);
    expect(
      await count(
        "select count(*) from regions r where (select count(distinct line) from employees e where e.region_id = r.id and e.position = 'functional_head') = 9",
      ),
    ).toBe(3);
    expect(
      await count(
        "select count(*) from projects p where exists (select 1 from employees e where e.project_id = p.id and e.position = 'project_head')",
      ),
    ).toBe(12);
    expect(
      await count(
        "select count(*) from employees where login in ('admin','president','head.engineering','pm','staff','staff.cr','cr','hr')",
      ),
    ).toBe(8);
    expect(
      await count(
        'select count(*) from households h where owner_employee_id is not null and not exists (select 1 from employees e where e.id = h.owner_employee_id and e.project_id = h.project_id)',
      ),
    ).toBe(0);
  });

  it('gives delivered and occupied projects a completion date before the demo’s today, and no other', async () => {
    const db = await seeded();
    const rows = await db.kysely.selectFrom('projects').select(['stage', 'completed_on']).execute();
    for (const r of rows) {
      if (r.stage === 'occupied' || r.stage === 'delivery') expect(r.completed_on! < '2026-11-01').toBe(true);
      else expect(r.completed_on).toBeNull();
    }
    expect(rows.some((r) => r.completed_on !== null)).toBe(true);
  });

  it('is the same group every time for the same seed, and another group for another seed', () => {
    const digest = (seed: number) => {
      const hash = createHash('sha256');
      generateGroup({ size: DEMO_GROUP, seed, passwordHash: null, createdAt: 0 }, (table, row) =>
        hash.update(table + JSON.stringify(row)),
      );
      return hash.digest('hex');
    };
    expect(digest(1)).toBe(digest(1));
    expect(digest(1)).not.toBe(digest(2));
  });

  it('rolls back completely when any row fails', async () => {
    const db = await createTestDatabase();
    cleanups.push(db.cleanup);
    const sql = testSql(db);
    await sql.run("insert into regions (id, code, name, city) values (3, 'TAKEN', 'x', 'x')");
    // SQLite says UNIQUE or PRIMARY KEY; PostgreSQL says unique constraint.
    await expect(seedGroup(db, { passwordHash: 'x' })).rejects.toThrow(/unique|primary/i);
    expect(await sql.value('select count(*) from employees')).toBe(0);
  });
});
