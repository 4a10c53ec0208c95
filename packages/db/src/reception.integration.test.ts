import ICAL from 'ical.js';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { listOutbox } from './outbox.ts';
import { bookSlot, cancelBooking, cancelReceptionDay, createReceptionDay, moveReceptionDay, updateReceptionSlots, type MailSettings } from './reception.ts';
import { planDemo, seedGroup } from './seed/index.ts';
import { createTestDatabase } from './testing/index.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

const AT = Date.UTC(2026, 10, 23, 2);
const ctx = { actorId: null, at: AT };
const mail: MailSettings = { from: { name: '一线', email: 'frontline@frontline.test' }, origin: 'https://frontline.test', host: 'frontline.test', alarmMinutes: 30 };

async function setUp() {
  const db = await createTestDatabase();
  cleanups.push(db.cleanup);
  await seedGroup(db, { passwordHash: 'x' });
  await planDemo(db, '2026-11-23', AT);
  const one = <T>(q: string, ...args: unknown[]) => db.sqlite.prepare(q).get(...args) as T;
  const duty = one<{ id: number; employee_id: number; project_id: number }>(
    `select d.id, d.employee_id, coalesce(d.project_id, (select id from projects where region_id = d.region_id limit 1)) as project_id
     from duties d where kind = 'reception' and status = 'planned' and due_to >= '2026-12-10' order by id limit 1`,
  );
  const households = db.sqlite
    .prepare(`select h.id, h.owner_employee_id from households h join projects p on p.id = h.project_id where p.id = ? and h.owner_employee_id is not null limit 5`)
    .all(duty.project_id) as { id: number; owner_employee_id: number }[];
  const created = await createReceptionDay(
    db,
    { dutyId: duty.id, date: '2026-12-10', projectId: duty.project_id, venueKind: 'customer_centre', topic: '交付沟通', startTime: '09:00', endTime: '10:00', slotMinutes: 30, slotCapacity: 2 },
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
  return { method: cal.getFirstPropertyValue('method'), uid: e.uid, sequence: e.sequence, status: e.component.getFirstPropertyValue('status'), start: e.startDate.toJSDate().toISOString() };
};

describe('reception days', () => {
  it('a new day schedules its duty and queues one REQUEST to the executive, with the stored UID', async () => {
    const { db, day, duty, messages } = await setUp();
    expect(day.slots.map((s) => [s.startsAt, s.capacity])).toEqual([['09:00', 2], ['09:30', 2]]);
    expect(db.sqlite.prepare('select status, scheduled_on from duties where id = ?').get(duty.id)).toEqual({ status: 'scheduled', scheduled_on: '2026-12-10' });
    const [invite, ...rest] = await messages();
    expect(rest).toHaveLength(0);
    expect(invite!.toEmployeeId).toBe(duty.employee_id);
    expect(parsed(invite!.ics!)).toEqual({ method: 'REQUEST', uid: day.uid, sequence: 0, status: 'CONFIRMED', start: '2026-12-10T01:00:00.000Z' });
  });

  it('moving sends an update with a higher SEQUENCE and the same UID; cancelling sends CANCEL and frees the duty', async () => {
    const { db, day, duty, households, messages } = await setUp();
    const booked = await bookSlot(db, { slotId: day.slots[0]!.id, householdId: households[0]!.id, bookedBy: households[0]!.owner_employee_id, note: '' }, '2026-11-23', ctx, mail);
    expect(booked.ok).toBe(true);
    const moved = await moveReceptionDay(db, day.id, '2026-12-11', '会议冲突', { ...ctx, at: AT + 1000 }, mail);
    expect(moved.ok && moved.value.date).toBe('2026-12-11');
    expect(db.sqlite.prepare('select date from reception_bookings where day_id = ?').pluck().get(day.id)).toBe('2026-12-11');
    const afterMove = await messages();
    const updates = afterMove.filter((m) => m.subject.includes('改期 Moved'));
    expect(updates.map((m) => parsed(m.ics!).sequence)).toEqual([2, 2]); // executive and the booking employee, same new sequence
    expect(updates.every((m) => parsed(m.ics!).uid === day.uid && parsed(m.ics!).start === '2026-12-11T01:00:00.000Z')).toBe(true);
    expect(afterMove.some((m) => m.kind === 'notice' && m.toEmployeeId === households[0]!.owner_employee_id)).toBe(true);

    const cancelled = await cancelReceptionDay(db, day.id, '临时出差', { ...ctx, at: AT + 2000 }, mail);
    expect(cancelled.ok).toBe(true);
    const cancels = (await messages()).filter((m) => m.kind === 'cancel');
    expect(cancels.map((m) => parsed(m.ics!))).toEqual([
      { method: 'CANCEL', uid: day.uid, sequence: 3, status: 'CANCELLED', start: '2026-12-11T01:00:00.000Z' },
      { method: 'CANCEL', uid: day.uid, sequence: 3, status: 'CANCELLED', start: '2026-12-11T01:00:00.000Z' },
    ]);
    expect(db.sqlite.prepare('select status from reception_bookings where day_id = ?').pluck().get(day.id)).toBe('released');
    expect(db.sqlite.prepare('select status, scheduled_on from duties where id = ?').get(duty.id)).toEqual({ status: 'planned', scheduled_on: null });
  });

  it('cancelling an employee’s last booking sends a CANCEL to that employee alone', async () => {
    const { db, day, households, messages } = await setUp();
    const [a, b] = households;
    const first = await bookSlot(db, { slotId: day.slots[0]!.id, householdId: a!.id, bookedBy: a!.owner_employee_id, note: '' }, '2026-11-23', ctx, mail);
    if (!first.ok) throw new Error(first.error.code);
    if (b!.owner_employee_id !== a!.owner_employee_id) {
      await bookSlot(db, { slotId: day.slots[0]!.id, householdId: b!.id, bookedBy: b!.owner_employee_id, note: '' }, '2026-11-23', ctx, mail);
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
      await bookSlot(db, { slotId: day.slots[1]!.id, householdId: h.id, bookedBy: h.owner_employee_id, note: '' }, '2026-11-23', ctx, mail);
    }
    const tooSmall = await updateReceptionSlots(db, day.id, { startTime: '09:00', endTime: '10:00', slotMinutes: 60, slotCapacity: 1 }, ctx, mail);
    expect(!tooSmall.ok && tooSmall.error.code).toBe('RECEPTION_BOOKINGS_DO_NOT_FIT');
    const wider = await updateReceptionSlots(db, day.id, { startTime: '09:00', endTime: '10:00', slotMinutes: 60, slotCapacity: 3 }, ctx, mail);
    expect(wider.ok && wider.value.slots.map((s) => s.booked)).toEqual([2]);
  });
});

describe('the database refuses what the code might let through', () => {
  it('a raw insert over a slot’s capacity, or a second booking of a household that day, fails', async () => {
    const { db, day, households } = await setUp();
    const insert = db.sqlite.prepare(
      `insert into reception_bookings (day_id, slot_id, household_id, booked_by, date, note, status, created_at, updated_at) values (?, ?, ?, ?, ?, '', 'booked', 0, 0)`,
    );
    const slot = day.slots[0]!.id;
    insert.run(day.id, slot, households[0]!.id, households[0]!.owner_employee_id, day.date);
    insert.run(day.id, slot, households[1]!.id, households[1]!.owner_employee_id, day.date);
    expect(() => insert.run(day.id, slot, households[2]!.id, households[2]!.owner_employee_id, day.date)).toThrow('SLOT_FULL');
    expect(() => insert.run(day.id, day.slots[1]!.id, households[0]!.id, households[0]!.owner_employee_id, day.date)).toThrow(/UNIQUE/);
  });

  it('eight connections racing for the last place in a slot: exactly one wins', async () => {
    const { db, day, households } = await setUp();
    const slot = day.slots[0]!.id;
    // One place left.
    db.sqlite
      .prepare(`insert into reception_bookings (day_id, slot_id, household_id, booked_by, date, note, status, created_at, updated_at) values (?, ?, ?, ?, ?, '', 'booked', 0, 0)`)
      .run(day.id, slot, households[0]!.id, households[0]!.owner_employee_id, day.date);
    const racers = households.slice(1, 5).flatMap((h) => [h, h]);
    const code = `
      const { workerData, parentPort } = require('node:worker_threads');
      const Database = require(workerData.driver);
      const db = new Database(workerData.path);
      db.pragma('busy_timeout = 5000');
      const insert = db.prepare("insert into reception_bookings (day_id, slot_id, household_id, booked_by, date, note, status, created_at, updated_at) values (?, ?, ?, ?, ?, '', 'booked', 0, 0)");
      const view = new Int32Array(workerData.gate);
      Atomics.wait(view, 0, 0);
      try { insert.run(...workerData.row); parentPort.postMessage('ok'); } catch (e) { parentPort.postMessage(String(e.message)); }
      db.close();`;
    const gate = new SharedArrayBuffer(4);
    const driver = (await import('node:module')).createRequire(import.meta.url).resolve('better-sqlite3');
    const results = racers.map(
      (h) =>
        new Promise<string>((resolve, reject) => {
          const w = new Worker(code, { eval: true, workerData: { path: db.path, driver, gate, row: [day.id, slot, h.id, h.owner_employee_id, day.date] } });
          w.once('message', resolve);
          w.once('error', reject);
        }),
    );
    await new Promise((r) => setTimeout(r, 300));
    Atomics.store(new Int32Array(gate), 0, 1);
    Atomics.notify(new Int32Array(gate), 0);
    const outcomes = await Promise.all(results);
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(1);
    expect(outcomes.filter((o) => o !== 'ok').every((o) => /SLOT_FULL|UNIQUE/.test(o))).toBe(true);
    expect(db.sqlite.prepare(`select count(*) from reception_bookings where slot_id = ? and status = 'booked'`).pluck().get(slot)).toBe(2);
  });
});
