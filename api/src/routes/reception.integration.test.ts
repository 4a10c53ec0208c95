import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../testing/harness.ts';

/** Reception days, bookings, invites and feeds through the API, on the demo group at 2026-11-23. */
let h: Harness;
const cookie: Record<string, string> = {};
let dayId: number;
let slots: { id: number; startsAt: string; capacity: number }[];

const parse = (ics: string) => {
  const cal = new ICAL.Component(ICAL.parse(ics));
  const e = new ICAL.Event(cal.getFirstSubcomponent('vevent')!);
  return { method: cal.getFirstPropertyValue('method'), uid: e.uid, sequence: e.sequence, status: e.component.getFirstPropertyValue('status'), start: e.startDate?.toJSDate().toISOString() };
};

const outbox = (where = '1 = 1', ...args: unknown[]) =>
  h.db.sqlite.prepare(`select id, kind, to_employee_id, subject, ics, dedupe_key from outbox where ${where} order by id`).all(...args) as {
    id: number; kind: string; to_employee_id: number; subject: string; ics: string | null; dedupe_key: string | null;
  }[];

/** Households of project 1 the demo staff member looks after. */
const myHouseholds = () => h.db.sqlite.prepare('select id from households where owner_employee_id = ? order by id limit 20').pluck().all(h.idOf('staff')) as number[];

beforeAll(async () => {
  h = await createHarness();
  for (const login of ['admin', 'pm', 'staff', 'staff.cr', 'cr', 'president', 'hr', 'head.engineering']) cookie[login] = await h.signIn(login);
  const duties = (await (await h.request('/api/me/duties?kind=reception', { cookie: cookie.president })).json()).duties as { id: number; due: { from: string; to: string } }[];
  const duty = duties.find((d) => d.due.to >= '2026-12-31')!;
  const project = h.db.sqlite.prepare('select project_id from employees where login = ?').pluck().get('staff') as number;
  const res = await h.request('/api/reception-days', {
    cookie: cookie.president,
    json: { dutyId: duty.id, date: '2026-12-02', projectId: project, venueKind: 'customer_centre', topic: '交付前沟通；园林, 车位\n问题', startTime: '09:00', endTime: '10:00', slotMinutes: 30, slotCapacity: 2 },
  });
  expect(res.status).toBe(201);
  const { day } = await res.json();
  dayId = day.id;
  slots = day.slots;
});
afterAll(async () => h.cleanup());

describe('reception days', () => {
  it('creating one invites the executive with a REQUEST carrying the stored UID', async () => {
    const [invite] = outbox('kind = ?', 'invite');
    expect(invite!.to_employee_id).toBe(h.idOf('president'));
    const uid = h.db.sqlite.prepare('select uid from reception_days where id = ?').pluck().get(dayId);
    expect(parse(invite!.ics!)).toEqual({ method: 'REQUEST', uid, sequence: 0, status: 'CONFIRMED', start: '2026-12-02T01:00:00.000Z' });
    expect(invite!.subject).not.toMatch(/[\r\n]/);
  });

  it('refuses a weekend, a second day for the same duty, someone else’s duty, and bad fields, with messages', async () => {
    const dutyId = h.db.sqlite.prepare('select duty_id from reception_days where id = ?').pluck().get(dayId);
    const base = { dutyId, projectId: 1, venueKind: 'sales_office', topic: 't', startTime: '09:00', endTime: '10:00', slotMinutes: 30, slotCapacity: 2 };
    const again = await h.request('/api/reception-days', { cookie: cookie.president, json: { ...base, date: '2026-12-09' } });
    expect(again.status).toBe(409);
    const other = await h.request('/api/reception-days', { cookie: cookie.pm, json: { ...base, date: '2026-12-09' } });
    expect(other.status).toBe(404);
    const bad = await h.request('/api/reception-days', { cookie: cookie.president, json: { ...base, date: '2026-12-09', endTime: '08:00' }, headers: { 'accept-language': 'zh-CN' } });
    expect(bad.status).toBe(422);
    const weekend = await h.request(`/api/reception-days/${dayId}/move`, { cookie: cookie.president, json: { date: '2026-12-05', reason: '调整' } });
    expect(weekend.status).toBe(422);
    expect((await weekend.json()).error.message).toContain('2026-12-05');
    const staffMove = await h.request(`/api/reception-days/${dayId}/move`, { cookie: cookie.staff, json: { date: '2026-12-03', reason: 'x' } });
    expect(staffMove.status).toBe(403);
  });

  it('books households; a household cannot hold two bookings that day', async () => {
    const [a] = myHouseholds();
    const res = await h.request(`/api/reception-days/${dayId}/bookings`, { cookie: cookie.staff, json: { slotId: slots[0]!.id, householdId: a, note: '想谈车位' } });
    expect(res.status).toBe(201);
    const twice = await h.request(`/api/reception-days/${dayId}/bookings`, { cookie: cookie.staff, json: { slotId: slots[1]!.id, householdId: a, note: '' } });
    expect(twice.status).toBe(409);
    expect((await twice.json()).error.code).toBe('HOUSEHOLD_BOOKED_THAT_DAY');
    // The booking employee is invited too, in their own message.
    expect(outbox('kind = ? and to_employee_id = ?', 'invite', h.idOf('staff'))).toHaveLength(1);
  });

  it('twelve parallel bookings for the last place: exactly one succeeds, the rest are told the slot is full', async () => {
    const households = myHouseholds().slice(1, 13);
    const results = await Promise.all(
      households.map((householdId) => h.request(`/api/reception-days/${dayId}/bookings`, { cookie: cookie.staff, json: { slotId: slots[0]!.id, householdId, note: '' } })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, ...Array(11).fill(409)]);
    const full = await results.find((r) => r.status === 409)!.json();
    expect(full.error.message).toBe('该时段已约满，请选择其他时段。');
    expect(h.db.sqlite.prepare(`select count(*) from reception_bookings where slot_id = ? and status = 'booked'`).pluck().get(slots[0]!.id)).toBe(2);
  });

  it('the roster shows each booked household masked, with its booking history', async () => {
    const res = await h.request(`/api/reception-days/${dayId}`, { cookie: cookie.president });
    const { day, bookings } = await res.json();
    expect(day.mayManage).toBe(true);
    expect(bookings).toHaveLength(2);
    for (const b of bookings) {
      expect(b.household.masked).toBe(true);
      expect(b.household.room).toMatch(/\*/);
      expect(Array.isArray(b.history)).toBe(true);
    }
    const outsider = h.db.sqlite
      .prepare(`select lower(employee_no) from employees where active = 1 and position = 'staff' and region_id <> (select region_id from employees where login = 'president') limit 1`)
      .pluck()
      .get() as string;
    expect((await h.request(`/api/reception-days/${dayId}`, { cookie: await h.signIn(outsider) })).status).toBe(404);
  });

  it('moving the day sends updates with a higher SEQUENCE to every attendee and tells the owners', async () => {
    const before = outbox().length;
    const res = await h.request(`/api/reception-days/${dayId}/move`, { cookie: cookie.president, json: { date: '2026-12-03', reason: '会议冲突' } });
    expect(res.status).toBe(200);
    const sent = outbox().slice(before);
    const updates = sent.filter((m) => m.kind === 'invite').map((m) => parse(m.ics!));
    expect(updates.map((u) => u.sequence)).toEqual([2, 2]);
    expect(updates.every((u) => u.start === '2026-12-03T01:00:00.000Z')).toBe(true);
    expect(sent.some((m) => m.kind === 'notice' && m.to_employee_id === h.idOf('staff'))).toBe(true);
    expect(h.db.sqlite.prepare(`select distinct date from reception_bookings where day_id = ?`).pluck().all(dayId)).toEqual(['2026-12-03']);
  });

  it('cancelling a booking removes its employee from the invite with a CANCEL to them alone, once their last booking goes', async () => {
    const ids = h.db.sqlite.prepare(`select id from reception_bookings where day_id = ? and status = 'booked' order by id`).pluck().all(dayId) as number[];
    const first = await h.request(`/api/bookings/${ids[0]}/cancel`, { cookie: cookie.staff, json: { reason: '客户改期' } });
    expect(first.status).toBe(200);
    expect(outbox('kind = ?', 'cancel')).toHaveLength(0);
    await h.request(`/api/bookings/${ids[1]}/cancel`, { cookie: cookie.staff, json: { reason: '客户改期' } });
    const cancels = outbox('kind = ?', 'cancel');
    expect(cancels.map((m) => m.to_employee_id)).toEqual([h.idOf('staff')]);
    expect(parse(cancels[0]!.ics!).method).toBe('CANCEL');
    const again = await h.request(`/api/bookings/${ids[1]}/cancel`, { cookie: cookie.staff, json: { reason: 'x' } });
    expect(again.status).toBe(409);
  });

  it('cancelling the day sends CANCEL with STATUS:CANCELLED and the same UID', async () => {
    const uid = h.db.sqlite.prepare('select uid from reception_days where id = ?').pluck().get(dayId);
    const noReason = await h.request(`/api/reception-days/${dayId}/cancel`, { cookie: cookie.president, json: { reason: ' ' } });
    expect(noReason.status).toBe(422);
    const res = await h.request(`/api/reception-days/${dayId}/cancel`, { cookie: cookie.president, json: { reason: '临时出差' } });
    expect(res.status).toBe(200);
    const last = outbox('kind = ?', 'cancel').at(-1)!;
    expect(last.to_employee_id).toBe(h.idOf('president'));
    expect(parse(last.ics!)).toMatchObject({ method: 'CANCEL', status: 'CANCELLED', uid });
    const book = await h.request(`/api/reception-days/${dayId}/bookings`, { cookie: cookie.staff, json: { slotId: slots[1]!.id, householdId: myHouseholds()[0], note: '' } });
    expect(book.status).toBe(409);
  });
});

describe('assistants', () => {
  it('an executive’s assistant sets up and moves their reception day; another employee cannot', async () => {
    const named = await h.request(`/api/employees/${h.idOf('pm')}/assistant`, { method: 'PUT', cookie: cookie.pm, json: { assistantId: h.idOf('staff') } });
    expect(named.status).toBe(200);
    expect((await h.request(`/api/employees/${h.idOf('pm')}/assistant`, { method: 'PUT', cookie: cookie.staff, json: { assistantId: h.idOf('staff') } })).status).toBe(403);
    const duty = h.db.sqlite.prepare(`select id, project_id from duties where employee_id = ? and kind = 'reception' and due_from = '2026-12-01'`).get(h.idOf('pm')) as { id: number; project_id: number };
    const body = { dutyId: duty.id, date: '2026-12-09', projectId: duty.project_id, venueKind: 'sales_office', topic: '月度接待', startTime: '14:00', endTime: '15:00', slotMinutes: 30, slotCapacity: 1 };
    expect((await h.request('/api/reception-days', { cookie: cookie['staff.cr'], json: body })).status).toBe(404);
    const made = await h.request('/api/reception-days', { cookie: cookie.staff, json: body });
    expect(made.status).toBe(201);
    const { day } = await made.json();
    expect((await h.request(`/api/reception-days/${day.id}/move`, { cookie: cookie.staff, json: { date: '2026-12-10', reason: '领导出差' } })).status).toBe(200);
    expect((await h.request(`/api/reception-days/${day.id}/move`, { cookie: cookie['staff.cr'], json: { date: '2026-12-11', reason: 'x' } })).status).toBe(403);
    // The invitation goes to the executive, not the assistant who set it up.
    const invites = outbox('kind = ? and ics like ?', 'invite', `%${day.uid}%`);
    expect(invites.map((m) => m.to_employee_id)).toEqual([h.idOf('pm'), h.idOf('pm')]);
  });
});

describe('outbox', () => {
  it('is for system admins: list, message and the .ics download', async () => {
    expect((await h.request('/api/outbox', { cookie: cookie.cr })).status).toBe(403);
    const list = await (await h.request('/api/outbox', { cookie: cookie.admin })).json();
    expect(list.total).toBeGreaterThan(3);
    const invite = list.items.find((m: { hasInvite: boolean }) => m.hasInvite);
    const file = await h.request(`/api/outbox/${invite.id}/invite.ics`, { cookie: cookie.admin });
    expect(file.headers.get('content-type')).toMatch(/^text\/calendar; charset=utf-8; method=(REQUEST|CANCEL)$/);
    expect(parse(await file.text()).uid).toMatch(/^reception-/);
    expect((await h.request(`/api/outbox/${invite.id}/retry`, { cookie: cookie.admin, json: {} })).status).toBe(409);
  });
});

describe('calendar feed', () => {
  it('serves the caller’s reception days at a private URL; rotating and revoking answer 404 at the old URL', async () => {
    const { url, webcal } = await (await h.request('/api/me/feed', { cookie: cookie.president })).json();
    expect(webcal).toMatch(/^webcal:\/\//);
    const path = new URL(url).pathname;
    expect((await (await h.request('/api/me/feed', { cookie: cookie.president })).json()).url).toBe(url);
    const feed = await h.request(path);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const cal = new ICAL.Component(ICAL.parse(await feed.text()));
    const events = cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events.some((e) => e.uid.startsWith('reception-') && e.component.getFirstPropertyValue('status') === 'CANCELLED')).toBe(true);
    const pmFeed = await (await h.request('/api/me/feed', { cookie: cookie.pm })).json();
    const pmEvents = new ICAL.Component(ICAL.parse(await (await h.request(new URL(pmFeed.url).pathname)).text())).getAllSubcomponents('vevent');
    expect(pmEvents.some((v) => String(v.getFirstPropertyValue('uid')).startsWith('duty-') && v.getFirstProperty('dtstart')!.type === 'date')).toBe(true);

    const rotated = await (await h.request('/api/me/feed/rotate', { cookie: cookie.president, json: {} })).json();
    expect(rotated.url).not.toBe(url);
    expect((await h.request(path)).status).toBe(404);
    expect((await h.request(new URL(rotated.url).pathname)).status).toBe(200);
    expect((await h.request('/api/me/feed', { method: 'DELETE', cookie: cookie.president })).status).toBe(204);
    expect((await h.request(new URL(rotated.url).pathname)).status).toBe(404);
    expect((await h.request('/api/feeds/not-a-token.ics')).status).toBe(404);
  });
});
