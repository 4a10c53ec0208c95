import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Harness } from '../testing/harness.ts';
import { createWorld } from '../testing/world.ts';

/** The probes that once answered 15 MB or a 500 now get a 422 naming the field, in the caller's language. */

let h: Harness;
let admin: string;
let hr: string;
let staff: string;
beforeEach(async () => {
  h = await createWorld();
  [admin, hr, staff] = [await h.signIn('admin'), await h.signIn('hr'), await h.signIn('staff')];
});
afterEach(async () => h.cleanup());

const en = { 'accept-language': 'en' };

async function refused(path: string, cookie: string, headers: Record<string, string> = {}) {
  const res = await h.request(path, { cookie, headers });
  expect(res.status, path).toBe(422);
  const body = await res.json();
  expect(body.error.code).toBe('VALIDATION_FAILED');
  return body.error.fields as Record<string, string>;
}

describe('years outside 2000–2099', () => {
  it('analysis over 0001-01…9999-12 is refused on both ends, without reading anything', async () => {
    const fields = await refused('/api/analysis?from=0001-01&to=9999-12', admin, en);
    expect(fields).toEqual({ from: 'The year must be from 2000 to 2099.', to: 'The year must be from 2000 to 2099.' });
    const zh = await refused('/api/analysis?from=0001-01&to=9999-12', admin);
    expect(zh.from).toBe('年份须在 2000–2099 之间。');
  });

  it('compliance periods in year 0 or 9999 are refused, on the board, the export and the drill-down', async () => {
    for (const period of ['9999-Y1', '0000-Y1', '9999-Q4']) {
      const fields = await refused(`/api/compliance?period=${period}`, hr, en);
      expect(fields.period).toContain('2026-M11');
      expect(fields.period).toContain('2000 to 2099');
      await refused(`/api/compliance/export?period=${period}&format=csv`, hr);
      await refused(`/api/compliance/people/${await h.idOf('staff')}?period=${period}`, hr);
    }
    expect((await h.request('/api/compliance?period=2026-Q4', { cookie: hr })).status).toBe(200);
  });

  it('appraisal periods, calendar years and dates are held to the same years', async () => {
    const scores = await refused('/api/scores?period=9999-Q4', hr, en);
    expect(scores.period).toContain('2000 to 2099');
    await refused('/api/hr/scores?period=2999&format=json', hr);
    await refused('/api/calendar/years/2100', admin);
    await refused('/api/calendar/days?from=1999-12-01&to=2000-01-31', admin);
    await refused('/api/me/duties?from=0001-01-01', staff);
    await refused('/api/reports/defects?regionId=1&month=9999-12', admin);
  });
});

describe('ranges', () => {
  it('a reversed range is refused on `to`', async () => {
    const fields = await refused('/api/analysis?from=2026-06&to=2026-01', admin, en);
    expect(fields).toEqual({ to: 'The end cannot be before the start.' });
    expect(await refused('/api/me/duties?from=2026-06-01&to=2026-01-01', staff)).toEqual({ to: '结束不能早于开始。' });
  });

  it('each range has a longest span, said in the message', async () => {
    expect(await refused('/api/analysis?from=2020-01&to=2026-12', admin, en)).toEqual({
      to: 'The range can span at most 36 months.',
    });
    expect((await h.request('/api/analysis?from=2024-01&to=2026-12', { cookie: admin })).status).toBe(200);
    expect(await refused('/api/me/duties?from=2025-01-01&to=2027-01-01', staff, en)).toEqual({
      to: 'The range can span at most 24 months.',
    });
    await refused('/api/responses?from=2020-01-01&to=2026-01-01', admin);
    await refused('/api/me/visits?from=2020-01-01&to=2026-01-01', staff);
    await refused('/api/reception-days?from=2024-01-01&to=2026-11-23', staff);
    expect(await refused('/api/calendar/days?from=2025-01-01&to=2027-06-01', admin, en)).toEqual({
      to: 'The range can span at most 24 months.',
    });
  });

  it('list filters take only their own values', async () => {
    const cr = await h.signIn('cr');
    expect(Object.keys(await refused('/api/plans?status=anything', cr))).toEqual(['status']);
    await refused('/api/plans?mine=1', cr);
    expect((await h.request('/api/plans?status=closed&mine=false', { cookie: cr })).status).toBe(200);
  });

  it('a planning run cannot reach past 2099, and a leave or an event has a longest span', async () => {
    const run = await h.request('/api/schedule/runs', {
      cookie: admin,
      json: { from: '2099-06-01', months: 12 },
      headers: en,
    });
    expect(run.status).toBe(422);
    expect((await run.json()).error.fields).toEqual({ months: 'The year must be from 2000 to 2099.' });
    const leave = await h.request(`/api/employees/${await h.idOf('staff')}/leaves`, {
      cookie: hr,
      json: { from: '2026-12-01', to: '2028-12-01' },
      headers: en,
    });
    expect(leave.status).toBe(422);
    expect((await leave.json()).error.fields).toEqual({ to: 'The range can span at most 12 months.' });
  });
});
