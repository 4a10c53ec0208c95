import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWorld, type World, type WorldLogin } from '../../testing/world.ts';
import { T0 } from '../../testing/harness.ts';
import { signInEmployee } from '../../testing/rollup.ts';
import { mailSettings as settingsOf } from '../../mail/settings.ts';
import { runTicketClocks } from './service.ts';
import { applyYear } from '../calendar/service.ts';
import { listCalendarYears } from '@frontline/db';
import { factories } from '@frontline/db/testing';

/**
 * Tickets through the API on the small group. T0 is Monday 2026-11-23,
 * 10:00 in Shanghai (a working day, inside 09:00–18:00).
 */
let w: World;
beforeEach(async () => {
  w = await createWorld({ plan: false });
});
afterEach(async () => w.cleanup());

const HOUR = 3600_000;
const scalar = (text: string, ...args: unknown[]) => w.sql.value<number>(text, ...args);
const categoryId = (code: string) => scalar('select id from issue_categories where code = ?', code);
const householdOf = (projectId: number) =>
  scalar('select id from households where project_id = ? order by id limit 1', projectId);
const phoneOf = (householdId: number) =>
  w.sql.value<string>('select phone from household_owners where household_id = ? order by position, id', householdId);

async function raise(login: WorldLogin, over: Record<string, unknown> = {}) {
  return w.request('/api/tickets', {
    cookie: await w.as(login),
    json: {
      clientId: randomUUID(),
      householdId: await householdOf(w.ids.project),
      channel: 'phone_400',
      type: 'repair',
      categoryId: await categoryId('leaks'),
      description: '卫生间吊顶渗水',
      ...over,
    },
  });
}

async function move(login: WorldLogin, id: number, body: Record<string, unknown>) {
  return w.request(`/api/tickets/${id}/moves`, { cookie: await w.as(login), json: body });
}

/** A ticket raised by the 400 desk and worked up to handling by the engineer `staff`. */
async function ticketInHandling(): Promise<number> {
  const made = await (await raise('staff.cr')).json();
  const id = made.ticket.id;
  for (const body of [
    { move: 'confirm' },
    { move: 'assess', severity: 'general', scope: 'single_line' },
    { move: 'investigate', cause: '防水层破损', responsibleLine: 'engineering' },
    { move: 'handle', actions: '返修防水层', assigneeId: w.id('staff'), promisedOn: '2026-11-25' },
  ])
    expect((await move('cr', id, body)).status).toBe(200);
  return id;
}

describe('raising a ticket', () => {
  it('is idempotent by client id, and refuses the same id for something else', async () => {
    const clientId = randomUUID();
    const first = await raise('staff.cr', { clientId });
    expect(first.status).toBe(201);
    const again = await raise('staff.cr', { clientId });
    expect(again.status).toBe(200);
    expect((await again.json()).ticket.id).toBe((await first.json()).ticket.id);
    expect(await scalar('select count(*) from tickets')).toBe(1);
    const other = await raise('staff.cr', { clientId, description: '另一件事' });
    expect(other.status).toBe(409);
    expect(await scalar('select count(*) from tickets')).toBe(1);
  });

  it('answers parallel double clicks with one ticket', async () => {
    const clientId = randomUUID();
    const answers = await Promise.all(Array.from({ length: 5 }, () => raise('staff.cr', { clientId })));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 201]);
    expect(await scalar('select count(*) from tickets')).toBe(1);
  });

  it('gives the SLA as ISO instants in working time: first response the same day, resolution the third working day', async () => {
    const body = await (await raise('staff.cr')).json();
    // Mon 2026-11-23 18:00 Shanghai and Thu 2026-11-26 18:00 Shanghai.
    expect(body.ticket.sla.firstResponseBy).toBe('2026-11-23T10:00:00.000Z');
    expect(body.ticket.sla.resolveBy).toBe('2026-11-26T10:00:00.000Z');
    expect(body.ticket.sla.paused).toBe(false);
    expect(body.ticket.sla.breached).toBe(false);
    expect(body.ticket.reporter.masked).toBe(true);
    expect(body.history.map((h: { move: string }) => h.move)).toEqual(['accept']);
  });

  it('refuses households outside the caller’s scope and bad input with field messages', async () => {
    expect((await raise('staff.cr', { householdId: await householdOf(w.ids.westProject) })).status).toBe(404);
    const bad = await raise('staff.cr', { type: 'praise', description: '' });
    expect(bad.status).toBe(422);
    expect(Object.keys((await bad.json()).error.fields)).toEqual(expect.arrayContaining(['type', 'description']));
    expect((await raise('hr')).status).toBe(403);
    expect(await scalar('select count(*) from tickets')).toBe(0);
  });

  it('finds the caller’s household by phone for the 400 line, masked and in scope only', async () => {
    const household = await householdOf(w.ids.project);
    const phone = await phoneOf(household);
    const found = await (
      await w.request(`/api/tickets/lookup?phone=${phone}`, { cookie: await w.as('staff.cr') })
    ).json();
    expect(found.households.map((h: { id: number }) => h.id)).toEqual([household]);
    expect(found.households[0].owners[0].phone).not.toBe(phone);
    expect(found.households[0].masked).toBe(true);
    const west = await (await w.request(`/api/tickets/lookup?phone=${phone}`, { cookie: await w.as('pm') })).json();
    expect(west.households).toHaveLength(1);
    const otherRegion = await phoneOf(await householdOf(w.ids.westProject));
    const none = await (
      await w.request(`/api/tickets/lookup?phone=${otherRegion}`, { cookie: await w.as('staff.cr') })
    ).json();
    expect(none.households).toEqual([]);
  });
});

describe('the eight steps', () => {
  it('runs from acceptance to a follow-up by someone other than the handler', async () => {
    const id = await ticketInHandling();
    const handled = await (await w.request(`/api/tickets/${id}`, { cookie: await w.as('staff') })).json();
    expect(handled.ticket.status).toBe('handling');
    expect(handled.allowedMoves).toEqual(expect.arrayContaining(['close', 'wait']));
    expect(handled.allowedMoves).not.toContain('reopen');
    const closed = await move('staff', id, { move: 'close', accepted: true, acceptedHow: 'on_site' });
    expect(closed.status).toBe(200);
    expect((await closed.json()).ticket.status).toBe('closed');
    // The follow-up duty goes to customer relations of the project, not the handler.
    const duty = await w.sql.get('select employee_id, due_from, due_to, kind from duties where ticket_id = ?', id);
    expect(duty).toEqual({
      employee_id: w.id('staff.cr'),
      due_from: '2026-11-23',
      due_to: '2026-11-30',
      kind: 'follow_up',
    });
    expect((await move('staff', id, { move: 'follow_up', satisfaction: 5, comments: '' })).status).toBe(403);
    const followed = await move('staff.cr', id, { move: 'follow_up', satisfaction: 5, comments: '满意' });
    expect(followed.status).toBe(200);
    const body = await followed.json();
    expect(body.ticket.status).toBe('followed_up');
    expect(body.followUps[0].satisfaction).toBe(5);
    expect(body.history.map((h: { move: string }) => h.move)).toEqual([
      'accept',
      'confirm',
      'assess',
      'investigate',
      'handle',
      'close',
      'follow_up',
    ]);
    expect(await scalar('select status from duties where ticket_id = ?', id)).toBe('done');
    // Feedback needs a link to a common issue or plan that exists.
    expect((await move('cr', id, { move: 'feedback' })).status).toBe(422);
    const missing = await move('cr', id, { move: 'feedback', commonIssueId: 999_999 });
    expect(missing.status).toBe(422);
    expect(Object.keys((await missing.json()).error.fields)).toEqual(['commonIssueId']);
    expect(await scalar("select count(*) from audit_log where entity = 'ticket' and entity_id = ?", String(id))).toBe(
      7,
    );
  });

  it('refuses illegal moves with the reason (422), stale versions (409), and moves that are not the caller’s (403)', async () => {
    const made = await (await raise('staff.cr')).json();
    const id = made.ticket.id;
    const illegal = await move('cr', id, { move: 'close', accepted: true, acceptedHow: 'phone' });
    expect(illegal.status).toBe(422);
    expect((await illegal.json()).error.code).toBe('TICKET_TRANSITION');
    expect((await move('cr', id, { move: 'fly' })).status).toBe(422);
    expect((await move('cr', id, { move: 'confirm', version: made.ticket.version })).status).toBe(200);
    const stale = await move('cr', id, {
      move: 'assess',
      severity: 'general',
      scope: 'single_line',
      version: made.ticket.version,
    });
    expect(stale.status).toBe(409);
    expect((await move('staff', id, { move: 'assess', severity: 'general', scope: 'single_line' })).status).toBe(403);
    expect(await scalar('select count(*) from ticket_events where ticket_id = ?', id)).toBe(2);
  });

  it('lets only one of two concurrent moves through', async () => {
    const made = await (await raise('staff.cr')).json();
    const id = made.ticket.id;
    const answers = await Promise.all([
      move('cr', id, { move: 'confirm', version: made.ticket.version }),
      move('pm', id, { move: 'dismiss', reason: 'answered', explanation: '已电话解答', version: made.ticket.version }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    expect(await scalar('select count(*) from ticket_events where ticket_id = ?', id)).toBe(2);
  });

  it('reopens on an unhappy follow-up, tells the handler and their manager, and keeps first-time close failed', async () => {
    // The manager reads English, the handler Chinese: each is told in their language.
    await w.sql.run(`update employees set language = 'en' where id = ?`, w.id('pm'));
    const id = await ticketInHandling();
    await move('staff', id, { move: 'close', accepted: true, acceptedHow: 'phone' });
    expect(await scalar("select closed + first_time_closed from ticket_monthly where month = '2026-11'")).toBe(2);
    const unhappy = await move('staff.cr', id, { move: 'follow_up', satisfaction: 2, comments: '仍然渗水' });
    expect(unhappy.status).toBe(200);
    const body = await unhappy.json();
    expect(body.ticket.status).toBe('handling');
    expect(body.ticket.reopenCount).toBe(1);
    expect(await scalar('select coalesce(sum(closed), 0) from ticket_monthly')).toBe(0);
    const told = await w.sql.all<{ who: number; subject: string }>(
      "select to_employee_id as who, subject from outbox where ref = ? and dedupe_key like '%:reopened:%' order by to_employee_id",
      `ticket:${id}`,
    );
    expect(told.map((m) => [m.who, m.subject.replace(/#\d+ .*/, '#')])).toEqual(
      [
        [w.id('pm'), '[Frontline] Ticket reopened: #'],
        [w.id('staff'), '[一线] 工单重新打开：#'],
      ].sort((a, b) => Number(a[0]) - Number(b[0])),
    );
    await move('staff', id, { move: 'close', accepted: true, acceptedHow: 'phone' });
    const totals = await w.sql.get('select closed, first_time_closed, reopened from ticket_monthly order by month');
    expect(totals).toEqual({ closed: 1, first_time_closed: 0, reopened: 1 });
    // A second round of follow-up goes out.
    expect(await scalar('select count(*) from ticket_follow_ups where ticket_id = ?', id)).toBe(2);
  });

  it('reopening a closed ticket excuses its follow-up nobody recorded, and its person’s duties still load', async () => {
    const id = await ticketInHandling();
    await move('staff', id, { move: 'close', accepted: true, acceptedHow: 'phone' });
    const followUp = await w.sql.get<{ id: number; employee_id: number }>(
      "select id, employee_id from duties where ticket_id = ? and kind = 'follow_up'",
      id,
    );
    const reopened = await move('cr', id, { move: 'reopen', reason: '业主反映仍有渗水' });
    expect(reopened.status).toBe(200);
    expect(await w.sql.get('select status, reason from duties where id = ?', followUp!.id)).toEqual({
      status: 'excused',
      reason: 'ticket reopened',
    });
    const duties = await w.request('/api/me/duties', { cookie: await signInEmployee(w, followUp!.employee_id) });
    expect(duties.status).toBe(200);
    const listed = (await duties.json()).duties.find((d: { id: number }) => d.id === followUp!.id);
    expect(listed?.status ?? 'excused').toBe('excused');
  });

  it('pauses the clock while waiting on the customer', async () => {
    const id = await ticketInHandling();
    const waiting = await (await move('staff', id, { move: 'wait', reason: 'no_access' })).json();
    expect(waiting.ticket.status).toBe('awaiting_customer');
    expect(waiting.ticket.sla.paused).toBe(true);
    w.advance(48 * HOUR);
    const resumed = await (await move('staff', id, { move: 'resume' })).json();
    expect(resumed.ticket.status).toBe('handling');
    // Two working days spent waiting push the limit from Thu 26th to Mon 30th.
    expect(resumed.ticket.sla.resolveBy).toBe('2026-11-30T10:00:00.000Z');
  });
});

describe('the clock job', () => {
  it('reminds at 75%, tells the manager at breach and the project head a working day later, each once', async () => {
    // The project head reads English; the handler Chinese.
    await w.sql.run(`update employees set language = 'en' where id = ?`, w.id('pm'));
    const id = await ticketInHandling();
    const mails = () =>
      w.sql.all<{ who: number; subject: string }>(
        'select to_employee_id as who, subject from outbox where ref = ? order by id',
        `ticket:${id}`,
      );
    const before = (await mails()).length;
    const at = (iso: string) => Date.parse(iso);
    // 75% of 27 working hours ≈ Thu 09:15 Shanghai.
    await runTicketClocks(w.db, { now: at('2026-11-26T01:30:00Z'), mail: mailSettings() });
    await runTicketClocks(w.db, { now: at('2026-11-26T01:31:00Z'), mail: mailSettings() });
    expect((await mails()).slice(before).map((m) => [m.who, /工单即将超时/.test(m.subject)])).toEqual([
      [w.id('staff'), true],
    ]);
    // After hours on Thursday the limit is reached but not passed: working time resumes Friday 09:00.
    await runTicketClocks(w.db, { now: at('2026-11-26T10:30:00Z'), mail: mailSettings() });
    expect((await mails()).length).toBe(before + 1);
    await runTicketClocks(w.db, { now: at('2026-11-27T02:00:00Z'), mail: mailSettings() });
    expect((await mails()).slice(before + 1).map((m) => [m.who, /overdue/i.test(m.subject)])).toEqual([
      [w.id('pm'), true],
    ]);
    await runTicketClocks(w.db, { now: at('2026-11-27T10:01:00Z'), mail: mailSettings() });
    await runTicketClocks(w.db, { now: at('2026-11-27T11:00:00Z'), mail: mailSettings() });
    const escalated = (await mails()).slice(before + 2);
    expect(escalated.map((m) => m.who)).toEqual([w.id('pm')]);
    expect(escalated[0]!.subject).toMatch(/escalated/);
    w.advance(at('2026-11-27T11:00:00Z') - at('2026-11-23T02:00:00Z'));
    const shown = await (await w.request(`/api/tickets/${id}`, { cookie: await w.as('staff') })).json();
    expect(shown.ticket.sla.breached).toBe(true);
  });
});

describe('lists', () => {
  it('shows the dispatch board to customer relations and my tickets to the handler', async () => {
    const id = await ticketInHandling();
    await raise('staff.cr');
    const board = await (await w.request('/api/tickets/board', { cookie: await w.as('cr') })).json();
    expect(board.counts.unassigned).toBe(1);
    const mine = await (await w.request('/api/tickets?queue=mine', { cookie: await w.as('staff') })).json();
    expect(mine.tickets.map((t: { id: number }) => t.id)).toEqual([id]);
    expect((await w.request('/api/tickets/board', { cookie: await w.as('staff') })).status).toBe(403);
    expect((await w.request('/api/tickets')).status).toBe(401);
  });
});

const mailSettings = () => settingsOf({ origin: 'http://localhost' });

describe('a calendar change', () => {
  it('moves open tickets’ limits by replaying their history on the new calendar', async () => {
    const id = await ticketInHandling();
    const before = await w.sql.value<number>('select resolve_by from tickets where id = ?', id);
    expect(new Date(before).toISOString()).toBe('2026-11-26T10:00:00.000Z');
    const year = (await listCalendarYears(w.db)).find((y) => y.year === 2026)!;
    await applyYear(
      w.db,
      { ...year, days: [...year.days, { date: '2026-11-25', kind: 'holiday', name: '测试假日' }] },
      { actorId: w.id('admin'), at: T0, today: '2026-11-23' },
      null,
    );
    const after = await w.sql.value<number>('select resolve_by from tickets where id = ?', id);
    expect(new Date(after).toISOString()).toBe('2026-11-27T10:00:00.000Z');
    const shown = await (await w.request(`/api/tickets/${id}`, { cookie: await w.as('staff') })).json();
    expect(shown.ticket.sla.resolveBy).toBe('2026-11-27T10:00:00.000Z');
  });
});

describe('where a ticket comes from and what it knows', () => {
  it('turns a visit’s issue item into a ticket, linked both ways, once', async () => {
    const f = factories(w.db, T0);
    const household = await householdOf(w.ids.project);
    const visit = await f.visitWithIssue({
      employeeId: w.id('staff'),
      householdId: household,
      projectId: w.ids.project,
      regionId: w.ids.east,
      description: '阳台地漏返水',
    });
    const item = await scalar('select id from visit_issues where visit_id = ?', visit.id);
    const made = await raise('staff', { channel: 'visit', householdId: household, visitIssueId: item });
    expect(made.status).toBe(201);
    const ticket = (await made.json()).ticket;
    expect(ticket.visitIssueId).toBe(item);
    const shown = await (await w.request(`/api/visits/${visit.id}`, { cookie: await w.as('staff') })).json();
    expect(shown.visit.issues[0].ticket).toEqual({ id: ticket.id, status: 'accepted' });
    expect((await raise('staff', { channel: 'visit', householdId: household, visitIssueId: item })).status).toBe(409);
    const neighbour = await scalar(
      'select id from households where project_id = ? order by id limit 1 offset 1',
      w.ids.project,
    );
    const elsewhere = await raise('staff', { householdId: neighbour, visitIssueId: item });
    expect(elsewhere.status).toBe(422);
  });

  it('flags a repair outside the warranty from the completion date, and still takes it', async () => {
    await w.sql.run("update projects set completed_on = '2024-06-30' where id = ?", w.ids.project);
    const decoration = await (await raise('staff.cr', { categoryId: await categoryId('cracks') })).json();
    expect(decoration.ticket.warranty).toEqual({ status: 'out_of_warranty', endsOn: '2026-06-29' });
    const leak = await (await raise('staff.cr', { categoryId: await categoryId('leaks') })).json();
    expect(leak.ticket.warranty).toEqual({ status: 'in_warranty', endsOn: '2029-06-29' });
    expect(leak.ticket.status).toBe('accepted');
  });

  it('alerts the project head, the regional president and customer relations at once on a crisis', async () => {
    const made = await (await raise('staff.cr')).json();
    await move('cr', made.ticket.id, { move: 'confirm' });
    await move('cr', made.ticket.id, { move: 'assess', severity: 'crisis', scope: 'cross_line' });
    const told = await w.sql.values<number>(
      "select to_employee_id from outbox where ref = ? and subject like '%危机工单%' order by to_employee_id",
      `ticket:${made.ticket.id}`,
    );
    expect(told).toEqual([w.id('president'), w.id('pm'), w.id('cr')].sort((a, b) => a - b));
    const shown = await (await w.request(`/api/tickets/${made.ticket.id}`, { cookie: await w.as('cr') })).json();
    // Crisis halves the cross-line limit: 3.5 working days from Monday 10:00 → the end of Thursday plus half a day, Friday 13:30 (Shanghai).
    expect(shown.ticket.queue).toBe('regional');
    expect(shown.ticket.sla.resolveBy).toBe('2026-11-27T05:30:00.000Z');
  });
});
