import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../../testing/world.ts';

/** The duty engine through the API, on a small group planned from 2026-11-23 (the harness clock). */
let w: World;
beforeEach(async () => {
  w = await createWorld();
});
afterEach(async () => w.cleanup());

const YEAR_2027 = {
  source: '测试：2027 年安排',
  days: [
    { date: '2027-01-01', kind: 'holiday', name: '元旦' },
    { date: '2027-02-06', kind: 'makeup', name: '春节' },
  ],
};

type DutyAnswer = { id: number; kind: string; status: string; period: { key: string }; proposedOn: string | null };

async function dutiesOf(login: Parameters<World['as']>[0], query = '') {
  const { duties } = await (await w.request(`/api/me/duties${query}`, { cookie: await w.as(login) })).json();
  return duties as DutyAnswer[];
}

async function receptionOf(login: Parameters<World['as']>[0], periodKey: string) {
  return (await dutiesOf(login, '?from=2026-11-01&to=2027-12-31&kind=reception')).find(
    (d) => d.period.key === periodKey,
  )!;
}

async function homeVisit(login: Parameters<World['as']>[0], periodKey: string) {
  return (await dutiesOf(login, '?kind=home_visit')).find((d) => d.status === 'planned' && d.period.key === periodKey)!;
}

describe('my duties', () => {
  it('a project head has this month’s reception day on a working day; staff have a home visit', async () => {
    const reception = await receptionOf('pm', '2026-M11');
    expect(reception).toMatchObject({
      status: 'planned',
      due: { from: '2026-11-01', to: '2026-11-30' },
      project: { id: w.ids.project },
    });
    expect(reception.proposedOn! >= '2026-11-23').toBe(true);
    const staff = await dutiesOf('staff', '?from=2026-11-01&to=2026-12-31');
    expect(staff.filter((d) => d.kind === 'home_visit').map((d) => d.period.key)).toEqual(['2026-M11', '2026-M12']);
  });
});

describe('reception days', () => {
  it('moves only to a working day, with a message that says why not', async () => {
    const pm = await w.as('pm');
    const nov = await receptionOf('pm', '2026-M11');
    const weekend = await w.request(`/api/duties/${nov.id}/schedule`, { json: { date: '2026-11-28' }, cookie: pm });
    expect(weekend.status).toBe(422);
    expect((await weekend.json()).error.message).toBe('2026-11-28 是周末，接待日只能安排在工作日（含调休上班日）。');
    const outside = await w.request(`/api/duties/${nov.id}/schedule`, { json: { date: '2026-12-01' }, cookie: pm });
    expect((await outside.json()).error.code).toBe('DATE_OUTSIDE_WINDOW');
    const ok = await w.request(`/api/duties/${nov.id}/schedule`, { json: { date: '2026-11-27' }, cookie: pm });
    expect(ok.status).toBe(200);
    expect((await ok.json()).duty).toMatchObject({ status: 'scheduled', scheduledOn: '2026-11-27' });
    expect(
      (await w.request(`/api/duties/${nov.id}/schedule`, { json: { date: '2026-11-26' }, cookie: await w.as('staff') }))
        .status,
    ).toBe(404);
  });

  it('after 2027 is entered and the plan re-run, a January move to New Year’s Day is refused as a holiday', async () => {
    const pm = await w.as('pm');
    await w.request('/api/calendar/years/2027', { method: 'PUT', json: YEAR_2027, cookie: await w.as('admin') });
    expect((await w.request('/api/schedule/runs', { json: {}, cookie: pm })).status).toBe(403);
    const group = await w.as('cr.group');
    const started = await w.request('/api/schedule/runs', { json: { months: 12 }, cookie: group });
    expect(started.status).toBe(202);
    const { id } = await started.json();
    await w.runner.idle();
    const run = await (await w.request(`/api/schedule/runs/${id}`, { cookie: group })).json();
    expect(run).toMatchObject({ status: 'done', done: 2, total: 2, report: { unknownYears: [] } });
    const jan = await receptionOf('pm', '2027-M1');
    expect(jan).toBeDefined();
    const res = await w.request(`/api/duties/${jan.id}/schedule`, {
      json: { date: '2027-01-01' },
      cookie: pm,
      headers: { 'accept-language': 'en' },
    });
    expect(res.status).toBe(422);
    expect((await res.json()).error.message).toBe(
      "2027-01-01 is a public holiday (New Year's Day); reception days must fall on a working day (make-up days count).",
    );
    const makeup = await w.request(`/api/duties/${jan.id}/schedule`, { json: { date: '2027-01-09' }, cookie: pm });
    expect(makeup.status).toBe(422);
    const feb = await receptionOf('pm', '2027-M2');
    expect(
      (await w.request(`/api/duties/${feb.id}/schedule`, { json: { date: '2027-02-06' }, cookie: pm })).status,
    ).toBe(200);
  });

  it('a second run while one is going is refused; re-running keeps what people fixed', async () => {
    const nov = await receptionOf('pm', '2026-M11');
    expect(
      (await w.request(`/api/duties/${nov.id}/schedule`, { json: { date: '2026-11-27' }, cookie: await w.as('pm') }))
        .status,
    ).toBe(200);
    const admin = await w.as('admin');
    await w.request('/api/schedule/runs', { json: {}, cookie: admin });
    const second = await w.request('/api/schedule/runs', { json: {}, cookie: admin });
    expect(second.status).toBe(409);
    await w.runner.idle();
    expect(await receptionOf('pm', '2026-M11')).toMatchObject({
      id: nov.id,
      status: 'scheduled',
      scheduledOn: '2026-11-27',
    });
  });

  it('names only a household the person looks after', async () => {
    const visit = await homeVisit('staff', '2026-M12');
    const theirs = await w.sql.value<number>(
      'select id from households where owner_employee_id = ? order by id limit 1',
      w.id('staff'),
    );
    const other = await w.sql.value<number>(
      'select id from households where owner_employee_id != ? order by id limit 1',
      w.id('staff'),
    );
    const refused = await w.request(`/api/duties/${visit.id}/schedule`, {
      json: { date: '2026-12-03', householdId: other },
      cookie: await w.as('staff'),
    });
    expect(refused.status).toBe(422);
    expect((await refused.json()).error.code).toBe('HOUSEHOLD_NOT_YOURS');
    const named = await w.request(`/api/duties/${visit.id}/schedule`, {
      json: { date: '2026-12-03', householdId: theirs },
      cookie: await w.as('staff'),
    });
    expect((await named.json()).duty).toMatchObject({ status: 'scheduled', householdId: theirs });
  });
});

describe('duty lifecycle', () => {
  it('completes with notes; a done duty cannot be moved', async () => {
    const staff = await w.as('staff');
    const visit = await homeVisit('staff', '2026-M11');
    const done = await w.request(`/api/duties/${visit.id}/complete`, {
      json: { notes: '业主反映电梯噪音' },
      cookie: staff,
    });
    expect(done.status).toBe(200);
    expect((await done.json()).duty).toMatchObject({
      status: 'done',
      completedOn: '2026-11-23',
      attendedBy: w.id('staff'),
    });
    const move = await w.request(`/api/duties/${visit.id}/schedule`, { json: { date: '2026-11-25' }, cookie: staff });
    expect(move.status).toBe(422);
    expect((await move.json()).error).toMatchObject({
      code: 'DUTY_TRANSITION',
      message: '该任务当前为「已完成」，不能排期。',
    });
  });

  it('is recorded done from its window’s start up to today, not ahead', async () => {
    const visit = await homeVisit('staff', '2026-M11');
    const ahead = await w.request(`/api/duties/${visit.id}/complete`, {
      json: { date: '2026-11-24', notes: '提前' },
      cookie: await w.as('staff'),
    });
    expect(ahead.status).toBe(422);
    expect((await ahead.json()).error).toMatchObject({
      code: 'DATE_OUTSIDE_WINDOW',
      fields: { date: expect.stringContaining('2026-11-01') },
    });
  });

  it('excusing takes the manager, not the person; delegation keeps who was due', async () => {
    const cr = await w.as('staff.cr');
    const [first, second] = [await homeVisit('staff.cr', '2026-M12'), await homeVisit('staff.cr', '2026-M11')];
    expect((await w.request(`/api/duties/${first.id}/excuse`, { json: { reason: '病假' }, cookie: cr })).status).toBe(
      403,
    );
    const excused = await w.request(`/api/duties/${first.id}/excuse`, {
      json: { reason: '病假' },
      cookie: await w.as('pm'),
    });
    expect((await excused.json()).duty).toMatchObject({ status: 'excused', reason: '病假', approvedBy: w.id('pm') });
    const deputy = w.id('staff');
    const delegated = await w.request(`/api/duties/${second.id}/delegate`, {
      json: { deputyId: deputy, reason: '出差' },
      cookie: cr,
    });
    expect((await delegated.json()).duty).toMatchObject({
      status: 'delegated',
      employeeId: w.id('staff.cr'),
      deputyId: deputy,
    });
    const mine = await dutiesOf('staff', '?kind=home_visit');
    expect(mine.some((d) => d.id === second.id)).toBe(true);
    const attended = await w.request(`/api/duties/${second.id}/complete`, {
      json: { notes: '代为拜访' },
      cookie: await w.as('staff'),
    });
    expect((await attended.json()).duty).toMatchObject({
      status: 'done',
      employeeId: w.id('staff.cr'),
      attendedBy: deputy,
    });
  });

  it('a deputy must be an active colleague of the person’s region', async () => {
    const visit = await homeVisit('staff.cr', '2026-M11');
    const elsewhere = await w.request(`/api/duties/${visit.id}/delegate`, {
      json: { deputyId: w.ids.westStaff, reason: '出差' },
      cookie: await w.as('staff.cr'),
    });
    expect(elsewhere.status).toBe(422);
    expect((await elsewhere.json()).error.code).toBe('DEPUTY_INVALID');
  });
});

describe('compliance board', () => {
  it('counts duties in the caller’s scope and exports them', async () => {
    const visit = await homeVisit('staff', '2026-M11');
    expect(
      (await w.request(`/api/duties/${visit.id}/complete`, { json: { notes: '已拜访' }, cookie: await w.as('staff') }))
        .status,
    ).toBe(200);
    const res = await w.request('/api/compliance?period=2026-M11&groupBy=person', { cookie: await w.as('pm') });
    expect(res.status).toBe(200);
    const { rows } = await res.json();
    const staff = rows.find((r: { key: string }) => r.key === String(w.id('staff')));
    expect(staff).toMatchObject({ assigned: 1, done: 1, onTime: 1, rate: 1 });
    const projectOnly = await w.sql.value<number>(
      'select count(distinct d.employee_id) from duties d join employees e on e.id = d.employee_id where e.project_id = ? and d.due_to between ? and ?',
      w.ids.project,
      '2026-11-01',
      '2026-11-30',
    );
    expect(rows).toHaveLength(projectOnly);
    expect((await w.request('/api/compliance?period=2026-M11', { cookie: await w.as('staff') })).status).toBe(403);
    const csv = await w.request('/api/compliance/export?period=2026-M11&groupBy=line&format=csv', {
      cookie: await w.as('president'),
    });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // BOM, so Excel reads UTF-8
    const text = new TextDecoder().decode(bytes);
    expect(text.startsWith('条线,应完成')).toBe(true);
    expect(text).toContain('工程');
    const xlsx = await w.request('/api/compliance/export?period=2026-M11&groupBy=region', { cookie: await w.as('hr') });
    expect(new Uint8Array(await xlsx.arrayBuffer()).slice(0, 2)).toEqual(new Uint8Array([0x50, 0x4b]));
  });

  it('drills down to one person in scope, and hides people outside it', async () => {
    const visit = await homeVisit('staff', '2026-M11');
    await w.request(`/api/duties/${visit.id}/complete`, { json: { notes: '已拜访' }, cookie: await w.as('staff') });
    const res = await w.request(`/api/compliance/people/${w.id('staff')}?period=2026-M11`, {
      cookie: await w.as('pm'),
    });
    expect((await res.json()).duties.map((d: { status: string }) => d.status)).toEqual(['done']);
    expect(
      (await w.request(`/api/compliance/people/${w.ids.westStaff}?period=2026-M11`, { cookie: await w.as('pm') }))
        .status,
    ).toBe(404);
  });
});

describe('allowed moves', () => {
  const movesOf = async (login: Parameters<World['as']>[0], id: number) =>
    (await (await w.request(`/api/duties/${id}`, { cookie: await w.as(login) })).json()).duty.allowedMoves as string[];

  it('are what each viewer may do now: the person due acts on it, their manager excuses or hands it on, customer relations only looks', async () => {
    const visit = await homeVisit('staff', '2026-M11');
    const mine = (await dutiesOf('staff', '?kind=home_visit')).find((d) => d.id === visit.id) as DutyAnswer & {
      allowedMoves: string[];
    };
    expect(mine.allowedMoves).toEqual(['schedule', 'complete', 'delegate']);
    expect(await movesOf('staff', visit.id)).toEqual(['schedule', 'complete', 'delegate']);
    expect(await movesOf('pm', visit.id)).toEqual(['delegate', 'excuse']);
    expect(await movesOf('cr', visit.id)).toEqual([]);
  });

  it('follow the duty’s state and window: no completing before the window opens, nothing left once excused', async () => {
    const visit = await homeVisit('staff', '2026-M11');
    const december = await homeVisit('staff', '2026-M12');
    expect(await movesOf('staff', december.id)).toEqual(['schedule', 'delegate']);
    const excused = await w.request(`/api/duties/${visit.id}/excuse`, {
      json: { reason: '年假' },
      cookie: await w.as('pm'),
    });
    expect(excused.status).toBe(200);
    expect((await excused.json()).duty.allowedMoves).toEqual([]);
    expect(await movesOf('staff', visit.id)).toEqual([]);
  });
});
