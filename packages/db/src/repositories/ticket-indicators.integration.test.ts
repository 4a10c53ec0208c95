import { indicatorsOf } from '@frontline/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { approximateWorkingDays, generateTicketHistory } from '../bulk/tickets.ts';
import { seedGroup } from '../seed/index.ts';
import { createTestDatabase, testSql } from '../testing/index.ts';
import { monthStartMs, ticketBacklog, ticketMonthlyView, ticketsBehindFigure } from './ticket-indicators.ts';

const END = Date.UTC(2026, 10, 23, 2);
let db: Awaited<ReturnType<typeof createTestDatabase>>;

/** The demo group with a year of generated tickets, built afresh for each test. */
beforeEach(async () => {
  db = await createTestDatabase();
  await seedGroup(db, { passwordHash: 'x' });
  await generateTicketHistory(db, { count: 4000, endAt: END, years: 1, seed: 3 });
}, 60_000);
afterEach(async () => db.cleanup());

const get = async <T>(q: string, ...args: unknown[]) => (await testSql(db).get<T>(q, ...args))!;
const region = async () => (await get<{ r: number }>('select min(region_id) as r from tickets')).r;

describe('ticket indicators from the monthly totals', () => {
  it('equal the same formulas over the ticket rows', async () => {
    const r = await region();
    const from = monthStartMs('2026-06');
    const to = monthStartMs('2026-12');
    const raw = await get<Record<string, number>>(
      `select count(*) as closed, sum(case when closed_at <= resolve_by then 1 else 0 end) as on_time,
         sum(case when reopen_count = 0 and ever_closed_unaccepted = 0 then 1 else 0 end) as first_time,
         sum(case when first_response_at is not null and first_response_at <= first_response_by then 1 else 0 end) as responded,
         sum(case when reopen_count > 0 then 1 else 0 end) as reopened,
         sum(case when exists (select 1 from ticket_follow_ups u where u.ticket_id = t.id and u.recorded_at - t.closed_at <= 7 * 86400000) then 1 else 0 end) as followed,
         sum(round((closed_at - accepted_at) / 86400000.0 * 5 / 7, 2)) as days
       from tickets t where region_id = ? and status in ('closed', 'followed_up', 'archived') and closed_at >= ? and closed_at < ?`,
      r,
      from,
      to,
    );
    const dismissed = (
      await get<{ n: number }>(
        `select count(*) as n from tickets where region_id = ? and status = 'dismissed' and closed_at >= ? and closed_at < ?`,
        r,
        from,
        to,
      )
    ).n;
    expect(raw.closed).toBeGreaterThan(50);
    const view = await ticketMonthlyView(db, { regionIds: [r] }, '2026-06', '2026-11');
    const i = indicatorsOf(view.totals);
    expect(i.closed).toBe(raw.closed);
    expect(i.dismissed).toBe(dismissed);
    expect(i.timelyCloseRate).toBeCloseTo(raw.on_time! / raw.closed!, 12);
    expect(i.firstTimeCloseRate).toBeCloseTo(raw.first_time! / raw.closed!, 12);
    expect(i.firstResponseOnTimeRate).toBeCloseTo(raw.responded! / raw.closed!, 12);
    expect(i.reopenRate).toBeCloseTo(raw.reopened! / raw.closed!, 12);
    expect(i.followUpRate).toBeCloseTo(raw.followed! / raw.closed!, 12);
    expect(i.averageWorkingDaysToClose).toBeCloseTo(raw.days! / raw.closed!, 6);
    expect(view.trend.map((t) => t.month)).toEqual(['2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11']);
    expect(view.byProject.reduce((n, p) => n + p.totals.closed, 0)).toBe(raw.closed);
    expect(approximateWorkingDays(0, 7 * 86_400_000)).toBe(5);
  });

  it('scopes to one project and one type', async () => {
    const p = (await get<{ p: number }>('select min(project_id) as p from tickets')).p;
    const view = await ticketMonthlyView(db, { projectId: p, type: 'repair' }, '2026-11', '2026-11');
    const n = (
      await get<{ n: number }>(
        `select count(*) as n from tickets where project_id = ? and type = 'repair' and status in ('closed', 'followed_up', 'archived') and closed_at >= ?`,
        p,
        monthStartMs('2026-11'),
      )
    ).n;
    expect(view.totals.closed).toBe(n);
    expect(view.byProject.map((x) => x.projectId)).toEqual(n > 0 ? [p] : []);
    expect((await ticketMonthlyView(db, { regionIds: [] }, '2026-01', '2026-11')).totals.closed).toBe(0);
  });
});

describe('the open backlog', () => {
  it('counts every open ticket once, by calendar days since acceptance', async () => {
    const r = await region();
    const backlog = await ticketBacklog(db, { regionId: r }, END);
    const open = (
      await get<{ n: number }>(
        `select count(*) as n from tickets where region_id = ? and status in ('accepted', 'confirmed', 'assessed', 'investigated', 'handling', 'awaiting_customer')`,
        r,
      )
    ).n;
    expect(open).toBeGreaterThan(0);
    expect(backlog.reduce((n, b) => n + b.count, 0)).toBe(open);
    expect(backlog.map((b) => b.bucket)).toEqual(['d0_1', 'd2_3', 'd4_7', 'd8_30', 'd31']);
    // Accepted on Beijing's calendar day before END's or later: from the start (UTC+8) of that day.
    const DAY = 86_400_000;
    const BEIJING = 8 * 3_600_000;
    const yesterdayStart = (Math.floor((END + BEIJING) / DAY) - 1) * DAY - BEIJING;
    const fresh = (
      await get<{ n: number }>(
        `select count(*) as n from tickets where region_id = ? and status in ('accepted', 'confirmed', 'assessed', 'investigated', 'handling', 'awaiting_customer')
         and accepted_at >= ?`,
        r,
        yesterdayStart,
      )
    ).n;
    expect(backlog[0]!.count).toBe(fresh);
  });
});

describe('drill-down', () => {
  it('lists the tickets a figure missed, paged, without personal data', async () => {
    const r = await region();
    const month = '2026-10';
    const view = await ticketMonthlyView(db, { regionId: r }, month, month);
    const late = await ticketsBehindFigure(db, { regionId: r, month, figure: 'late', limit: 5, offset: 0 });
    expect(late.total).toBe(view.totals.closed - view.totals.closed_on_time);
    expect(late.tickets.length).toBe(Math.min(5, late.total));
    for (const t of late.tickets) expect(t.closedAt).toBeGreaterThan(t.resolveBy);
    expect(Object.keys(late.tickets[0] ?? {})).not.toContain('reporterPhone');
    const notFollowed = await ticketsBehindFigure(db, {
      regionId: r,
      month,
      figure: 'not_followed_up',
      limit: 1,
      offset: 0,
    });
    expect(notFollowed.total).toBe(view.totals.closed - view.totals.followed_up_in_time);
    const notFirst = await ticketsBehindFigure(db, {
      regionId: r,
      month,
      figure: 'not_first_time',
      limit: 1,
      offset: 0,
    });
    expect(notFirst.total).toBe(view.totals.closed - view.totals.first_time_closed);
    const closed = await ticketsBehindFigure(db, { regionId: r, month, figure: 'closed', limit: 3, offset: 2 });
    const first = await ticketsBehindFigure(db, { regionId: r, month, figure: 'closed', limit: 5, offset: 0 });
    expect(closed.tickets.map((t) => t.id)).toEqual(first.tickets.slice(2, 5).map((t) => t.id));
  });
});
