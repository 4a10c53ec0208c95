import iconv from 'iconv-lite';
import writeXlsxFile from 'write-excel-file/node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Harness } from '../../testing/harness.ts';
import { createWorld } from '../../testing/world.ts';

let h: Harness;
beforeEach(async () => {
  h = await createWorld();
});
afterEach(async () => h.cleanup());

function upload(bytes: Uint8Array | string, name: string): FormData {
  const form = new FormData();
  form.set('file', new File([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)], name));
  return form;
}

const count = (text: string) => h.sql.value<number>(text);

const HOUSEHOLDS_CSV = [
  '项目,楼栋,单元,房号,业主姓名,联系电话,阶段',
  'P001,88,1,101,张三、李四,13812345678;13987654321,业主',
  'P001,88,1,102,王五,13700001111,待交付业主',
].join('\r\n');

describe('household import', () => {
  it('imports UTF-8 CSV with a BOM, and re-importing updates instead of duplicating', async () => {
    const cookie = await h.signIn('cr');
    const before = await count('select count(*) from households');
    const bom = '\ufeff' + HOUSEHOLDS_CSV;
    const first = await h.request('/api/imports/households', { body: upload(bom, 'h.csv'), cookie });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ rows: 2, created: 2, updated: 0 });
    const again = await h.request('/api/imports/households', { body: upload(bom, 'h.csv'), cookie });
    expect(await again.json()).toEqual({ rows: 2, created: 0, updated: 2 });
    expect(await count('select count(*) from households')).toBe(before + 2);
    expect(
      await count(
        "select count(*) from household_owners o join households h on h.id = o.household_id where h.building = '88'",
      ),
    ).toBe(3);
  });

  it('reads GB18030 CSV as saved by Excel in a Chinese locale', async () => {
    const cookie = await h.signIn('cr');
    const res = await h.request('/api/imports/households', {
      body: upload(iconv.encode(HOUSEHOLDS_CSV, 'gb18030'), 'h.csv'),
      cookie,
    });
    expect(res.status).toBe(200);
    const name = await h.sql.value<string>(
      "select o.name from household_owners o join households h on h.id = o.household_id where h.building = '88' and h.room = '102'",
    );
    expect(name).toBe('王五');
  });

  it('reports every bad row with its line and imports nothing', async () => {
    const cookie = await h.signIn('cr');
    const before = await count('select count(*) from households');
    const csv = [HOUSEHOLDS_CSV, 'P999,1,1,101,赵六,,', 'P001,88,1,,孙七,12345,'].join('\n');
    const res = await h.request('/api/imports/households', { body: upload(csv, 'h.csv'), cookie });
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.error.code).toBe('IMPORT_INVALID_ROWS');
    expect(body.error.message).toBe('文件中有 2 行无效，未导入任何数据。');
    expect(body.error.fields).toEqual({
      // The region's one project is offered in the message.
      '4.projectCode': '第 4 行「项目」找不到此编码或名称（“P999”）；可填：滨江一号 一期（P001）',
      '5.room': '第 5 行「房号」必填',
      '5.ownerPhones': '第 5 行「联系电话」格式不正确（“12345”）',
    });
    expect(await count('select count(*) from households')).toBe(before);
  });

  it('refuses rows for projects outside the importer’s region', async () => {
    const cookie = await h.signIn('cr'); // region 1; P002 is in region 2
    const res = await h.request('/api/imports/households', {
      body: upload('项目,楼栋,单元,房号\nP002,1,1,101', 'h.csv'),
      cookie,
    });
    expect(res.status).toBe(422);
    expect(Object.keys((await res.json()).error.fields)).toEqual(['2.projectCode']);
  });

  it('says which columns are missing, and rejects files that are not spreadsheets', async () => {
    const cookie = await h.signIn('admin');
    const missing = await h.request('/api/imports/households', { body: upload('项目,楼栋\nP001,1', 'h.csv'), cookie });
    expect((await missing.json()).error.message).toBe('无法读取文件：缺少列：单元、房号');
    const broken = await h.request('/api/imports/households', { body: upload('not a zip', 'h.xlsx'), cookie });
    expect(broken.status).toBe(422);
    expect((await broken.json()).error.code).toBe('IMPORT_UNREADABLE');
  });

  it('refuses files over the size limit with 413', async () => {
    const cookie = await h.signIn('admin');
    const big = 'x'.repeat(21 * 1024 * 1024);
    const res = await h.request('/api/imports/households', { body: upload(big, 'h.csv'), cookie });
    expect(res.status).toBe(413);
  });
});

describe('employee import', () => {
  it('imports an .xlsx sheet and upserts by employee number', async () => {
    const cookie = await h.signIn('hr');
    const sheet = [
      ['工号', '姓名', '条线', '岗位', '区域', '项目', '上级工号', '状态', '手机'],
      ['N0001', '新员工甲', '工程', '员工', 'EAST', 'P001', 'N0002', '在职', '13800000001'],
      ['N0002', '新员工乙', 'engineering', 'functional_head', 'EAST', '', '', '在职', ''],
    ].map((row) => row.map((value) => ({ value })));
    const bytes = await writeXlsxFile(sheet).toBuffer();
    const res = await h.request('/api/imports/employees', {
      body: upload(new Uint8Array(bytes), 'staff.xlsx'),
      cookie,
    });
    expect(res.status).toBe(200);
    // The new people take a share of the project's households at once.
    expect(await res.json()).toEqual({
      rows: 2,
      created: 2,
      updated: 0,
      replan: expect.objectContaining({ status: 'done' }),
    });
    const row = await h.sql.get(
      "select e.line, e.position, e.project_id, m.employee_no as manager from employees e left join employees m on m.id = e.manager_id where e.employee_no = 'N0001'",
    );
    expect(row).toEqual({ line: 'engineering', position: 'staff', project_id: 1, manager: 'N0002' });
    const audit = await h.sql.value<string>("select after_json from audit_log where action = 'import.employees'");
    expect(JSON.parse(audit)).toEqual({ file: 'staff.xlsx', rows: 2, created: 2, updated: 0 });
  });

  it('an HR admin cannot change employees of another region', async () => {
    const cookie = await h.signIn('hr');
    const other = await h.sql.value<string>(
      'select employee_no from employees where region_id = 2 order by id limit 1',
    );
    const res = await h.request('/api/imports/employees', {
      body: upload(`工号,姓名,岗位,区域\n${other},改名,员工,EAST`, 'e.csv'),
      cookie,
    });
    expect(res.status).toBe(422);
    expect(Object.values((await res.json()).error.fields)).toEqual([`第 2 行「工号」超出您的管理范围（“${other}”）`]);
  });
});
