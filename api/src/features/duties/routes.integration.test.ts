import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../testing/harness.ts';

/** The duty engine through the API, on the demo group planned from 2026-11-23 (harness clock). */
let h: Harness;
const cookie: Record<string, string> = {};

beforeAll(async () => {
  h = await createHarness();
  for (const login of ['admin', 'pm', 'staff', 'staff.cr', 'cr', 'cr.group', 'president', 'hr']) cookie[login] = await h.signIn(login);
});
afterAll(async () => h.cleanup());

const YEAR_2027 = {
  source: '测试：2027 年安排',
  days: [
    { date: '2027-01-01', kind: 'holiday', name: '元旦' },
    { date: '2027-02-06', kind: 'makeup', name: '春节' },
  ],
};

describe('working-day calendar API', () => {
  it('tells each day’s kind, with holiday names, provisional for years before their notice, and unknown for years without data', async () => {
    const res = await h.request('/api/calendar/days?from=2026-09-30&to=2026-10-12', { cookie: cookie.staff });
    expect(res.status).toBe(200);
    const { days } = await res.json();
    const kind = (date: string) => days.find((d: { date: string }) => d.date === date);
    expect(kind('2026-09-30')).toEqual({ date: '2026-09-30', kind: 'workday' });
    expect(kind('2026-10-01')).toEqual({ date: '2026-10-01', kind: 'holiday', name: '国庆节' });
    expect(kind('2026-10-10')).toEqual({ date: '2026-10-10', kind: 'makeup', name: '国庆节' });
    expect(kind('2026-10-11')).toEqual({ date: '2026-10-11', kind: 'weekend' });
    const later = await (await h.request('/api/calendar/days?from=2027-02-05&to=2027-03-01', { cookie: cookie.staff })).json();
    expect(later.days[0]).toEqual({ date: '2027-02-05', kind: 'provisional_holiday', name: '春节', provisional: true });
    expect(later.days.at(-1)).toEqual({ date: '2027-03-01', kind: 'workday', provisional: true });
    // Before the 2024 holiday law, a year without data stays unknown.
    const earlier = await (await h.request('/api/calendar/days?from=2023-03-01&to=2023-03-01', { cookie: cookie.staff })).json();
    expect(earlier.days).toEqual([{ date: '2023-03-01', kind: 'unknown' }]);
  });

  it('needs a session, a real range and at most two years', async () => {
    expect((await h.request('/api/calendar/days?from=2026-01-01&to=2026-01-02')).status).toBe(401);
    expect((await h.request('/api/calendar/days?from=2026-02-30&to=2026-03-01', { cookie: cookie.staff })).status).toBe(422);
    expect((await h.request('/api/calendar/days?from=2020-01-01&to=2026-01-01', { cookie: cookie.staff })).status).toBe(422);
  });

  it('lets only a system admin add a year, checks it, and audits the change', async () => {
    expect((await h.request('/api/calendar/years/2027', { method: 'PUT', json: YEAR_2027, cookie: cookie.cr })).status).toBe(403);
    const bad = await h.request('/api/calendar/years/2027', {
      method: 'PUT',
      json: { source: 'x', days: [{ date: '2027-01-04', kind: 'makeup', name: '元旦' }] },
      cookie: cookie.admin,
    });
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.fields['days.0.kind']).toBe('调休上班日应为周六或周日。');
    const ok = await h.request('/api/calendar/years/2027', { method: 'PUT', json: YEAR_2027, cookie: cookie.admin });
    expect(ok.status).toBe(201);
    expect(await ok.json()).toMatchObject({ year: 2027, created: true, holidays: 1, makeups: 1 });
    const audit = h.db.sqlite.prepare("select actor_id from audit_log where action = 'calendar.year.create' and entity_id = '2027'").pluck().get();
    expect(audit).toBe(h.idOf('admin'));
  });

  it('imports a year from a CSV file, all rows or none', async () => {
    const upload = (text: string) => {
      const form = new FormData();
      form.set('file', new File([text], '2028.csv', { type: 'text/csv' }));
      form.set('source', '国务院办公厅通知（测试）');
      return form;
    };
    const bad = await h.request('/api/calendar/years/2028/import', { body: upload('日期,类型,名称\n2028-01-01,放假,元旦\n2028-01-03,上班,元旦\n'), cookie: cookie.admin });
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.fields['3.kind']).toContain('第 3 行');
    // Nothing stored: 2028 is still the provisional year the law gives.
    expect((await (await h.request('/api/calendar/years/2028', { cookie: cookie.admin })).json()).state).toBe('provisional');
    const ok = await h.request('/api/calendar/years/2028/import', { body: upload('日期,类型,名称\n2028/1/1,放假,元旦\n'), cookie: cookie.admin });
    expect(ok.status).toBe(201);
    expect((await (await h.request('/api/calendar/years/2028', { cookie: cookie.staff })).json()).source).toBe('国务院办公厅通知（测试）');
  });
});

describe('my duties', () => {
  it('a project head has this month’s reception day on a working day; staff have a home visit', async () => {
    const pm = await (await h.request('/api/me/duties', { cookie: cookie.pm })).json();
    const reception = pm.duties.find((d: { kind: string; period: { key: string } }) => d.kind === 'reception' && d.period.key === '2026-M11');
    expect(reception).toMatchObject({ status: 'planned', due: { from: '2026-11-01', to: '2026-11-30' }, project: { id: 1 } });
    expect(reception.proposedOn >= '2026-11-23').toBe(true);
    const staff = await (await h.request('/api/me/duties?from=2026-11-01&to=2026-12-31', { cookie: cookie.staff })).json();
    expect(staff.duties.filter((d: { kind: string }) => d.kind === 'home_visit').map((d: { period: { key: string } }) => d.period.key)).toEqual(['2026-M11', '2026-M12']);
  });
});

describe('reception days', () => {
  async function receptionOf(login: string, periodKey: string) {
    const { duties } = await (await h.request('/api/me/duties?from=2026-11-01&to=2027-12-31&kind=reception', { cookie: cookie[login] })).json();
    return duties.find((d: { period: { key: string } }) => d.period.key === periodKey);
  }

  it('moves only to a working day, with a message that says why not', async () => {
    const nov = await receptionOf('pm', '2026-M11');
    const weekend = await h.request(`/api/duties/${nov.id}/schedule`, { json: { date: '2026-11-28' }, cookie: cookie.pm });
    expect(weekend.status).toBe(422);
    expect((await weekend.json()).error.message).toBe('2026-11-28 是周末，接待日只能安排在工作日（含调休上班日）。');
    const outside = await h.request(`/api/duties/${nov.id}/schedule`, { json: { date: '2026-12-01' }, cookie: cookie.pm });
    expect((await outside.json()).error.code).toBe('DATE_OUTSIDE_WINDOW');
    const ok = await h.request(`/api/duties/${nov.id}/schedule`, { json: { date: '2026-11-27' }, cookie: cookie.pm });
    expect(ok.status).toBe(200);
    expect((await ok.json()).duty).toMatchObject({ status: 'scheduled', scheduledOn: '2026-11-27' });
    expect((await h.request(`/api/duties/${nov.id}/schedule`, { json: { date: '2026-11-26' }, cookie: cookie.staff })).status).toBe(404);
  });

  it('after 2027 is entered and the plan re-run, a January move to New Year’s Day is refused as a holiday', async () => {
    await h.request('/api/calendar/years/2027', { method: 'PUT', json: YEAR_2027, cookie: cookie.admin });
    expect((await h.request('/api/schedule/runs', { json: {}, cookie: cookie.pm })).status).toBe(403);
    const started = await h.request('/api/schedule/runs', { json: { months: 12 }, cookie: cookie['cr.group'] });
    expect(started.status).toBe(202);
    const { id } = await started.json();
    await h.runner.idle();
    const run = await (await h.request(`/api/schedule/runs/${id}`, { cookie: cookie['cr.group'] })).json();
    expect(run).toMatchObject({ status: 'done', done: 3, total: 3, report: { unknownYears: [] } });
    const jan = await receptionOf('pm', '2027-M1');
    expect(jan).toBeDefined();
    const res = await h.request(`/api/duties/${jan.id}/schedule`, { json: { date: '2027-01-01' }, cookie: cookie.pm, headers: { 'accept-language': 'en' } });
    expect(res.status).toBe(422);
    expect((await res.json()).error.message).toBe("2027-01-01 is a public holiday (New Year's Day); reception days must fall on a working day (make-up days count).");
    const makeup = await h.request(`/api/duties/${jan.id}/schedule`, { json: { date: '2027-01-09' }, cookie: cookie.pm });
    expect(makeup.status).toBe(422);
    const feb = await receptionOf('pm', '2027-M2');
    expect((await h.request(`/api/duties/${feb.id}/schedule`, { json: { date: '2027-02-06' }, cookie: cookie.pm })).status).toBe(200);
  });

  it('a second run while one is going is refused; re-running keeps what people fixed', async () => {
    const nov = await receptionOf('pm', '2026-M11');
    await h.request('/api/schedule/runs', { json: {}, cookie: cookie.admin });
    const second = await h.request('/api/schedule/runs', { json: {}, cookie: cookie.admin });
    expect(second.status).toBe(409);
    await h.runner.idle();
    expect(await receptionOf('pm', '2026-M11')).toMatchObject({ id: nov.id, status: 'scheduled', scheduledOn: '2026-11-27' });
  });
});

describe('duty lifecycle', () => {
  it('completes with notes; a done duty cannot be moved', async () => {
    const { duties } = await (await h.request('/api/me/duties?kind=home_visit', { cookie: cookie.staff })).json();
    const visit = duties.find((d: { period: { key: string } }) => d.period.key === '2026-M11');
    const done = await h.request(`/api/duties/${visit.id}/complete`, { json: { notes: '业主反映电梯噪音' }, cookie: cookie.staff });
    expect(done.status).toBe(200);
    expect((await done.json()).duty).toMatchObject({ status: 'done', completedOn: '2026-11-23', attendedBy: h.idOf('staff') });
    const move = await h.request(`/api/duties/${visit.id}/schedule`, { json: { date: '2026-11-25' }, cookie: cookie.staff });
    expect(move.status).toBe(422);
    expect((await move.json()).error).toMatchObject({ code: 'DUTY_TRANSITION', message: '该任务当前为「已完成」，不能排期。' });
  });

  it('excusing takes the manager, not the person; delegation keeps who was due', async () => {
    const { duties } = await (await h.request('/api/me/duties?kind=home_visit', { cookie: cookie['staff.cr'] })).json();
    const planned = (key: string) => duties.find((d: { status: string; period: { key: string } }) => d.status === 'planned' && d.period.key === key);
    const [first, second] = [planned('2026-M12'), planned('2026-M11')];
    expect((await h.request(`/api/duties/${first.id}/excuse`, { json: { reason: '病假' }, cookie: cookie['staff.cr'] })).status).toBe(403);
    const excused = await h.request(`/api/duties/${first.id}/excuse`, { json: { reason: '病假' }, cookie: cookie.pm });
    expect((await excused.json()).duty).toMatchObject({ status: 'excused', reason: '病假', approvedBy: h.idOf('pm') });
    const deputy = h.idOf('staff');
    const delegated = await h.request(`/api/duties/${second.id}/delegate`, { json: { deputyId: deputy, reason: '出差' }, cookie: cookie['staff.cr'] });
    expect((await delegated.json()).duty).toMatchObject({ status: 'delegated', employeeId: h.idOf('staff.cr'), deputyId: deputy });
    const mine = await (await h.request('/api/me/duties?kind=home_visit', { cookie: cookie.staff })).json();
    expect(mine.duties.some((d: { id: number }) => d.id === second.id)).toBe(true);
    const attended = await h.request(`/api/duties/${second.id}/complete`, { json: { notes: '代为拜访' }, cookie: cookie.staff });
    expect((await attended.json()).duty).toMatchObject({ status: 'done', employeeId: h.idOf('staff.cr'), attendedBy: deputy });
  });
});

describe('compliance board', () => {
  it('counts duties in the caller’s scope and exports them', async () => {
    const res = await h.request('/api/compliance?period=2026-M11&groupBy=person', { cookie: cookie.pm });
    expect(res.status).toBe(200);
    const { rows } = await res.json();
    const staff = rows.find((r: { key: string }) => r.key === String(h.idOf('staff')));
    expect(staff).toMatchObject({ assigned: 1, done: 1, onTime: 1, rate: 1 });
    const projectOnly = h.db.sqlite.prepare('select count(distinct d.employee_id) from duties d join employees e on e.id = d.employee_id where e.project_id = 1 and d.due_to between ? and ?').pluck().get('2026-11-01', '2026-11-30');
    expect(rows).toHaveLength(projectOnly as number);
    expect((await h.request('/api/compliance?period=2026-M11', { cookie: cookie.staff })).status).toBe(403);
    const csv = await h.request('/api/compliance/export?period=2026-M11&groupBy=line&format=csv', { cookie: cookie.president });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // BOM, so Excel reads UTF-8
    const text = new TextDecoder().decode(bytes);
    expect(text.startsWith('条线,应完成')).toBe(true);
    expect(text).toContain('工程');
    const xlsx = await h.request('/api/compliance/export?period=2026-M11&groupBy=region', { cookie: cookie.hr });
    expect(new Uint8Array(await xlsx.arrayBuffer()).slice(0, 2)).toEqual(new Uint8Array([0x50, 0x4b]));
  });

  it('drills down to one person in scope, and hides people outside it', async () => {
    const res = await h.request(`/api/compliance/people/${h.idOf('staff')}?period=2026-M11`, { cookie: cookie.pm });
    expect((await res.json()).duties.map((d: { status: string }) => d.status)).toEqual(['done']);
    const other = h.db.sqlite.prepare('select id from employees where region_id = 2 and position = ? limit 1').pluck().get('staff') as number;
    expect((await h.request(`/api/compliance/people/${other}?period=2026-M11`, { cookie: cookie.pm })).status).toBe(404);
  });
});

describe('household ownership', () => {
  it('a project head moves a household by hand, with a reason kept in its history', async () => {
    const household = h.db.sqlite.prepare('select id, owner_employee_id as owner from households where project_id = 1 and owner_employee_id is not null limit 1').get() as { id: number; owner: number };
    const target = h.db.sqlite.prepare("select id from employees where project_id = 1 and active = 1 and position = 'staff' and id != ? limit 1").pluck().get(household.owner) as number;
    const outsider = h.db.sqlite.prepare("select id from employees where project_id = 10 and active = 1 limit 1").pluck().get() as number;
    const refused = await h.request(`/api/households/${household.id}/owner`, { json: { employeeId: outsider, reason: '调整' }, cookie: cookie.pm });
    expect(refused.status).toBe(422);
    expect((await h.request(`/api/households/${household.id}/owner`, { json: { employeeId: target, reason: '调整' }, cookie: cookie.staff })).status).toBe(403);
    const moved = await h.request(`/api/households/${household.id}/owner`, { json: { employeeId: target, reason: '业主要求更换对接人' }, cookie: cookie.pm });
    expect(moved.status).toBe(200);
    const { history } = await moved.json();
    expect(history[0]).toMatchObject({ fromEmployeeId: household.owner, toEmployeeId: target, reason: 'manual', note: '业主要求更换对接人' });
    expect(history.at(-1)).toMatchObject({ fromEmployeeId: null, reason: 'initial' });
  });

  it('when an employee is marked as left, their households go to colleagues and their open duties go', async () => {
    const leaver = h.db.sqlite.prepare("select id from employees where project_id = 1 and position = 'staff' and login like 'e%' and active = 1 and id in (select owner_employee_id from households) limit 1").pluck().get() as number;
    const theirs = h.db.sqlite.prepare('select count(*) from households where owner_employee_id = ?').pluck().get(leaver) as number;
    const res = await h.request(`/api/employees/${leaver}/deactivate`, { json: {}, cookie: cookie.admin });
    expect(res.status).toBe(200);
    expect((await res.json()).replan.ownership.moved).toBe(theirs);
    expect(h.db.sqlite.prepare('select count(*) from households where owner_employee_id = ?').pluck().get(leaver)).toBe(0);
    expect(h.db.sqlite.prepare("select count(*) from duties where employee_id = ? and status in ('planned','scheduled')").pluck().get(leaver)).toBe(0);
  });
});

describe('leave and household shares', () => {
  it('a person records their leave and the planner stops proposing those days', async () => {
    const pm = h.idOf('pm');
    const res = await h.request(`/api/employees/${pm}/leaves`, { json: { from: '2026-12-01', to: '2026-12-31', kind: 'annual' }, cookie: cookie.pm });
    expect(res.status).toBe(201);
    const { duties } = await (await h.request('/api/me/duties?kind=reception&from=2026-12-01&to=2026-12-31', { cookie: cookie.pm })).json();
    const dec = duties.find((d: { period: { key: string } }) => d.period.key === '2026-M12');
    expect(dec.proposedOn).toBeNull();
    expect((await h.request(`/api/employees/${pm}/leaves`, { json: { from: '2026-12-01', to: '2026-12-02' }, cookie: cookie.staff })).status).toBe(403);
    const other = h.db.sqlite.prepare('select id from employees where region_id = 2 limit 1').pluck().get() as number;
    expect((await h.request(`/api/employees/${other}/leaves`, { json: { from: '2026-12-01', to: '2026-12-02' }, cookie: cookie.pm })).status).toBe(404);
  });

  it('a project head can give themself a share of the project’s households', async () => {
    const pm = h.idOf('pm');
    const res = await h.request(`/api/employees/${pm}/ownership-weight`, { method: 'PUT', json: { weight: 1 }, cookie: cookie.pm });
    expect(res.status).toBe(200);
    expect((await res.json()).ownership.moved).toBeGreaterThan(0);
    expect(h.db.sqlite.prepare('select count(*) from households where owner_employee_id = ?').pluck().get(pm)).toBeGreaterThan(0);
    expect((await h.request(`/api/employees/${pm}/ownership-weight`, { method: 'PUT', json: { weight: 1 }, cookie: cookie.staff })).status).toBe(403);
  });
});
