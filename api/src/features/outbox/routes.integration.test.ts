import { factories } from '@frontline/db/testing';
import ICAL from 'ical.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { T0 } from '../../testing/harness.ts';
import { presidentsDay } from '../../testing/reception.ts';
import { createWorld, type World } from '../../testing/world.ts';

/** The outbox through the API, on a small group whose president set up a reception day, had a customer booked and moved it. */
let w: World;
beforeEach(async () => {
  w = await createWorld();
});
afterEach(async () => w.cleanup());

const uidOf = (ics: string) => new ICAL.Event(new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent('vevent')!).uid;

/** An invite, a second one to the booking employee, then the move's two updates and the owner's notice. */
async function queueSomeMail() {
  const president = await w.as('president');
  const day = await presidentsDay(w);
  const household = await factories(w.db, T0).household(w.ids.project, {
    building: '5',
    ownerEmployeeId: w.id('staff'),
  });
  expect(
    (
      await w.request(`/api/reception-days/${day.id}/bookings`, {
        cookie: await w.as('staff'),
        json: { slotId: day.slots[0]!.id, householdId: household.id, note: '' },
      })
    ).status,
  ).toBe(201);
  expect(
    (
      await w.request(`/api/reception-days/${day.id}/move`, {
        cookie: president,
        json: { date: '2026-12-03', reason: '会议冲突' },
      })
    ).status,
  ).toBe(200);
}

describe('outbox', () => {
  it('is for system admins: list, message and the .ics download', async () => {
    await queueSomeMail();
    expect((await w.request('/api/outbox', { cookie: await w.as('cr') })).status).toBe(403);
    const admin = await w.as('admin');
    const list = await (await w.request('/api/outbox', { cookie: admin })).json();
    expect(list.total).toBeGreaterThan(3);
    const invite = list.items.find((m: { hasInvite: boolean }) => m.hasInvite);
    const file = await w.request(`/api/outbox/${invite.id}/invite.ics`, { cookie: admin });
    expect(file.headers.get('content-type')).toMatch(/^text\/calendar; charset=utf-8; method=(REQUEST|CANCEL)$/);
    expect(uidOf(await file.text())).toMatch(/^reception-/);
    expect((await w.request(`/api/outbox/${invite.id}/retry`, { cookie: admin, json: {} })).status).toBe(409);
  });
});
