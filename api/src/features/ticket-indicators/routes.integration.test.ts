import { generateTicketHistory } from '@frontline/db';
import readXlsxFile from 'read-excel-file/node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { T0 } from '../../testing/harness.ts';
import { createWorld, type World } from '../../testing/world.ts';

/** The complaint-handling indicators through the API, on generated tickets checked against the ticket rows. */
let w: World;
beforeEach(async () => {
  w = await createWorld();
  await generateTicketHistory(w.db, { count: 1500, endAt: T0, years: 1, seed: 9 });
});
afterEach(async () => w.cleanup());

const row = async <T>(q: string, ...args: unknown[]) => (await w.sql.get<T>(q, ...args))!;
const NOVEMBER = [Date.parse('2026-11-01T00:00:00+08:00'), Date.parse('2026-12-01T00:00:00+08:00')] as const;
const CLOSED = `status in ('closed', 'followed_up', 'archived')`;

describe('ticket indicators', () => {
  it('answer the formulas over the ticket rows, for the caller’s region', async () => {
    const res = await w.request('/api/tickets/indicators?period=2026-11&months=6', { cookie: await w.as('cr') });
    expect(res.status).toBe(200);
    const body = await res.json();
    const raw = await row<{ closed: number; on_time: number; first: number; responded: number; reopened: number }>(
      `select count(*) as closed, sum(case when closed_at <= resolve_by then 1 else 0 end) as on_time,
         sum(case when reopen_count = 0 and ever_closed_unaccepted = 0 then 1 else 0 end) as first,
         sum(case when first_response_at <= first_response_by then 1 else 0 end) as responded,
         sum(case when reopen_count > 0 then 1 else 0 end) as reopened
       from tickets where region_id = ? and ${CLOSED} and closed_at >= ? and closed_at < ?`,
      w.ids.east,
      ...NOVEMBER,
    );
    const followed = (
      await row<{ n: number }>(
        `select count(*) as n from tickets t where region_id = ? and ${CLOSED} and closed_at >= ? and closed_at < ?
         and exists (select 1 from ticket_follow_ups u where u.ticket_id = t.id and u.recorded_at - t.closed_at <= 7 * 86400000)`,
        w.ids.east,
        ...NOVEMBER,
      )
    ).n;
    expect(raw.closed).toBeGreaterThan(20);
    expect(body.period).toBe('2026-11');
    expect(body.scope).toEqual({ regionId: null, regionName: null, projectId: null, projectName: null });
    expect(body.indicators.closed).toBe(raw.closed);
    expect(body.indicators.timelyCloseRate).toBeCloseTo(raw.on_time / raw.closed, 12);
    expect(body.indicators.firstTimeCloseRate).toBeCloseTo(raw.first / raw.closed, 12);
    expect(body.indicators.firstResponseOnTimeRate).toBeCloseTo(raw.responded / raw.closed, 12);
    expect(body.indicators.reopenRate).toBeCloseTo(raw.reopened / raw.closed, 12);
    expect(body.indicators.followUpRate).toBeCloseTo(followed / raw.closed, 12);
    expect(body.trend.map((t: { month: string }) => t.month)).toEqual([
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
      '2026-11',
    ]);
    expect(body.byProject.map((p: { projectId: number }) => p.projectId)).toEqual([w.ids.project]);
    const open = (
      await row<{ n: number }>(
        `select count(*) as n from tickets where region_id = ? and status in ('accepted', 'confirmed', 'assessed', 'investigated', 'handling', 'awaiting_customer')`,
        w.ids.east,
      )
    ).n;
    expect(body.backlog.reduce((n: number, b: { count: number }) => n + b.count, 0)).toBe(open);
    expect(body.backlog[0].label.zh).toBe('1天内');

    const all = await (
      await w.request('/api/tickets/indicators?period=2026-11', { cookie: await w.as('admin') })
    ).json();
    expect(all.indicators.closed).toBe(
      (
        await row<{ n: number }>(
          `select count(*) as n from tickets where ${CLOSED} and closed_at >= ? and closed_at < ?`,
          ...NOVEMBER,
        )
      ).n,
    );
    expect(all.byProject).toHaveLength(2);
  });

  it('narrow to a project in scope and hide the rest', async () => {
    const pm = await w.as('pm');
    const own = await w.request(`/api/tickets/indicators?period=2026-11&projectId=${w.ids.project}`, { cookie: pm });
    expect((await own.json()).scope.projectName).toBe('滨江一号');
    expect(
      (await w.request(`/api/tickets/indicators?period=2026-11&projectId=${w.ids.westProject}`, { cookie: pm })).status,
    ).toBe(404);
    const cr = await w.as('cr');
    expect(
      (await w.request(`/api/tickets/indicators?period=2026-11&regionId=${w.ids.west}`, { cookie: cr })).status,
    ).toBe(404);
    expect(
      (
        await w.request(
          `/api/tickets/indicators?period=2026-11&regionId=${w.ids.east}&projectId=${w.ids.westProject}`,
          {
            cookie: await w.as('admin'),
          },
        )
      ).status,
    ).toBe(404);
    for (const login of ['staff', 'hr'] as const)
      expect((await w.request('/api/tickets/indicators?period=2026-11', { cookie: await w.as(login) })).status).toBe(
        403,
      );
    const bad = await w.request('/api/tickets/indicators?period=2026-13', { cookie: cr });
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.fields.period).toBeTruthy();
  });

  it('drill down to the tickets behind a figure, paged, without customer details', async () => {
    const cr = await w.as('cr');
    const view = await (await w.request('/api/tickets/indicators?period=2026-11', { cookie: cr })).json();
    const late = await (
      await w.request('/api/tickets/indicators/tickets?period=2026-11&figure=late&limit=3', { cookie: cr })
    ).json();
    const lateRaw = (
      await row<{ n: number }>(
        `select count(*) as n from tickets where region_id = ? and ${CLOSED} and closed_at > resolve_by and closed_at >= ? and closed_at < ?`,
        w.ids.east,
        ...NOVEMBER,
      )
    ).n;
    expect(late.total).toBe(lateRaw);
    expect(late.total).toBe(Math.round(view.indicators.closed * (1 - view.indicators.timelyCloseRate)));
    expect(late.tickets.length).toBe(Math.min(3, lateRaw));
    const text = JSON.stringify(late);
    expect(text).not.toMatch(/reporter|phone|room/i);
    const next = await (
      await w.request('/api/tickets/indicators/tickets?period=2026-11&figure=late&limit=3&offset=3', { cookie: cr })
    ).json();
    for (const t of next.tickets) expect(late.tickets.map((x: { id: number }) => x.id)).not.toContain(t.id);
    expect(
      (await w.request('/api/tickets/indicators/tickets?period=2026-11&figure=nonsense', { cookie: cr })).status,
    ).toBe(422);
  });

  it('export the same figures as a workbook', async () => {
    const cr = await w.as('cr');
    const view = await (await w.request('/api/tickets/indicators?period=2026-11', { cookie: cr })).json();
    const res = await w.request('/api/tickets/indicators.xlsx?period=2026-11', { cookie: cr });
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const sheets = await readXlsxFile(Buffer.from(await res.arrayBuffer()));
    const summary = sheets.find((s) => s.sheet === '概览')!.data;
    expect(summary[0]!.slice(0, 5)).toEqual(['月份', '区域', '项目', '关闭数', '答复关闭数']);
    expect(summary[1]![3]).toBe(view.indicators.closed);
    expect(sheets.find((s) => s.sheet === '趋势')!.data).toHaveLength(7);
  });
});
