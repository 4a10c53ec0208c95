import { randomUUID } from 'node:crypto';
import { factories } from '@frontline/db/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { T0 } from '../../testing/harness.ts';
import { presidentsDay } from '../../testing/reception.ts';
import { report } from '../../testing/rollup.ts';
import { createWorld, type World, type WorldLogin } from '../../testing/world.ts';

/**
 * The home page's API on the small group planned from T0 (Monday 2026-11-23):
 * which sections each kind of role gets, and that each section's data is
 * scoped as its full page is.
 */
let w: World;
let f: ReturnType<typeof factories>;
beforeEach(async () => {
  w = await createWorld();
  f = factories(w.db, T0);
});
afterEach(async () => w.cleanup());

const DAY = 86_400_000;

async function home(login: WorldLogin) {
  const res = await w.request('/api/me/home', { cookie: await w.as(login) });
  expect(res.status).toBe(200);
  return res.json();
}

const ids = (list: { items: { id: number }[] }) => list.items.map((d) => d.id);
const SECTIONS = ['receptions', 'duties', 'system', 'review', 'appraisal', 'compliance'] as const;
/** The sections present, checked against the ones left null. */
function present(body: Record<string, unknown>): string[] {
  const shown = SECTIONS.filter((s) => body[s] !== null);
  expect(body.sections).toEqual(shown);
  return shown;
}

describe('the home page', () => {
  it('answers only a signed-in caller', async () => {
    expect((await w.request('/api/me/home')).status).toBe(401);
  });

  it('gives staff their duties: the visit due now to record, counts, households and coming bookings', async () => {
    const body = await home('staff');
    expect(present(body)).toEqual(['duties']);
    const due = body.duties.due.items as { kind: string; due: { from: string; to: string }; allowedMoves: string[] }[];
    expect(due[0]).toMatchObject({ kind: 'home_visit', due: { from: '2026-11-01', to: '2026-11-30' } });
    expect(due[0]!.allowedMoves).toContain('complete');
    expect(body.duties.upcoming).toBeGreaterThan(0);
    expect(body.duties.households).toBeGreaterThan(0);
    expect(body.duties.bookings).toEqual({ total: 0, items: [] });

    // A booking into the president's day shows among the staff member's coming bookings, masked.
    const day = await presidentsDay(w);
    const household = (await f.household(w.ids.project, { building: '5', ownerEmployeeId: w.id('staff') })).id;
    const booked = await w.request(`/api/reception-days/${day.id}/bookings`, {
      cookie: await w.as('staff'),
      json: { slotId: day.slots[0]!.id, householdId: household, note: '' },
    });
    expect(booked.status).toBe(201);
    const after = await home('staff');
    expect(after.duties.bookings.total).toBe(1);
    expect(after.duties.bookings.items[0]).toMatchObject({ dayId: day.id, date: '2026-12-02', startsAt: '09:00' });
    expect(after.duties.bookings.items[0].household).toMatchObject({ id: household, masked: true });
    expect(after.duties.bookings.items[0].household.room).toMatch(/\*/);
  });

  it('shows a plan’s revisit once: in the plan work, not again in the duty list', async () => {
    const household = (await f.household(w.ids.project, { ownerEmployeeId: w.ids.colleague })).id;
    const { dutyId } = await f.awaitingVerification({
      ownerId: w.id('pm'),
      verifierId: w.id('staff'),
      householdId: household,
      regionId: w.ids.east,
      projectId: w.ids.project,
      dueTo: '2026-11-27',
    });
    const body = await home('staff');
    expect(body.duties.verifications.map((v: { dutyId: number }) => v.dutyId)).toEqual([dutyId]);
    expect([...ids(body.duties.due), ...ids(body.duties.overdue)]).not.toContain(dutyId);
    // My duties still lists it, for the full page.
    const mine = await (await w.request('/api/me/duties', { cookie: await w.as('staff') })).json();
    expect(mine.duties.map((d: { id: number }) => d.id)).toContain(dutyId);
  });

  it('gives an executive the next reception day with its roster, and its duty only there', async () => {
    const before = await home('president');
    expect(present(before)).toEqual(['receptions', 'duties', 'compliance']);
    expect(before.receptions.next).toBeNull();
    // Not set up yet, the reception duty is in the duty list, to be set up.
    const reception = before.duties.due.items.find((d: { kind: string }) => d.kind === 'reception');
    expect(reception).toBeDefined();

    const day = await presidentsDay(w);
    for (const [i, room] of ['1601', '1602', '1603'].entries()) {
      const household = (await f.household(w.ids.project, { room, ownerEmployeeId: w.id('staff') })).id;
      const res = await w.request(`/api/reception-days/${day.id}/bookings`, {
        cookie: await w.as('staff'),
        json: { slotId: day.slots[i < 2 ? 0 : 1]!.id, householdId: household, note: '' },
      });
      expect(res.status).toBe(201);
    }
    const body = await home('president');
    expect(body.receptions.next.day).toMatchObject({ id: day.id, date: '2026-12-02', mayManage: true });
    expect(body.receptions.next.day.dutyId).toBe(reception.id);
    expect(body.receptions.next.booked).toBe(3);
    expect(body.receptions.next.roster).toHaveLength(3);
    for (const line of body.receptions.next.roster) {
      expect(line.household.masked).toBe(true);
      expect(line.household.room).toMatch(/\*/);
      for (const o of line.household.owners) expect(o.phone ?? '').not.toMatch(/^1\d{10}$/);
    }
    const listed = [...ids(body.duties.due), ...ids(body.duties.overdue)];
    expect(listed).not.toContain(reception.id);
    expect(new Set(listed).size).toBe(listed.length);
    // Staff have no executive section; the project head's is their own (no day of theirs yet).
    expect((await home('staff')).receptions).toBeNull();
    expect((await home('pm')).receptions.next).toBeNull();
  });

  it('gives executives the open tickets assigned to them, and the president the regional queue', async () => {
    const household = await w.sql.value<number>(
      'select id from households where project_id = ? order by id limit 1',
      w.ids.project,
    );
    const category = await w.sql.value<number>("select id from issue_categories where code = 'leaks'");
    const made = await w.request('/api/tickets', {
      cookie: await w.as('staff.cr'),
      json: {
        clientId: randomUUID(),
        householdId: household,
        channel: 'phone_400',
        type: 'complaint',
        categoryId: category,
        description: '外墙渗水',
      },
    });
    const id = (await made.json()).ticket.id as number;
    const cr = await w.as('cr');
    for (const body of [
      { move: 'confirm' },
      { move: 'assess', severity: 'major', scope: 'single_line' },
      { move: 'investigate', cause: '防水层破损', responsibleLine: 'engineering' },
      { move: 'handle', actions: '返修', assigneeId: w.id('head.engineering'), promisedOn: '2026-11-25' },
    ])
      expect((await w.request(`/api/tickets/${id}/moves`, { cookie: cr, json: body })).status).toBe(200);

    const head = await home('head.engineering');
    expect(head.receptions.tickets.assigned.tickets.map((t: { id: number }) => t.id)).toEqual([id]);
    expect(head.receptions.tickets.escalated).toBeNull();
    const president = await home('president');
    expect(president.receptions.tickets.escalation).toBe('regional');
    expect(president.receptions.tickets.escalated.tickets.map((t: { id: number }) => t.id)).toEqual([id]);
    expect(president.receptions.tickets.assigned.total).toBe(0);
    expect((await home('pm')).receptions.tickets.escalated).toEqual({ tickets: [], total: 0 });
  });

  it('gives customer relations what waits for review, each regional admin only their region’s', async () => {
    await report(w, { projectId: w.ids.project, regionId: w.ids.east, count: 5, description: '卫生间吊顶漏水' });
    await report(w, { projectId: w.ids.westProject, regionId: w.ids.west, count: 5, description: '地下车库照明不足' });
    const detected = await w.request('/api/common-issues/detect', { method: 'POST', cookie: await w.as('cr.group') });
    expect(detected.status).toBe(200);
    // Tickets in each region, past their limit (three working days) four days on.
    const category = await w.sql.value<number>("select id from issue_categories where code = 'leaks'");
    for (const projectId of [w.ids.project, w.ids.westProject]) {
      const household = await w.sql.value<number>(
        'select id from households where project_id = ? order by id limit 1',
        projectId,
      );
      const res = await w.request('/api/tickets', {
        cookie: await w.as('cr.group'),
        json: {
          clientId: randomUUID(),
          householdId: household,
          channel: 'phone_400',
          type: 'repair',
          categoryId: category,
          description: '渗水',
        },
      });
      expect(res.status).toBe(201);
    }
    w.advance(4 * DAY);

    const east = await home('cr');
    expect(present(east)).toEqual(['review', 'compliance']);
    expect(east.review.commonIssues.total).toBe(1);
    expect(east.review.commonIssues.items[0].projects).toEqual(['滨江一号']);
    expect(east.review.breached.total).toBe(1);
    expect(east.review.breached.tickets[0].projectId).toBe(w.ids.project);

    const group = await home('cr.group');
    expect(group.review.commonIssues.total).toBe(2);
    expect(group.review.breached.total).toBe(2);
    // Neither staff nor HR are given the review.
    expect((await home('staff.cr')).review).toBeNull();
    expect((await home('hr')).review).toBeNull();
  });

  it('gives HR the quarter to close (group HR closes it) and nothing of customers', async () => {
    const hr = await home('hr');
    expect(present(hr)).toEqual(['appraisal', 'compliance']);
    expect(hr.appraisal).toMatchObject({
      current: { name: '2026-Q4' },
      previous: { name: '2026-Q3', closed: null },
      toClose: [{ name: '2026-Q3' }],
      mayClose: false,
    });
    expect((await home('hr.group')).appraisal.mayClose).toBe(true);
    const closed = await w.request('/api/scores/close', {
      cookie: await w.as('hr.group'),
      json: { period: '2026-Q3' },
    });
    expect(closed.status).toBe(200);
    const after = await home('hr');
    expect(after.appraisal.toClose).toEqual([]);
    expect(after.appraisal.previous.closed).toMatchObject({ name: '2026-Q3', status: 'closed' });
    expect(after.appraisal.lastClosed).toBe('2026-Q3');
    expect(JSON.stringify(after)).not.toMatch(/household/i);
  });

  it('gives managers the last ended month’s on-time rate in their scope: none when nothing is decided', async () => {
    const pm = await home('pm');
    expect(pm.compliance.period).toMatchObject({ key: '2026-M10', from: '2026-10-01', to: '2026-10-31' });
    expect(pm.compliance.rate).toBeNull();
    // One October duty done on time and one missed in the project; one missed in the other region.
    const duty = (employeeId: number, regionId: number, projectId: number | null, status: string, k: number) =>
      w.db.kysely
        .insertInto('duties')
        .values({
          key: `home:test:${k}`,
          kind: 'home_visit',
          employee_id: employeeId,
          region_id: regionId,
          project_id: projectId,
          period_kind: 'month',
          period_key: '2026-M10',
          due_from: '2026-10-01',
          due_to: '2026-10-31',
          status,
          completed_on: status === 'done' ? '2026-10-20' : null,
          updated_at: T0,
        })
        .execute();
    await duty(w.id('staff'), w.ids.east, w.ids.project, 'done', 1);
    await duty(w.id('staff.cr'), w.ids.east, w.ids.project, 'missed', 2);
    await duty(w.ids.westStaff, w.ids.west, w.ids.westProject, 'missed', 3);
    const after = await home('pm');
    expect(after.compliance.counts).toMatchObject({ assigned: 2, onTime: 1, missed: 1 });
    expect(after.compliance.rate).toBe(0.5);
    expect((await home('admin')).compliance.counts.assigned).toBe(3);
  });

  it('gives the system admin failed mail and the missing holiday notice', async () => {
    const admin = await home('admin');
    expect(present(admin)).toEqual(['system', 'review', 'appraisal', 'compliance']);
    expect(admin.system.calendarWatch).toEqual([2027]);
    const before = admin.system.failed.total as number;
    // The president's invite could not be delivered.
    await presidentsDay(w);
    await w.sql.run(
      "update outbox set status = 'failed' where id = (select min(id) from outbox where status in ('pending', 'stored'))",
    );
    const after = await home('admin');
    expect(after.system.failed.total).toBe(before + 1);
    expect(after.system.failed.items[0]).toMatchObject({ status: 'failed' });
    expect(after.system.failed.items[0]).not.toHaveProperty('text');
    // Regional admins never get the system section.
    expect((await home('cr')).system).toBeNull();
  });
});
