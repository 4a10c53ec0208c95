import { factories } from '@frontline/db/testing';
import ICAL from 'ical.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoPasswordHash, T0 } from '../../testing/harness.ts';
import { presidentsDay, type TestDay } from '../../testing/reception.ts';
import { createWorld, type World, type WorldLogin } from '../../testing/world.ts';

/**
 * Reception days, bookings and invites through the API, on a small group
 * planned from T0 (Monday 2026-11-23). Each test sets up its own day: the
 * president's last-quarter reception on 2026-12-02 in the first project, two
 * 30-minute slots for two households each.
 */
let w: World;
let f: ReturnType<typeof factories>;
beforeEach(async () => {
  w = await createWorld();
  f = factories(w.db, T0);
});
afterEach(async () => w.cleanup());

const parse = (ics: string) => {
  const cal = new ICAL.Component(ICAL.parse(ics));
  const e = new ICAL.Event(cal.getFirstSubcomponent('vevent')!);
  return {
    method: cal.getFirstPropertyValue('method'),
    uid: e.uid,
    sequence: e.sequence,
    status: e.component.getFirstPropertyValue('status'),
    start: e.startDate?.toJSDate().toISOString(),
  };
};

const outbox = (where = '1 = 1', ...args: unknown[]) =>
  w.sql.all<{
    id: number;
    kind: string;
    to_employee_id: number;
    subject: string;
    ics: string | null;
    dedupe_key: string | null;
  }>(`select id, kind, to_employee_id, subject, ics, dedupe_key from outbox where ${where} order by id`, ...args);

/** `n` households of the first project that the staff member looks after. */
async function myHouseholds(n: number): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < n; i++)
    ids.push((await f.household(w.ids.project, { building: '5', ownerEmployeeId: w.id('staff') })).id);
  return ids;
}

const makeDay = () => presidentsDay(w, { topic: '交付前沟通；园林, 车位\n问题' });

/** The staff member books each household into the slot (the first by default), each answered 201. */
async function book(day: TestDay, households: readonly number[], slot = 0) {
  for (const householdId of households) {
    const res = await w.request(`/api/reception-days/${day.id}/bookings`, {
      cookie: await w.as('staff'),
      json: { slotId: day.slots[slot]!.id, householdId, note: '' },
    });
    expect(res.status).toBe(201);
  }
}

describe('reception days', () => {
  it('a duty with its day set up offers no date move of its own, and names the day; a cancelled day gives the move back', async () => {
    const day = await makeDay();
    const cookie = await w.as('president');
    type Listed = { id: number; receptionDayId: number | null; allowedMoves: string[] };
    const duties = async () =>
      (await (await w.request('/api/me/duties?kind=reception', { cookie })).json()).duties as Listed[];
    const withDay = (await duties()).find((d) => d.receptionDayId === day.id);
    expect(withDay?.receptionDayId).toBe(day.id);
    expect(withDay?.allowedMoves).not.toContain('schedule');
    const page = await (await w.request(`/api/duties/${withDay!.id}`, { cookie })).json();
    expect(page.duty.allowedMoves).not.toContain('schedule');
    // the refusal the move would meet is the same rule
    const moved = await w.request(`/api/duties/${withDay!.id}/schedule`, { cookie, json: { date: '2026-12-03' } });
    expect(moved.status).toBe(409);
    const cancelled = await w.request(`/api/reception-days/${day.id}/cancel`, { cookie, json: { reason: '行程冲突' } });
    expect(cancelled.status).toBe(200);
    const after = (await duties()).find((d) => d.id === withDay!.id);
    expect(after?.receptionDayId).toBeNull();
    expect(after?.allowedMoves).toContain('schedule');
  });

  it('creating one invites the executive with a REQUEST carrying the stored UID', async () => {
    const day = await makeDay();
    const [invite] = await outbox('kind = ?', 'invite');
    expect(invite!.to_employee_id).toBe(w.id('president'));
    const uid = await w.sql.value<string>('select uid from reception_days where id = ?', day.id);
    expect(parse(invite!.ics!)).toEqual({
      method: 'REQUEST',
      uid,
      sequence: 0,
      status: 'CONFIRMED',
      start: '2026-12-02T01:00:00.000Z',
    });
    expect(invite!.subject).not.toMatch(/[\r\n]/);
  });

  it('refuses a weekend, a second day for the same duty, someone else’s duty, and bad fields, with messages', async () => {
    const day = await makeDay();
    const dutyId = await w.sql.value<number>('select duty_id from reception_days where id = ?', day.id);
    const base = {
      dutyId,
      projectId: w.ids.project,
      venueKind: 'sales_office',
      topic: 't',
      startTime: '09:00',
      endTime: '10:00',
      slotMinutes: 30,
      slotCapacity: 2,
    };
    const again = await w.request('/api/reception-days', {
      cookie: await w.as('president'),
      json: { ...base, date: '2026-12-09' },
    });
    expect(again.status).toBe(409);
    const other = await w.request('/api/reception-days', {
      cookie: await w.as('pm'),
      json: { ...base, date: '2026-12-09' },
    });
    expect(other.status).toBe(404);
    const bad = await w.request('/api/reception-days', {
      cookie: await w.as('president'),
      json: { ...base, date: '2026-12-09', endTime: '08:00' },
      headers: { 'accept-language': 'zh-CN' },
    });
    expect(bad.status).toBe(422);
    const weekend = await w.request(`/api/reception-days/${day.id}/move`, {
      cookie: await w.as('president'),
      json: { date: '2026-12-05', reason: '调整' },
    });
    expect(weekend.status).toBe(422);
    expect((await weekend.json()).error.message).toContain('2026-12-05');
    const staffMove = await w.request(`/api/reception-days/${day.id}/move`, {
      cookie: await w.as('staff'),
      json: { date: '2026-12-03', reason: 'x' },
    });
    expect(staffMove.status).toBe(403);
  });

  it('books households; a household cannot hold two bookings that day', async () => {
    const day = await makeDay();
    const [a] = await myHouseholds(1);
    const res = await w.request(`/api/reception-days/${day.id}/bookings`, {
      cookie: await w.as('staff'),
      json: { slotId: day.slots[0]!.id, householdId: a, note: '想谈车位' },
    });
    expect(res.status).toBe(201);
    const twice = await w.request(`/api/reception-days/${day.id}/bookings`, {
      cookie: await w.as('staff'),
      json: { slotId: day.slots[1]!.id, householdId: a, note: '' },
    });
    expect(twice.status).toBe(409);
    expect((await twice.json()).error.code).toBe('HOUSEHOLD_BOOKED_THAT_DAY');
    // The booking employee is invited too, in their own message.
    expect(await outbox('kind = ? and to_employee_id = ?', 'invite', w.id('staff'))).toHaveLength(1);
  });

  it('twelve parallel bookings for the last place: exactly one succeeds, the rest are told the slot is full', async () => {
    const day = await makeDay();
    const [first, ...households] = await myHouseholds(13);
    // One place left.
    await book(day, [first!]);
    const cookie = await w.as('staff');
    const results = await Promise.all(
      households.map((householdId) =>
        w.request(`/api/reception-days/${day.id}/bookings`, {
          cookie,
          json: { slotId: day.slots[0]!.id, householdId, note: '' },
        }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, ...Array(11).fill(409)]);
    const full = await results.find((r) => r.status === 409)!.json();
    expect(full.error.message).toBe('该时段已约满，请选择其他时段。');
    expect(
      await w.sql.value(
        `select count(*) from reception_bookings where slot_id = ? and status = 'booked'`,
        day.slots[0]!.id,
      ),
    ).toBe(2);
  });

  it('the roster shows each booked household masked, with its booking history', async () => {
    const day = await makeDay();
    await book(day, await myHouseholds(2));
    const res = await w.request(`/api/reception-days/${day.id}`, { cookie: await w.as('president') });
    const { day: shown, bookings } = await res.json();
    expect(shown.mayManage).toBe(true);
    expect(bookings).toHaveLength(2);
    for (const b of bookings) {
      expect(b.household.masked).toBe(true);
      expect(b.household.room).toMatch(/\*/);
      expect(Array.isArray(b.history)).toBe(true);
    }
    // A staff member of the other region.
    await f.employee({
      employeeNo: 'W00001',
      login: 'west.staff',
      passwordHash: await demoPasswordHash(),
      position: 'staff',
      regionId: w.ids.west,
      projectId: w.ids.westProject,
    });
    expect((await w.request(`/api/reception-days/${day.id}`, { cookie: await w.signIn('west.staff') })).status).toBe(
      404,
    );
  });

  it('a roster entry lists the household’s latest five other bookings, newest first, and says how many there are', async () => {
    const day = await makeDay();
    const [household, other] = await myHouseholds(2);
    const cookie = await w.as('staff');
    // seven bookings made and cancelled on this day, then the live one: eight in all
    for (let i = 0; i < 7; i++) {
      const made = await w.request(`/api/reception-days/${day.id}/bookings`, {
        cookie,
        json: { slotId: day.slots[i % 2]!.id, householdId: household, note: '' },
      });
      expect(made.status).toBe(201);
      const { booking } = await made.json();
      expect(
        (await w.request(`/api/bookings/${booking.id}/cancel`, { cookie, json: { reason: `第${i + 1}次改期` } }))
          .status,
      ).toBe(200);
    }
    await book(day, [household!, other!]);
    const { bookings } = await (
      await w.request(`/api/reception-days/${day.id}`, { cookie: await w.as('president') })
    ).json();
    type Entry = {
      id: number;
      status: string;
      household: { id: number };
      historyTotal: number;
      history: { id: number }[];
    };
    const entries = (bookings as Entry[]).filter((b) => b.household.id === household);
    expect(entries).toHaveLength(8);
    const live = entries.find((b) => b.status === 'booked')!;
    expect(live.historyTotal).toBe(7);
    expect(live.history).toHaveLength(5);
    const others = entries.filter((b) => b.id !== live.id).map((b) => b.id);
    // same date: the later slot first, then the newer booking
    expect(live.history.map((h) => h.id)).toEqual(
      (bookings as (Entry & { startsAt: string })[])
        .filter((b) => others.includes(b.id))
        .sort((a, b) => b.startsAt.localeCompare(a.startsAt) || b.id - a.id)
        .slice(0, 5)
        .map((b) => b.id),
    );
    for (const b of entries) {
      expect(b.history.map((h) => h.id)).not.toContain(b.id);
      expect(b.history.length).toBeLessThanOrEqual(5);
    }
    const alone = (bookings as Entry[]).find((b) => b.household.id === other)!;
    expect([alone.historyTotal, alone.history]).toEqual([0, []]);
  });

  it('each roster entry says whether the caller may cancel it, by the rule the cancel route enforces', async () => {
    const day = await makeDay();
    await book(day, await myHouseholds(1));
    const rosterOf = async (login: WorldLogin) =>
      (await (await w.request(`/api/reception-days/${day.id}`, { cookie: await w.as(login) })).json()).bookings as {
        id: number;
        mayChange: boolean;
      }[];
    // staff.cr sees the household (in scope) but neither booked it nor looks after it
    const [seen] = await rosterOf('staff.cr');
    expect(seen!.mayChange).toBe(false);
    const refused = await w.request(`/api/bookings/${seen!.id}/cancel`, {
      cookie: await w.as('staff.cr'),
      json: { reason: '误约' },
    });
    expect(refused.status).toBe(403);
    expect((await rosterOf('president'))[0]!.mayChange).toBe(true);
    const [mine] = await rosterOf('staff');
    expect(mine!.mayChange).toBe(true);
    const accepted = await w.request(`/api/bookings/${mine!.id}/cancel`, {
      cookie: await w.as('staff'),
      json: { reason: '误约' },
    });
    expect(accepted.status).toBe(200);
  });

  it('moving the day sends updates with a higher SEQUENCE to every attendee and tells the owners', async () => {
    const day = await makeDay();
    await book(day, await myHouseholds(2));
    const before = (await outbox()).length;
    const res = await w.request(`/api/reception-days/${day.id}/move`, {
      cookie: await w.as('president'),
      json: { date: '2026-12-03', reason: '会议冲突' },
    });
    expect(res.status).toBe(200);
    const sent = (await outbox()).slice(before);
    const updates = sent.filter((m) => m.kind === 'invite').map((m) => parse(m.ics!));
    expect(updates.map((u) => u.sequence)).toEqual([2, 2]);
    expect(updates.every((u) => u.start === '2026-12-03T01:00:00.000Z')).toBe(true);
    expect(sent.some((m) => m.kind === 'notice' && m.to_employee_id === w.id('staff'))).toBe(true);
    expect(
      await w.sql.values(`select distinct date from reception_bookings where day_id = ? order by date`, day.id),
    ).toEqual(['2026-12-03']);
  });

  it('cancelling a booking removes its employee from the invite with a CANCEL to them alone, once their last booking goes', async () => {
    const day = await makeDay();
    await book(day, await myHouseholds(2));
    const ids = await w.sql.values<number>(
      `select id from reception_bookings where day_id = ? and status = 'booked' order by id`,
      day.id,
    );
    const first = await w.request(`/api/bookings/${ids[0]}/cancel`, {
      cookie: await w.as('staff'),
      json: { reason: '客户改期' },
    });
    expect(first.status).toBe(200);
    expect(await outbox('kind = ?', 'cancel')).toHaveLength(0);
    await w.request(`/api/bookings/${ids[1]}/cancel`, { cookie: await w.as('staff'), json: { reason: '客户改期' } });
    const cancels = await outbox('kind = ?', 'cancel');
    expect(cancels.map((m) => m.to_employee_id)).toEqual([w.id('staff')]);
    expect(parse(cancels[0]!.ics!).method).toBe('CANCEL');
    const again = await w.request(`/api/bookings/${ids[1]}/cancel`, {
      cookie: await w.as('staff'),
      json: { reason: 'x' },
    });
    expect(again.status).toBe(409);
  });

  it('cancelling the day sends CANCEL with STATUS:CANCELLED and the same UID', async () => {
    const day = await makeDay();
    const [household] = await myHouseholds(1);
    const uid = await w.sql.value<string>('select uid from reception_days where id = ?', day.id);
    const noReason = await w.request(`/api/reception-days/${day.id}/cancel`, {
      cookie: await w.as('president'),
      json: { reason: ' ' },
    });
    expect(noReason.status).toBe(422);
    const res = await w.request(`/api/reception-days/${day.id}/cancel`, {
      cookie: await w.as('president'),
      json: { reason: '临时出差' },
    });
    expect(res.status).toBe(200);
    const last = (await outbox('kind = ?', 'cancel')).at(-1)!;
    expect(last.to_employee_id).toBe(w.id('president'));
    expect(parse(last.ics!)).toMatchObject({ method: 'CANCEL', status: 'CANCELLED', uid });
    const booked = await w.request(`/api/reception-days/${day.id}/bookings`, {
      cookie: await w.as('staff'),
      json: { slotId: day.slots[1]!.id, householdId: household, note: '' },
    });
    expect(booked.status).toBe(409);
  });

  it('a day that is over takes no change: 409 for its managers, as before the change reaches the service', async () => {
    const past = await f.receptionDay({
      employeeId: w.id('president'),
      regionId: w.ids.east,
      projectId: w.ids.project,
      date: '2026-11-20',
    });
    const cookie = await w.as('president');
    for (const [path, json] of [
      ['move', { date: '2026-11-24', reason: '补办' }],
      ['cancel', { reason: '已过' }],
    ] as const) {
      const res = await w.request(`/api/reception-days/${past.id}/${path}`, { cookie, json });
      expect(res.status).toBe(409);
      expect((await res.json()).error.code).toBe('RECEPTION_PAST');
    }
    const slots = await w.request(`/api/reception-days/${past.id}/slots`, {
      method: 'PUT',
      cookie,
      json: { startTime: '09:00', endTime: '11:00', slotMinutes: 30, slotCapacity: 2 },
    });
    expect(slots.status).toBe(409);
  });
});

describe('assistants', () => {
  it('an executive’s assistant sets up and moves their reception day; another employee cannot', async () => {
    const named = await w.request(`/api/employees/${w.id('pm')}/assistant`, {
      method: 'PUT',
      cookie: await w.as('pm'),
      json: { assistantId: w.id('staff') },
    });
    expect(named.status).toBe(200);
    expect(
      (
        await w.request(`/api/employees/${w.id('pm')}/assistant`, {
          method: 'PUT',
          cookie: await w.as('staff'),
          json: { assistantId: w.id('staff') },
        })
      ).status,
    ).toBe(403);
    const duty = (await w.sql.get<{ id: number; project_id: number }>(
      `select id, project_id from duties where employee_id = ? and kind = 'reception' and due_from = '2026-12-01' order by id`,
      w.id('pm'),
    ))!;
    const body = {
      dutyId: duty.id,
      date: '2026-12-09',
      projectId: duty.project_id,
      venueKind: 'sales_office',
      topic: '月度接待',
      startTime: '14:00',
      endTime: '15:00',
      slotMinutes: 30,
      slotCapacity: 1,
    };
    expect((await w.request('/api/reception-days', { cookie: await w.as('staff.cr'), json: body })).status).toBe(404);
    const made = await w.request('/api/reception-days', { cookie: await w.as('staff'), json: body });
    expect(made.status).toBe(201);
    const { day } = await made.json();
    expect(
      (
        await w.request(`/api/reception-days/${day.id}/move`, {
          cookie: await w.as('staff'),
          json: { date: '2026-12-10', reason: '领导出差' },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await w.request(`/api/reception-days/${day.id}/move`, {
          cookie: await w.as('staff.cr'),
          json: { date: '2026-12-11', reason: 'x' },
        })
      ).status,
    ).toBe(403);
    // The invitation goes to the executive, not the assistant who set it up.
    const invites = await outbox('kind = ? and ics like ?', 'invite', `%${day.uid}%`);
    expect(invites.map((m) => m.to_employee_id)).toEqual([w.id('pm'), w.id('pm')]);
  });
});
