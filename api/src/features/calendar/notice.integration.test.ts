import { createReceptionDay } from '../reception/service.ts';
import { hashDemoPassword, planDemo } from '@frontline/db/seed';
import { factories } from '@frontline/db/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, T0, type Harness } from '../../testing/harness.ts';

/**
 * A group planned across 2027 before its notice is out (2027 is provisional),
 * then the notice pasted: previewed, then applied. It gives 2 April, a
 * Friday the law leaves a working day, to 清明; on that day one executive has
 * a proposed reception, one a reception day set up with a booking, and one
 * a date they confirmed.
 */
const NOTICE_2027 = `国务院办公厅关于2027年部分节假日安排的通知

经国务院批准，现将2027年元旦、春节、清明节、劳动节、端午节、中秋节和国庆节放假调休日期的具体安排通知如下。

一、元旦：1月1日（周五）至3日（周日）放假，共3天。

二、春节：2月5日（农历除夕、周五）至12日（农历正月初七、周五）放假调休，共8天。2月20日（周六）上班。

三、清明节：4月2日（周五）至5日（周一）放假，共4天。

四、劳动节：5月1日（周六）至5日（周三）放假调休，共5天。

五、端午节：6月9日（周三）放假1天，不调休。

六、中秋节：9月15日（周三）放假1天，不调休。

七、国庆节：10月1日（周五）至7日（周四）放假调休，共7天。9月26日（周日）、10月9日（周六）上班。

国务院办公厅
2026年11月10日`;

const D = '2027-04-02';
let h: Harness;
let admin: string;
let ids: { proposed: number; dayId: number; dayDuty: number; confirmed: number };
const mail = {
  from: { name: '一线', email: 'frontline@frontline.test' },
  origin: 'http://localhost',
  host: 'frontline.test',
  alarmMinutes: 30,
};
const proposals = async () =>
  new Map(
    (
      await h.sql.all<{ id: number; proposed_on: string }>(
        `select id, proposed_on from duties where kind = 'reception' and status = 'planned' and proposed_on >= '2027-01-01' order by id`,
      )
    ).map((r) => [r.id, r.proposed_on]),
  );
const post = (json: unknown) => h.request('/api/calendar/years/2027/notice', { cookie: admin, json });

beforeEach(async () => {
  h = await createHarness({ seed: false });
  const f = factories(h.db, T0);
  const passwordHash = await hashDemoPassword();
  const region = await f.region();
  const project = await f.project(region.id);
  const president = await f.employee({ position: 'regional_president', line: 'president_office', regionId: region.id });
  const pm = await f.employee({
    position: 'project_head',
    line: 'president_office',
    regionId: region.id,
    projectId: project.id,
  });
  const heads = [
    await f.employee({ position: 'functional_head', line: 'engineering', regionId: region.id }),
    await f.employee({ position: 'functional_head', line: 'marketing', regionId: region.id }),
  ];
  await f.employee({ regionId: region.id, projectId: project.id });
  for (let i = 0; i < 4; i++) await f.household(project.id);
  await f.employee({ position: 'system_admin', line: null, login: 'sys', passwordHash });
  await planDemo(h.db, '2026-11-23', T0);
  const duty = (employeeId: number, period: string) =>
    h.sql.value<number>(`select id from duties where employee_id = ? and period_key = ?`, employeeId, period);
  // The project head's April reception was proposed for the 2nd; the planner would not choose otherwise on its own.
  const proposed = await duty(pm.id, '2027-M4');
  await h.sql.run('update duties set proposed_on = ? where id = ?', D, proposed);
  // The engineering head set up their March–April reception day on the 2nd, and a customer is booked.
  const dayDuty = await duty(heads[0]!.id, '2027-B2');
  const day = await createReceptionDay(
    h.db,
    {
      dutyId: dayDuty,
      date: D,
      projectId: project.id,
      venueKind: 'customer_centre',
      topic: '接待日',
      startTime: '09:30',
      endTime: '10:30',
      slotMinutes: 30,
      slotCapacity: 2,
    },
    { actorId: null, at: T0 },
    mail,
  );
  if (!day.ok) throw new Error(JSON.stringify(day.error));
  // The marketing head confirmed the 2nd.
  const confirmed = await duty(heads[1]!.id, '2027-B2');
  await h.sql.run(`update duties set status = 'scheduled', scheduled_on = ? where id = ?`, D, confirmed);
  void president;
  ids = { proposed, dayId: day.value.id, dayDuty, confirmed };
  admin = await h.signIn('sys');
});
afterEach(async () => h.cleanup());

describe('pasting the 2027 notice', () => {
  it('previews the days it read, what changes, what would move and what waits for a person; stores nothing', async () => {
    const before = await proposals();
    const res = await post({ text: NOTICE_2027 });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.applied).toBe(false);
    expect(body.reading).toMatchObject({ year: 2027, publishedOn: '2026-11-10', makeups: 3 });
    expect(body.changes).toContainEqual({
      date: D,
      before: { date: D, kind: 'workday', provisional: true },
      after: { date: D, kind: 'holiday', name: '清明节' },
    });
    expect(body.plan.moves.map((m: { dutyId: number }) => m.dutyId)).toContain(ids.proposed);
    expect(body.receptions).toEqual([
      expect.objectContaining({ dayId: ids.dayId, date: D, proposed: expect.stringMatching(/^2027-0[34]-/) }),
    ]);
    expect(await h.sql.value('select count(*) from calendar_years where year = 2027')).toBe(0);
    expect(await proposals()).toEqual(before);
  });

  it('applied, makes 2027 official and moves exactly the planned duties whose day it took; the rest stay', async () => {
    const before = await proposals();
    const res = await post({ text: NOTICE_2027, apply: true });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.replan).toMatchObject({ status: 'done' });
    const year = await (await h.request('/api/calendar/years/2027', { cookie: admin })).json();
    expect(year).toMatchObject({
      state: 'official',
      title: '国务院办公厅关于2027年部分节假日安排的通知',
      publishedOn: '2026-11-10',
    });
    const off = new Set(
      (body.changes as { date: string; after: { kind: string } }[])
        .filter((c) => c.after.kind === 'holiday')
        .map((c) => c.date),
    );
    const after = await proposals();
    const moved = [...before]
      .filter(([id, date]) => after.get(id) !== date)
      .map(([id]) => id)
      .sort();
    const expected = [...before]
      .filter(([, date]) => off.has(date))
      .map(([id]) => id)
      .sort();
    expect(moved).toEqual(expected);
    expect(moved).toContain(ids.proposed);
    expect(body.replan.moved).toBe(moved.length);
    const audit = await h.sql.all(
      "select action, entity_id, actor_id from audit_log where entity = 'calendar_year' order by id",
    );
    expect(audit).toEqual([{ action: 'calendar.year.create', entity_id: '2027', actor_id: await h.idOf('sys') }]);
    // The moved one went to the nearest working day of its window.
    expect(after.get(ids.proposed)).toBe('2027-04-01');
  });

  it('never moves a date a person confirmed, nor a reception day: its executive gets a proposal instead', async () => {
    await post({ text: NOTICE_2027, apply: true });
    expect(await h.sql.get('select status, scheduled_on from duties where id = ?', ids.confirmed)).toEqual({
      status: 'scheduled',
      scheduled_on: D,
    });
    const day = (await h.sql.get<{ date: string; status: string; proposed_date: string }>(
      'select date, status, proposed_date from reception_days where id = ?',
      ids.dayId,
    ))!;
    expect(day).toMatchObject({ date: D, status: 'open' });
    expect(day.proposed_date).toMatch(/^2027-0[34]-\d\d$/);
    const notices = await h.sql.values<string>(
      `select subject from outbox where ref = ? and kind = 'notice' order by id`,
      `reception_day:${ids.dayId}`,
    );
    expect(notices.length).toBeGreaterThan(0);
    expect(notices[0]).toContain('接待日需改期');
  });

  it('refuses a wrong weekday or another year’s notice with a message on the line, and stores nothing', async () => {
    const wrong = await post({ text: NOTICE_2027.replace('4月2日（周五）', '4月2日（周四）'), apply: true });
    expect(wrong.status).toBe(422);
    const body = await wrong.json();
    expect(body.error.code).toBe('NOTICE_UNREADABLE');
    expect(Object.keys(body.error.fields)).toEqual(['lines.9']);
    const other = await h.request('/api/calendar/years/2028/notice', {
      cookie: admin,
      json: { text: NOTICE_2027, apply: true },
      headers: { 'accept-language': 'en' },
    });
    expect(other.status).toBe(422);
    expect((await other.json()).error.fields).toEqual({ year: 'This notice is for 2027, not 2028.' });
    expect(await h.sql.value('select count(*) from calendar_years where year >= 2027')).toBe(0);
  });
});
