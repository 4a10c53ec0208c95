import { listOutbox, type MailSettings } from '@frontline/db';
import { factories } from '@frontline/db/testing';
import ICAL from 'ical.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { T0 } from '../../testing/harness.ts';
import { createWorld, type World } from '../../testing/world.ts';
import {
  bookSlot,
  cancelBooking,
  cancelReceptionDay,
  createReceptionDay,
  moveReceptionDay,
  rebook,
  updateReceptionSlots,
} from './service.ts';

/** The reception service on a small group planned from T0 (Monday 2026-11-23): days, bookings and the messages they queue. */
let w: World;
beforeEach(async () => {
  w = await createWorld();
});
afterEach(async () => w.cleanup());

const AT = T0;
const ctx = { actorId: null, at: AT, today: '2026-11-23' };
const mail: MailSettings = {
  from: { name: '一线', email: 'frontline@frontline.test' },
  origin: 'https://frontline.test',
  host: 'frontline.test',
  alarmMinutes: 30,
};

/**
 * The president's last-quarter reception set up as a day on 2026-12-10 in
 * the first project (two 30-minute slots for two each), and five households
 * there, looked after by the two staff members and their colleague in turn.
 */
async function setUp() {
  const db = w.db;
  const duty = (await w.sql.get<{ id: number; employee_id: number }>(
    `select id, employee_id from duties where employee_id = ? and kind = 'reception' and status = 'planned' and due_to >= '2026-12-10' order by due_from limit 1`,
    w.id('president'),
  ))!;
  const f = factories(db, T0);
  const owners = [w.id('staff'), w.id('staff.cr'), w.ids.colleague];
  const households: { id: number; owner_employee_id: number }[] = [];
  for (let i = 0; i < 5; i++) {
    const owner = owners[i % owners.length]!;
    households.push({
      id: (await f.household(w.ids.project, { ownerEmployeeId: owner })).id,
      owner_employee_id: owner,
    });
  }
  const created = await createReceptionDay(
    db,
    {
      dutyId: duty.id,
      date: '2026-12-10',
      projectId: w.ids.project,
      venueKind: 'customer_centre',
      topic: '交付沟通',
      startTime: '09:00',
      endTime: '10:00',
      slotMinutes: 30,
      slotCapacity: 2,
    },
    ctx,
    mail,
  );
  if (!created.ok) throw new Error(created.error.code);
  const messages = async () => (await listOutbox(db, { offset: 0, limit: 100 })).items.reverse();
  return { db, duty, households, day: created.value, messages };
}

const parsed = (ics: string) => {
  const cal = new ICAL.Component(ICAL.parse(ics));
  const e = new ICAL.Event(cal.getFirstSubcomponent('vevent')!);
  return {
    method: cal.getFirstPropertyValue('method'),
    uid: e.uid,
    sequence: e.sequence,
    status: e.component.getFirstPropertyValue('status'),
    start: e.startDate.toJSDate().toISOString(),
  };
};

describe('reception days', () => {
  it('a new day schedules its duty and queues one REQUEST to the executive, with the stored UID', async () => {
    const { day, duty, messages } = await setUp();
    expect(day.slots.map((s) => [s.startsAt, s.capacity])).toEqual([
      ['09:00', 2],
      ['09:30', 2],
    ]);
    expect(await w.sql.get('select status, scheduled_on from duties where id = ?', duty.id)).toEqual({
      status: 'scheduled',
      scheduled_on: '2026-12-10',
    });
    const [invite, ...rest] = await messages();
    expect(rest).toHaveLength(0);
    expect(invite!.toEmployeeId).toBe(duty.employee_id);
    expect(parsed(invite!.ics!)).toEqual({
      method: 'REQUEST',
      uid: day.uid,
      sequence: 0,
      status: 'CONFIRMED',
      start: '2026-12-10T01:00:00.000Z',
    });
  });

  it('moving sends an update with a higher SEQUENCE and the same UID; cancelling sends CANCEL and frees the duty', async () => {
    const { db, day, duty, households, messages } = await setUp();
    const booked = await bookSlot(
      db,
      {
        slotId: day.slots[0]!.id,
        householdId: households[0]!.id,
        bookedBy: households[0]!.owner_employee_id,
        note: '',
      },
      ctx,
      mail,
    );
    expect(booked.ok).toBe(true);
    const moved = await moveReceptionDay(db, day, '2026-12-11', '会议冲突', { ...ctx, at: AT + 1000 }, mail);
    expect(moved.ok && moved.value.date).toBe('2026-12-11');
    expect(await w.sql.value('select date from reception_bookings where day_id = ? order by id', day.id)).toBe(
      '2026-12-11',
    );
    const afterMove = await messages();
    const updates = afterMove.filter((m) => m.kind === 'invite' && m.subject.startsWith('[一线] 改期：'));
    expect(updates.map((m) => parsed(m.ics!).sequence)).toEqual([2, 2]); // executive and the booking employee, same new sequence
    expect(
      updates.every((m) => parsed(m.ics!).uid === day.uid && parsed(m.ics!).start === '2026-12-11T01:00:00.000Z'),
    ).toBe(true);
    expect(afterMove.some((m) => m.kind === 'notice' && m.toEmployeeId === households[0]!.owner_employee_id)).toBe(
      true,
    );

    const cancelled = await cancelReceptionDay(
      db,
      moved.ok ? moved.value : day,
      '临时出差',
      { ...ctx, at: AT + 2000 },
      mail,
    );
    expect(cancelled.ok).toBe(true);
    const cancels = (await messages()).filter((m) => m.kind === 'cancel');
    expect(cancels.map((m) => parsed(m.ics!))).toEqual([
      { method: 'CANCEL', uid: day.uid, sequence: 3, status: 'CANCELLED', start: '2026-12-11T01:00:00.000Z' },
      { method: 'CANCEL', uid: day.uid, sequence: 3, status: 'CANCELLED', start: '2026-12-11T01:00:00.000Z' },
    ]);
    expect(await w.sql.value('select status from reception_bookings where day_id = ? order by id', day.id)).toBe(
      'released',
    );
    expect(await w.sql.get('select status, scheduled_on from duties where id = ?', duty.id)).toEqual({
      status: 'planned',
      scheduled_on: null,
    });
  });

  it('cancelling an employee’s last booking sends a CANCEL to that employee alone', async () => {
    const { db, day, households, messages } = await setUp();
    const [a, b] = households;
    const first = await bookSlot(
      db,
      { slotId: day.slots[0]!.id, householdId: a!.id, bookedBy: a!.owner_employee_id, note: '' },
      ctx,
      mail,
    );
    if (!first.ok) throw new Error(first.error.code);
    if (b!.owner_employee_id !== a!.owner_employee_id) {
      await bookSlot(
        db,
        { slotId: day.slots[0]!.id, householdId: b!.id, bookedBy: b!.owner_employee_id, note: '' },
        ctx,
        mail,
      );
    }
    const before = (await messages()).length;
    await cancelBooking(db, first.value.id, '客户改期', ctx, mail);
    const sent = (await messages()).slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.toEmployeeId).toBe(a!.owner_employee_id);
    expect(parsed(sent[0]!.ics!).method).toBe('CANCEL');
  });

  it('slot changes remap bookings, or are refused when a booking would not fit', async () => {
    const { db, day, households } = await setUp();
    for (const h of households.slice(0, 2)) {
      await bookSlot(
        db,
        { slotId: day.slots[1]!.id, householdId: h.id, bookedBy: h.owner_employee_id, note: '' },
        ctx,
        mail,
      );
    }
    const tooSmall = await updateReceptionSlots(
      db,
      day,
      { startTime: '09:00', endTime: '10:00', slotMinutes: 60, slotCapacity: 1 },
      ctx,
      mail,
    );
    expect(!tooSmall.ok && tooSmall.error.code).toBe('RECEPTION_BOOKINGS_DO_NOT_FIT');
    const wider = await updateReceptionSlots(
      db,
      day,
      { startTime: '09:00', endTime: '10:00', slotMinutes: 60, slotCapacity: 3 },
      ctx,
      mail,
    );
    expect(wider.ok && wider.value.slots.map((s) => s.booked)).toEqual([2]);
  });
});

describe('a reception day that is over', () => {
  it('takes no move, slot change, cancellation, booking or rebooking into it, and nothing is written', async () => {
    const f = factories(w.db, T0);
    const household = await f.household(w.ids.project, { building: '9', ownerEmployeeId: w.id('staff') });
    const past = await f.receptionDay({
      employeeId: w.id('pm'),
      regionId: w.ids.east,
      projectId: w.ids.project,
      date: '2026-11-20',
    });
    const { day: open, households } = await setUp();
    const PAST = { ok: false, error: { code: 'RECEPTION_PAST' } };
    expect(await moveReceptionDay(w.db, past, '2026-11-24', '补办', ctx, mail)).toEqual(PAST);
    expect(
      await updateReceptionSlots(
        w.db,
        past,
        { startTime: '09:00', endTime: '11:00', slotMinutes: 30, slotCapacity: 2 },
        ctx,
        mail,
      ),
    ).toEqual(PAST);
    expect(await cancelReceptionDay(w.db, past, '已过', ctx, mail)).toEqual(PAST);
    expect(
      await bookSlot(
        w.db,
        { slotId: past.slots[0]!.id, householdId: household.id, bookedBy: w.id('staff'), note: '' },
        ctx,
        mail,
      ),
    ).toEqual(PAST);
    const booked = await bookSlot(
      w.db,
      {
        slotId: open.slots[0]!.id,
        householdId: households[0]!.id,
        bookedBy: households[0]!.owner_employee_id,
        note: '',
      },
      ctx,
      mail,
    );
    if (!booked.ok) throw new Error(booked.error.code);
    expect(await rebook(w.db, booked.value.id, past.slots[0]!.id, '改到上周', ctx, mail)).toEqual(PAST);
    // The refused rebooking left the booking as it was.
    expect(await w.sql.value('select status from reception_bookings where id = ?', booked.value.id)).toBe('booked');
    expect(await w.sql.value('select count(*) from reception_bookings where day_id = ?', past.id)).toBe(0);
  });
});
