import { ALLOWED_VALUES_SHEET, EMPLOYEE_COLUMNS, HOUSEHOLD_COLUMNS, IMPORT_GUIDE, mapHeader } from '@frontline/core';
import { factories } from '@frontline/db/testing';
import { readSheet } from 'read-excel-file/node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { T0 } from '../../testing/harness.ts';
import { createWorld, type World, type WorldLogin } from '../../testing/world.ts';

/**
 * Import cells that name a region, a project or a manager: by code or by
 * name, with ambiguous names refused and unknown ones answered with what to
 * write; and the templates, made for the caller's scope, read back by the
 * importer. The world: region EAST (华东区域) with project P001 (滨江一号 一期),
 * region WEST (西南区域) with P002 (锦城花园); cr and hr act for EAST.
 */
let w: World;
beforeEach(async () => {
  w = await createWorld({ plan: false });
});
afterEach(async () => w.cleanup());

function csv(lines: string[]): FormData {
  const form = new FormData();
  form.set('file', new File([lines.join('\n')], 'f.csv'));
  return form;
}
function file(bytes: ArrayBuffer, name: string): FormData {
  const form = new FormData();
  form.set('file', new File([new Uint8Array(bytes)], name));
  return form;
}
const count = (text: string, ...params: unknown[]) => w.sql.value<number>(text, ...params);

async function post(login: WorldLogin, kind: 'employees' | 'households', body: FormData, locale?: 'en') {
  const res = await w.request(`/api/imports/${kind}`, {
    body,
    cookie: await w.as(login),
    ...(locale ? { headers: { 'accept-language': locale } } : {}),
  });
  return { status: res.status, body: await res.json() };
}

const HOUSEHOLD_HEADER = '项目,楼栋,单元,房号,业主姓名,联系电话,阶段';

describe('names instead of codes', () => {
  it('imports households by project name, name and phase, or code, and writes the same', async () => {
    const res = await post(
      'cr',
      'households',
      csv([
        HOUSEHOLD_HEADER,
        'P001,88,1,101,张三,13812345678,业主',
        '滨江一号,89,1,101,张三,13812345678,业主',
        '滨江一号 一期,90,1,101,张三,13812345678,业主',
      ]),
    );
    expect(res).toEqual({ status: 200, body: { rows: 3, created: 3, updated: 0 } });
    const rows = await w.sql.all(
      `select h.building, h.project_id, h.unit, h.room, h.stage, o.name, o.phone from households h
       join household_owners o on o.household_id = h.id where h.building in ('88', '89', '90') order by h.building`,
    );
    const written = rows.map(({ building: _, ...rest }) => rest);
    expect(written).toHaveLength(3);
    expect(written[1]).toEqual(written[0]);
    expect(written[2]).toEqual(written[0]);
    expect(written[0]).toMatchObject({ project_id: w.ids.project });
  });

  it('imports employees by region, project and manager names as by codes', async () => {
    const pm = await w.sql.get<{ employee_no: string; name: string }>(
      'select employee_no, name from employees where id = ?',
      w.id('pm'),
    );
    const res = await post(
      'hr',
      'employees',
      csv([
        '工号,姓名,条线,岗位,区域,项目,上级工号,状态',
        `N0001,新员工,工程,员工,EAST,P001,${pm!.employee_no},在职`,
        `N0002,新员工,工程,员工,华东区域,滨江一号,${pm!.name},在职`,
      ]),
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ rows: 2, created: 2, updated: 0 });
    const people = await w.sql.all(
      `select name, line, position, region_id, project_id, manager_id, active from employees
       where employee_no in ('N0001', 'N0002') order by employee_no`,
    );
    expect(people).toHaveLength(2);
    expect(people[1]).toEqual(people[0]);
    expect(people[0]).toMatchObject({ region_id: w.ids.east, project_id: w.ids.project, manager_id: w.id('pm') });
  });

  it('refuses an ambiguous project name with the codes to use, and writes nothing', async () => {
    const f = factories(w.db, T0);
    await f.project(w.ids.east, { code: 'P003', name: '滨江一号', phase: '二期' });
    const households = await count('select count(*) from households');
    const imports = "select count(*) from audit_log where action like 'import.%'";
    const audits = await count(imports);
    const lines = [HOUSEHOLD_HEADER, 'P001,88,1,101,张三,,', '滨江一号,88,1,102,李四,,'];
    const zh = await post('cr', 'households', csv(lines));
    expect(zh.status).toBe(422);
    expect(zh.body.error.fields).toEqual({
      '3.projectCode':
        '第 3 行「项目」名称“滨江一号”对应多条记录，请改填编码：P001（滨江一号 一期）、P003（滨江一号 二期）',
    });
    const en = await post('cr', 'households', csv(lines), 'en');
    expect(en.body.error.fields).toEqual({
      '3.projectCode':
        'line 3, project: more than one record is named "滨江一号"; write the code instead: P001 (滨江一号 一期), P003 (滨江一号 二期)',
    });
    expect(await count('select count(*) from households')).toBe(households);
    expect(await count(imports)).toBe(audits);
    // The name with its phase is one project again.
    const phased = await post('cr', 'households', csv([HOUSEHOLD_HEADER, '滨江一号 二期,88,1,102,李四,,']));
    expect(phased.status).toBe(200);
    expect(
      await count("select count(*) from households h join projects p on p.id = h.project_id where p.code = 'P003'"),
    ).toBe(1);
  });

  it('counts a name as ambiguous only inside the importer’s scope', async () => {
    const f = factories(w.db, T0);
    await f.project(w.ids.west, { code: 'P004', name: '滨江一号' });
    const lines = [HOUSEHOLD_HEADER, '滨江一号,88,1,101,张三,,'];
    // The regional admin sees one 滨江一号 (P001); the system admin sees two.
    expect((await post('cr', 'households', csv(lines))).status).toBe(200);
    const admin = await post('admin', 'households', csv(lines));
    expect(admin.status).toBe(422);
    expect(admin.body.error.fields['2.projectCode']).toContain('P001（滨江一号 一期）、P004（滨江一号 一期）');
  });

  it('answers an unknown name with the allowed values, in the user’s language', async () => {
    const lines = ['工号,姓名,岗位,区域', 'N0001,新员工,员工,华东'];
    const zh = await post('hr', 'employees', csv(lines));
    expect(zh.status).toBe(422);
    expect(zh.body.error.fields).toEqual({
      '2.regionCode': '第 2 行「区域」找不到此编码或名称（“华东”）；可填：华东区域（EAST）',
    });
    const en = await post('hr', 'employees', csv(lines), 'en');
    expect(en.body.error.fields).toEqual({
      '2.regionCode': 'line 2, region: no record has this code or name ("华东"); allowed: 华东区域 (EAST)',
    });
    // A position the importer may not give is not offered; the ones they may give are.
    const position = await post('hr', 'employees', csv(['工号,姓名,岗位,区域', 'N0001,新员工,厨师,EAST']));
    expect(position.body.error.fields['2.position']).toBe(
      '第 2 行「岗位」取值无法识别（“厨师”）；可填：区域职能总（functional_head）、项目总（project_head）、员工（staff）',
    );
  });

  it('points to the template’s sheet when there are many values, with the nearest ones', async () => {
    const f = factories(w.db, T0);
    for (let i = 0; i < 8; i++) await f.project(w.ids.east, { code: `Q${i}`, name: `城市花园${i}号` });
    const res = await post('cr', 'households', csv([HOUSEHOLD_HEADER, '滨江1号,88,1,101,,,']));
    expect(res.body.error.fields['2.projectCode']).toBe(
      '第 2 行「项目」找不到此编码或名称（“滨江1号”）；最接近的：滨江一号 一期（P001）；完整列表见导入模板的“允许的值”表',
    );
  });
});

describe('templates', () => {
  const download = async (login: WorldLogin, kind: 'employees' | 'households', locale?: 'en') => {
    const res = await w.request(`/api/imports/${kind}/template.xlsx`, {
      cookie: await w.as(login),
      ...(locale ? { headers: { 'accept-language': locale } } : {}),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    return res.arrayBuffer();
  };
  const text = (sheet: unknown[][]) => sheet.map((row) => row.map((c) => (c === null ? '' : String(c))));
  const allowedRows = async (bytes: ArrayBuffer) => text(await readSheet(Buffer.from(bytes), ALLOWED_VALUES_SHEET));

  for (const [kind, login, columns] of [
    ['employees', 'hr', EMPLOYEE_COLUMNS],
    ['households', 'cr', HOUSEHOLD_COLUMNS],
  ] as const) {
    it(`the ${kind} template has the importer’s header row, and its example row imports as it is`, async () => {
      for (const locale of [undefined, 'en'] as const) {
        const [header, example, ...rest] = text(await readSheet(Buffer.from(await download(login, kind, locale))));
        expect(header).toEqual(IMPORT_GUIDE[kind].map((c) => columns[c.key as keyof typeof columns][0]));
        expect(Object.keys(mapHeader(header!, columns)).sort()).toEqual(Object.keys(columns).sort());
        expect(rest).toEqual([]);
        expect(example!.some((cell) => cell !== '')).toBe(true);
      }
      const before = await count(`select count(*) from ${kind}`);
      const res = await post(login, kind, file(await download(login, kind), `${kind}.xlsx`));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ rows: 1, created: 1, updated: 0 });
      expect(await count(`select count(*) from ${kind}`)).toBe(before + 1);
    });
  }

  it('the example household is at a room the project has free, so the template never overwrites one', async () => {
    const f = factories(w.db, T0);
    await f.household(w.ids.project, { building: '1', unit: '1', room: '101' });
    const [, example] = text(await readSheet(Buffer.from(await download('cr', 'households'))));
    expect(example).toEqual(['滨江一号', '1', '1', '102', '张三', '13800000000', '业主']);
  });

  it('lists the allowed values of the caller’s region only', async () => {
    const east = await allowedRows(await download('hr', 'employees'));
    const cells = east.flat();
    expect(east).toContainEqual(['区域', '华东区域', 'EAST', '', '']);
    expect(east).toContainEqual(['项目', '滨江一号', 'P001', '', '一期 · 华东区域']);
    expect(east).toContainEqual(['岗位', '员工', 'staff', 'Staff', '']);
    expect(cells).not.toContain('WEST');
    expect(cells).not.toContain('P002');
    expect(cells).not.toContain('区域总裁'); // HR does not assign regional presidents
    const group = (await allowedRows(await download('hr.group', 'employees'))).flat();
    expect(group).toEqual(expect.arrayContaining(['EAST', 'WEST', 'P001', 'P002']));
    const households = (await allowedRows(await download('cr', 'households'))).flat();
    expect(households).toContain('P001');
    expect(households).not.toContain('P002');
    const en = await allowedRows(await download('cr', 'households', 'en'));
    expect(en[0]).toEqual(['Column', 'Name', 'Code', 'Also accepted', 'Note']);
  });

  it('the guide lists each column, and leaves a long list to the template', async () => {
    const res = await w.request('/api/imports/households/guide', { cookie: await w.as('cr') });
    expect(res.status).toBe(200);
    const { columns } = await res.json();
    expect(columns.map((c: { header: string }) => c.header)).toEqual([
      '项目',
      '楼栋',
      '单元',
      '房号',
      '业主姓名',
      '联系电话',
      '阶段',
    ]);
    expect(columns[0]).toMatchObject({
      key: 'projectCode',
      headerEn: 'project',
      required: true,
      allowed: { total: 1, values: [{ code: 'P001', name: '滨江一号', note: '一期 · 华东区域' }] },
    });
    expect(columns[1]).toMatchObject({ required: true, allowed: null });
    const f = factories(w.db, T0);
    for (let i = 0; i < 20; i++) await f.project(w.ids.east);
    const long = (await (await w.request('/api/imports/households/guide', { cookie: await w.as('cr') })).json())
      .columns[0];
    expect(long.allowed).toEqual({ total: 21, values: [] });
    const hr = await w.request('/api/imports/employees/guide', {
      cookie: await w.as('hr'),
      headers: { 'accept-language': 'en' },
    });
    const manager = (await hr.json()).columns.find((c: { key: string }) => c.key === 'managerNo');
    expect(manager).toMatchObject({ header: '上级工号', allowed: { where: 'org' } });
    expect(manager.description).toMatch(/^The manager’s employee number or name/);
  });
});
