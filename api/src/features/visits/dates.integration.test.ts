import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { createWorld, type World } from '../../testing/world.ts';

/** How far back a visit may be dated: its duty's window, or the configured look-back (7 days here) when it has none. */
let w: World;
let household: number;
let version: number;

/** The first column of the first row. */
const one = <T = number>(text: string, ...args: unknown[]) => w.sql.value<T>(text, ...args);

beforeEach(async () => {
  w = await createWorld({ visitLookbackDays: 7 });
  household = await one('select id from households where owner_employee_id = ? order by id limit 1', w.id('staff'));
  version = (await (await w.request('/api/visits/new?checkpoint=7', { cookie: await w.as('staff') })).json()).version
    .id;
});
afterEach(async () => w.cleanup());

const visit = (extra: Record<string, unknown>) => ({
  clientId: randomUUID(),
  checkpoint: 7,
  formVersionId: version,
  householdIds: [household],
  visitedAt: '09:00',
  channel: 'phone',
  answers: { overall: 4, household_status: 'living', issues: [] },
  ...extra,
});

describe('visit dates', () => {
  it('the form is given the look-back window for a visit without a duty or booking', async () => {
    const ctx = await (await w.request('/api/visits/new?checkpoint=7', { cookie: await w.as('staff') })).json();
    expect(ctx.window).toEqual({ from: '2026-11-16', to: '2026-11-23' });
  });

  it('a visit older than the look-back is refused with the window in the message, and nothing is written', async () => {
    const staff = await w.as('staff');
    const before = await one('select count(*) from visits');
    const res = await w.request('/api/visits', {
      cookie: staff,
      json: visit({ visitedOn: '2026-11-15' }),
      headers: { 'accept-language': 'en' },
    });
    expect(res.status).toBe(422);
    expect((await res.json()).error).toEqual({
      code: 'DATE_OUTSIDE_WINDOW',
      message: 'The date must be between 2026-11-16 and 2026-11-23.',
      fields: { visitedOn: 'The date must be between 2026-11-16 and 2026-11-23.' },
    });
    const ancient = await w.request('/api/visits', { cookie: staff, json: visit({ visitedOn: '1999-06-01' }) });
    expect([ancient.status, (await ancient.json()).error.fields]).toEqual([
      422,
      { visitedOn: '年份须在 2000–2099 之间。' },
    ]);
    expect(await one('select count(*) from visits')).toBe(before);
  });

  it('the last day of the look-back and today are accepted', async () => {
    const staff = await w.as('staff');
    expect((await w.request('/api/visits', { cookie: staff, json: visit({ visitedOn: '2026-11-16' }) })).status).toBe(
      201,
    );
    expect((await w.request('/api/visits', { cookie: staff, json: visit({ visitedOn: '2026-11-23' }) })).status).toBe(
      201,
    );
  });

  it('a duty’s visit is held to the duty’s window, however long ago', async () => {
    // Forty days on (2027-01-02), November's home visit is still owed; its window is long past the look-back.
    const duty = await one(
      `select id from duties where employee_id = ? and kind = 'home_visit' and due_to = '2026-11-30' order by id`,
      w.id('staff'),
    );
    w.advance(40 * 86_400_000);
    onTestFinished(() => w.advance(-40 * 86_400_000));
    const cookie = await w.signIn('staff');
    const ctx = await (await w.request(`/api/visits/new?dutyId=${duty}`, { cookie })).json();
    expect(ctx.window).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    const body = { ...visit({ visitedOn: '2026-11-20' }), checkpoint: undefined, dutyId: duty, channel: 'home_visit' };
    const outside = await w.request('/api/visits', {
      cookie,
      json: { ...body, clientId: randomUUID(), visitedOn: '2026-12-30' },
    });
    expect((await outside.json()).error.code).toBe('DATE_OUTSIDE_WINDOW');
    expect((await w.request('/api/visits', { cookie, json: body })).status).toBe(201);
    expect(await one<string>('select status from duties where id = ?', duty)).toBe('done');
  });
});
