import { afterEach, describe, expect, it } from 'vitest';
import { getHousehold, listAudit, listHouseholds } from '@frontline/db';
import { createTestDatabase, testSql } from '@frontline/db/testing';
import { applyEmployeeImport, applyHouseholdImport } from './service.ts';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => cleanup?.());

async function withProject() {
  const db = await createTestDatabase();
  cleanup = db.cleanup;
  const sql = testSql(db);
  await sql.run("insert into regions (id, code, name, city) values (1, 'EAST', '华东区域', '上海')");
  await sql.run(
    "insert into projects (id, code, region_id, name, phase, address, stage) values (1, 'P001', 1, '海棠华庭', '一期', '上海', 'occupied')",
  );
  return Object.assign(db, { sql });
}

const ctx = { actorId: null, at: 1000, fileName: 'f.csv' };

describe('household import', () => {
  it('creates, then updates on re-import instead of duplicating', async () => {
    const db = await withProject();
    const row = {
      projectCode: 'P001',
      building: '3',
      unit: '1',
      room: '1502',
      ownerNames: ['张三'],
      ownerPhones: ['13812345678'],
      stage: 'owner' as const,
    };
    expect(await applyHouseholdImport(db, [row], ctx)).toEqual({ created: 1, updated: 0 });
    expect(await applyHouseholdImport(db, [{ ...row, ownerNames: ['张三', '李四'], ownerPhones: [] }], ctx)).toEqual({
      created: 0,
      updated: 1,
    });
    const page = await listHouseholds(db, { projectId: 1, limit: 10, offset: 0 });
    expect(page.total).toBe(1);
    const h = await getHousehold(db, page.items[0]!.id);
    expect(h?.owners).toEqual([
      { name: '张三', phone: null },
      { name: '李四', phone: null },
    ]);
    const audit = await listAudit(db, { action: 'import.households', limit: 10, offset: 0 });
    expect(audit.total).toBe(2);
  });
});

describe('employee import', () => {
  it('links managers named later in the file and upserts by employee number', async () => {
    const db = await withProject();
    const base = { line: null, regionId: 1, projectId: null, active: true, email: null, phone: null };
    const rows = [
      { ...base, employeeNo: 'E2', name: '王伟', position: 'staff' as const, managerNo: 'E1' },
      { ...base, employeeNo: 'E1', name: '李娜', position: 'regional_president' as const, managerNo: null },
    ];
    expect(await applyEmployeeImport(db, rows, ctx)).toEqual({ created: 2, updated: 0 });
    expect(await applyEmployeeImport(db, rows, ctx)).toEqual({ created: 0, updated: 2 });
    const manager = await db.sql.value<string>(
      "select m.employee_no from employees e join employees m on m.id = e.manager_id where e.employee_no = 'E2'",
    );
    expect(manager).toBe('E1');
  });
});
