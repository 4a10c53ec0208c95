import { factories } from '@frontline/db/testing';
import { parse } from 'csv-parse/sync';
import readXlsxFile from 'read-excel-file/node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { T0 } from '../../testing/harness.ts';
import { createWorld, type World } from '../../testing/world.ts';

/** Appraisal through the API: scopes, schemes, close, explanations, adjustments, exports and HR API tokens. */
let h: World;
/** The first column of the first row: a count, or an id. */
const one = (text: string, ...args: unknown[]) => h.sql.value<number>(text, ...args);
const Q3 = '2026-Q3';

/**
 * The small group with a quarter of work behind it, built afresh for every
 * test: everyone in a region has duties due in Q3 (on time, late or missed)
 * and has recorded a rated visit, some with a colleague present; a fourth
 * staff member in the first project, and 102 households whose owners must
 * never show to HR.
 */
async function appraisalWorld(): Promise<World> {
  const w = await createWorld({ households: 51, plan: false });
  const f = factories(w.db, T0);
  await f.employee({
    employeeNo: 'S00004',
    name: '员工丁',
    regionId: w.ids.east,
    projectId: w.ids.project,
    managerId: w.id('pm'),
  });
  const projectOf = { [w.ids.east]: w.ids.project, [w.ids.west]: w.ids.westProject };
  const people = await w.db.kysely
    .selectFrom('employees')
    .select(['id', 'region_id', 'project_id'])
    .where('region_id', 'is not', null)
    .orderBy('id')
    .execute();
  for (const [i, p] of people.entries()) {
    const regionId = p.region_id!;
    const projectId = p.project_id ?? projectOf[regionId]!;
    const colleague = people[(i + 1) % people.length]!.id;
    const at = { employeeId: p.id, regionId, projectId };
    await f.scoredDuty({ ...at, dueFrom: '2026-07-01', dueTo: '2026-07-31', completedOn: '2026-07-20' });
    await f.scoredDuty({
      ...at,
      dueFrom: '2026-08-01',
      dueTo: '2026-08-31',
      completedOn: i % 2 ? '2026-09-04' : '2026-08-12',
    });
    if (i % 3 === 0) await f.scoredDuty({ ...at, dueFrom: '2026-09-01', dueTo: '2026-09-30', status: 'missed' });
    await f.ratedVisit({
      ...at,
      visitedOn: '2026-08-18',
      rating: 3 + (i % 3),
      complete: i % 4 !== 3,
      ...(i % 3 === 1 ? { staffIds: [colleague] } : {}),
    });
  }
  return w;
}

beforeEach(async () => {
  h = await appraisalWorld();
}, 60_000);
afterEach(async () => h.cleanup());

/** Closes Q3 as group HR, for tests about a closed period. */
async function closeQ3(): Promise<void> {
  expect((await h.request('/api/scores/close', { json: { period: Q3 }, cookie: await h.as('hr.group') })).status).toBe(
    200,
  );
}

const scores = async (who: Parameters<World['as']>[0], query: string) =>
  (await h.request(`/api/scores?${query}`, { cookie: await h.as(who) })).json();

describe('reading scores', () => {
  it('staff see their own; a project head their project; HR and the president their region', async () => {
    const own = await scores('staff', `period=${Q3}&limit=500`);
    expect(own.rows.map((r: { employeeId: number }) => r.employeeId)).toEqual([h.id('staff')]);
    const project = await scores('pm', `period=${Q3}&limit=500`);
    const pmProject = await one(`select project_id from employees where login = 'pm'`);
    expect(project.total).toBeGreaterThan(1);
    expect(
      project.rows.every(
        (r: { projectId: number; employeeId: number }) => r.projectId === pmProject || r.employeeId === h.id('pm'),
      ),
    ).toBe(true);
    const region = await scores('hr', `period=${Q3}&limit=500`);
    expect(region.total).toBe(
      await one(`select count(*) from employees where region_id = ? and active = 1`, h.ids.east),
    );
    expect(region.distribution.length).toBeGreaterThan(3);
    expect(region.rankingMethod.zh).toContain('并列');
    // A rank does not depend on who looks.
    const mine = own.rows[0];
    expect(region.rows.find((r: { employeeId: number }) => r.employeeId === mine.employeeId)?.rank ?? mine.rank).toBe(
      mine.rank,
    );
  });

  it('says what a period name looks like, in the caller’s language', async () => {
    const zh = await h.request('/api/scores?period=2026-Q5', { cookie: await h.as('hr') });
    expect(zh.status).toBe(422);
    expect((await zh.json()).error.fields.period).toContain('2026-Q4');
    const en = await h.request('/api/scores?period=2026-M11', {
      cookie: await h.as('hr'),
      headers: { 'accept-language': 'en' },
    });
    expect((await en.json()).error.fields.period).toMatch(/named like/);
  });
});

describe('schemes', () => {
  it('only group HR saves them, weights must total 100, each save is a new version', async () => {
    const body = {
      components: [
        { kind: 'duties_on_time', weight: 60 },
        { kind: 'customer_rating', weight: 39 },
      ],
      delegation: 'both',
    };
    expect(
      (await h.request('/api/scores/schemes/project_head', { method: 'PUT', json: body, cookie: await h.as('staff') }))
        .status,
    ).toBe(403);
    // Schemes are group-wide: a regional HR admin reads them but does not change them.
    expect(
      (await h.request('/api/scores/schemes/project_head', { method: 'PUT', json: body, cookie: await h.as('hr') }))
        .status,
    ).toBe(403);
    const bad = await h.request('/api/scores/schemes/project_head', {
      method: 'PUT',
      json: body,
      cookie: await h.as('hr.group'),
    });
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.fields.components).toBe('权重合计须为 100（当前为 99）。');
    const ok = await h.request('/api/scores/schemes/project_head', {
      method: 'PUT',
      json: {
        ...body,
        components: [
          { kind: 'duties_on_time', weight: 61 },
          { kind: 'customer_rating', weight: 39 },
        ],
      },
      cookie: await h.as('hr.group'),
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ position: 'project_head', version: 2, delegation: 'both' });
    const list = await (await h.request('/api/scores/schemes', { cookie: await h.as('staff') })).json();
    expect(list.current.find((s: { position: string }) => s.position === 'project_head').version).toBe(2);
    expect(list.components.map((c: { formula: { zh: string } }) => c.formula.zh).join('')).toContain('已免除');
  });
});

describe('closing, explaining and adjusting', () => {
  it('closes an ended period once; not one still running', async () => {
    expect((await h.request('/api/scores/close', { json: { period: Q3 }, cookie: await h.as('staff') })).status).toBe(
      403,
    );
    // Closing freezes the whole group: a regional HR admin may not.
    expect((await h.request('/api/scores/close', { json: { period: Q3 }, cookie: await h.as('hr') })).status).toBe(403);
    const early = await h.request('/api/scores/close', { json: { period: '2026-Q4' }, cookie: await h.as('hr.group') });
    expect(early.status).toBe(422);
    expect((await early.json()).error.message).toContain('2026-12-31');
    const done = await h.request('/api/scores/close', { json: { period: Q3 }, cookie: await h.as('hr.group') });
    expect(done.status).toBe(200);
    expect((await done.json()).state).toMatchObject({ status: 'closed', asOf: '2026-11-23' });
    expect(
      (await h.request('/api/scores/close', { json: { period: Q3 }, cookie: await h.as('hr.group') })).status,
    ).toBe(409);
    const periods = await (await h.request('/api/scores/periods', { cookie: await h.as('staff') })).json();
    expect(periods.closed.map((p: { name: string }) => p.name)).toEqual([Q3]);
    expect(periods.current.name).toBe('2026-Q4');
  });

  it('an employee opens their own explanation down to the records; not a colleague’s', async () => {
    await closeQ3();
    const me = h.id('staff');
    const res = await h.request(`/api/scores/${Q3}/${me}`, { cookie: await h.as('staff') });
    expect(res.status).toBe(200);
    const x = await res.json();
    expect(x.state.status).toBe('closed');
    expect(x.scheme.version).toBe(1);
    const duties = x.components.find((c: { kind: string }) => c.kind === 'duties_on_time');
    expect(duties.formula.zh).toContain('按时完成');
    expect(duties.records.length).toBeGreaterThan(0);
    expect(duties.records[0].duty.title).toBeTruthy();
    const colleague = await one(
      `select id from employees where project_id = (select project_id from employees where login = 'staff') and id <> ? order by id limit 1`,
      me,
    );
    expect((await h.request(`/api/scores/${Q3}/${colleague}`, { cookie: await h.as('staff') })).status).toBe(404);
    expect((await h.request(`/api/scores/${Q3}/${colleague}`, { cookie: await h.as('pm') })).status).toBe(200);
  });

  it('HR sees explanations without any customer’s personal data', async () => {
    await closeQ3();
    const region = await scores('hr', `period=${Q3}&limit=500`);
    const scored = region.rows.filter((r: { final: number | null }) => r.final !== null).slice(0, 5);
    // Generated names can coincide with an employee's; those are not a customer's data showing.
    const owners = await h.sql.all<{ name: string; phone: string | null }>(
      'select name, phone from household_owners where name not in (select name from employees) order by id',
    );
    expect(owners.length).toBeGreaterThan(100);
    for (const r of scored) {
      const text = await (await h.request(`/api/scores/${Q3}/${r.employeeId}`, { cookie: await h.as('hr') })).text();
      for (const o of owners) {
        expect(text).not.toContain(`"${o.name}"`);
        if (o.phone) expect(text).not.toContain(o.phone);
      }
    }
  });

  it('adjusts a frozen score beside it, with reason and author', async () => {
    await closeQ3();
    const me = h.id('staff');
    const before = await (await h.request(`/api/scores/${Q3}/${me}`, { cookie: await h.as('hr') })).json();
    const empty = await h.request(`/api/scores/${Q3}/${me}/adjustments`, {
      json: { delta: 2, reason: ' ' },
      cookie: await h.as('hr'),
    });
    expect(empty.status).toBe(422);
    const fine = await h.request(`/api/scores/${Q3}/${me}/adjustments`, {
      json: { delta: 0.25, reason: '补录' },
      cookie: await h.as('hr'),
    });
    expect((await fine.json()).error.fields.delta).toBe('调整分值须不为 0，且最多保留一位小数。');
    expect(
      (
        await h.request(`/api/scores/${Q3}/${me}/adjustments`, {
          json: { delta: 2, reason: '补录' },
          cookie: await h.as('staff'),
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await h.request(`/api/scores/2026-Q4/${me}/adjustments`, {
          json: { delta: 2, reason: '补录' },
          cookie: await h.as('hr'),
        })
      ).status,
    ).toBe(409);
    const ok = await h.request(`/api/scores/${Q3}/${me}/adjustments`, {
      json: { delta: -2.5, reason: '重复计入的拜访' },
      cookie: await h.as('hr'),
    });
    expect(ok.status).toBe(201);
    const after = await (await h.request(`/api/scores/${Q3}/${me}`, { cookie: await h.as('staff') })).json();
    expect(after.person.total).toBe(before.person.total);
    expect(after.person.final).toBeCloseTo(Math.max(0, before.person.total - 2.5), 9);
    expect(after.adjustments).toMatchObject([
      { delta: -2.5, reason: '重复计入的拜访', authorName: expect.any(String) },
    ]);
    expect(await one(`select count(*) from audit_log where action = 'scores.adjust'`)).toBe(1);
  });
});

describe('the HR export', () => {
  it('as XLSX and CSV: the same rows, BOM, typed numbers, formulas neutralised, audited', async () => {
    // Names that a spreadsheet would take for formulas, in the open period (read live).
    const victims = await h.sql.values<number>(
      `select id from employees where region_id = ? and position = 'staff' order by id limit 4`,
      h.ids.east,
    );
    const names = ['=HYPERLINK("http://x","y")', '+1+1', '-2+3', '@SUM(A1)'];
    for (const [i, id] of victims.entries())
      await h.sql.run('update employees set name = ? where id = ?', names[i], id);
    const json = await (
      await h.request('/api/hr/scores?period=2026-Q4&format=json', { cookie: await h.as('hr') })
    ).json();
    expect(json.status).toBe('open');

    const xlsx = await h.request('/api/hr/scores?period=2026-Q4&format=xlsx', { cookie: await h.as('hr') });
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    const data = (await readXlsxFile(Buffer.from(await xlsx.arrayBuffer())))[0]!.data;
    expect(data[0]!.slice(0, 6)).toEqual(['工号', '姓名', '条线', '岗位', '区域', '项目']);
    expect(data[0]).toContain('任务按时完成');
    expect(data.length - 1).toBe(json.rows.length);
    const col = (name: string) => data[0]!.indexOf(name);
    for (const row of data.slice(1)) {
      const match = json.rows.find((r: { employeeNo: string }) => r.employeeNo === row[0]);
      expect(row[col('总分')]).toBe(match.total === null ? null : Math.round(match.total * 100) / 100);
      expect(row[col('期间')]).toBe('2026-Q4');
    }
    const xlsxNames = data.map((r) => r[1]);
    for (const n of names) expect(xlsxNames).toContain(`'${n}`);

    const csv = await h.request('/api/hr/scores?period=2026-Q4&format=csv', { cookie: await h.as('hr') });
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    const rows = parse(text) as string[][];
    expect(rows.length - 1).toBe(json.rows.length);
    for (const n of names) expect(rows.map((r) => r[1])).toContain(`'${n}`);
    expect(text).not.toContain('household');
    expect(await one(`select count(*) from audit_log where action = 'scores.export'`)).toBe(3);
  });

  it('is refused to staff and managers without the HR role', async () => {
    expect((await h.request(`/api/hr/scores?period=${Q3}`, { cookie: await h.as('staff') })).status).toBe(403);
    expect((await h.request(`/api/hr/scores?period=${Q3}`, { cookie: await h.as('president') })).status).toBe(403);
    expect((await h.request(`/api/hr/scores?period=${Q3}`)).status).toBe(401);
  });
});
