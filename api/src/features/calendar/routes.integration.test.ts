import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../../testing/world.ts';

/** The working-day calendar through the API: reading days, and an admin's years by form and by file. */
let w: World;
beforeEach(async () => {
  w = await createWorld({ plan: false, households: 0 });
});
afterEach(async () => w.cleanup());

const YEAR_2027 = {
  source: '测试：2027 年安排',
  days: [
    { date: '2027-01-01', kind: 'holiday', name: '元旦' },
    { date: '2027-02-06', kind: 'makeup', name: '春节' },
  ],
};

describe('working-day calendar API', () => {
  it('tells each day’s kind, with holiday names, provisional for years before their notice, and unknown for years without data', async () => {
    const res = await w.request('/api/calendar/days?from=2026-09-30&to=2026-10-12', { cookie: await w.as('staff') });
    expect(res.status).toBe(200);
    const { days } = await res.json();
    const kind = (date: string) => days.find((d: { date: string }) => d.date === date);
    expect(kind('2026-09-30')).toEqual({ date: '2026-09-30', kind: 'workday' });
    expect(kind('2026-10-01')).toEqual({ date: '2026-10-01', kind: 'holiday', name: '国庆节' });
    expect(kind('2026-10-10')).toEqual({ date: '2026-10-10', kind: 'makeup', name: '国庆节' });
    expect(kind('2026-10-11')).toEqual({ date: '2026-10-11', kind: 'weekend' });
    const later = await (
      await w.request('/api/calendar/days?from=2027-02-05&to=2027-03-01', { cookie: await w.as('staff') })
    ).json();
    expect(later.days[0]).toEqual({ date: '2027-02-05', kind: 'provisional_holiday', name: '春节', provisional: true });
    expect(later.days.at(-1)).toEqual({ date: '2027-03-01', kind: 'workday', provisional: true });
    // Before the 2024 holiday law, a year without data stays unknown.
    const earlier = await (
      await w.request('/api/calendar/days?from=2023-03-01&to=2023-03-01', { cookie: await w.as('staff') })
    ).json();
    expect(earlier.days).toEqual([{ date: '2023-03-01', kind: 'unknown' }]);
  });

  it('needs a session, a real range and at most two years', async () => {
    expect((await w.request('/api/calendar/days?from=2026-01-01&to=2026-01-02')).status).toBe(401);
    expect(
      (await w.request('/api/calendar/days?from=2026-02-30&to=2026-03-01', { cookie: await w.as('staff') })).status,
    ).toBe(422);
    expect(
      (await w.request('/api/calendar/days?from=2020-01-01&to=2026-01-01', { cookie: await w.as('staff') })).status,
    ).toBe(422);
  });

  it('lets only a system admin add a year, checks it, and audits the change', async () => {
    expect(
      (await w.request('/api/calendar/years/2027', { method: 'PUT', json: YEAR_2027, cookie: await w.as('cr') }))
        .status,
    ).toBe(403);
    const bad = await w.request('/api/calendar/years/2027', {
      method: 'PUT',
      json: { source: 'x', days: [{ date: '2027-01-04', kind: 'makeup', name: '元旦' }] },
      cookie: await w.as('admin'),
    });
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.fields['days.0.kind']).toBe('调休上班日应为周六或周日。');
    const ok = await w.request('/api/calendar/years/2027', {
      method: 'PUT',
      json: YEAR_2027,
      cookie: await w.as('admin'),
    });
    expect(ok.status).toBe(201);
    expect(await ok.json()).toMatchObject({ year: 2027, created: true, holidays: 1, makeups: 1 });
    const audit = await w.sql.value(
      "select actor_id from audit_log where action = 'calendar.year.create' and entity_id = '2027'",
    );
    expect(audit).toBe(w.id('admin'));
  });

  it('imports a year from a CSV file, all rows or none', async () => {
    const upload = (text: string) => {
      const form = new FormData();
      form.set('file', new File([text], '2028.csv', { type: 'text/csv' }));
      form.set('source', '国务院办公厅通知（测试）');
      return form;
    };
    const bad = await w.request('/api/calendar/years/2028/import', {
      body: upload('日期,类型,名称\n2028-01-01,放假,元旦\n2028-01-03,上班,元旦\n'),
      cookie: await w.as('admin'),
    });
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.fields['3.kind']).toContain('第 3 行');
    // Nothing stored: 2028 is still the provisional year the law gives.
    expect((await (await w.request('/api/calendar/years/2028', { cookie: await w.as('admin') })).json()).state).toBe(
      'provisional',
    );
    const ok = await w.request('/api/calendar/years/2028/import', {
      body: upload('日期,类型,名称\n2028/1/1,放假,元旦\n'),
      cookie: await w.as('admin'),
    });
    expect(ok.status).toBe(201);
    expect((await (await w.request('/api/calendar/years/2028', { cookie: await w.as('staff') })).json()).source).toBe(
      '国务院办公厅通知（测试）',
    );
  });
});
