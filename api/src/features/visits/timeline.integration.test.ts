import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { presidentsDay } from '../../testing/reception.ts';
import { staffHomeVisit } from '../../testing/visits.ts';
import { createWorld, type World } from '../../testing/world.ts';

/**
 * A household's timeline a page at a time (GET /households/:id/timeline?limit&cursor), on the small
 * group at 2026-11-23 10:00 Shanghai: visits, a booking and tickets merged newest first, keyset pages.
 */
let w: World;
beforeEach(async () => {
  w = await createWorld();
});
afterEach(async () => w.cleanup());

type Entry = { kind: 'visit' | 'booking' | 'ticket'; on: string; at: string } & Record<string, { id: number }>;
type Page = { household: { id: number; masked: boolean }; entries: Entry[]; nextCursor: string | null };

const idOf = (e: Entry) => `${e.kind}:${e[e.kind]!.id}`;

async function page(householdId: number, query = '', login: 'staff' | 'staff.cr' | 'hr' = 'staff') {
  return w.request(`/api/households/${householdId}/timeline${query}`, { cookie: await w.as(login) });
}

async function pageJson(householdId: number, query = ''): Promise<Page> {
  const res = await page(householdId, query);
  expect(res.status).toBe(200);
  return res.json();
}

/** Every page of `limit`, following nextCursor to the end. */
async function allPages(householdId: number, limit: number): Promise<Page[]> {
  const pages: Page[] = [];
  let cursor: string | null = null;
  do {
    const p: Page = await pageJson(
      householdId,
      `?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    pages.push(p);
    cursor = p.nextCursor;
    if (pages.length > 50) throw new Error('paging does not end');
  } while (cursor);
  return pages;
}

/** Staff raises a repair ticket for the household now (the harness's clock). */
async function raiseTicket(householdId: number) {
  const categoryId = await w.sql.value<number>('select id from issue_categories where code = ?', 'leaks');
  const res = await w.request('/api/tickets', {
    cookie: await w.as('staff'),
    json: {
      clientId: randomUUID(),
      householdId,
      channel: 'phone_400',
      type: 'repair',
      categoryId,
      description: '卫生间吊顶渗水',
    },
  });
  if (res.status !== 201) throw new Error(`ticket not raised: ${res.status} ${await res.text()}`);
}

describe('the household timeline, a page at a time', () => {
  it('pages of any size add up to the whole timeline in order, ties at one minute broken by kind then id', async () => {
    const { duty, record } = await staffHomeVisit(w);
    const household = duty.household_id;
    // three visits at one minute, one at the minute the tickets are raised, others on other days
    for (let i = 0; i < 3; i++) await record({ visitedOn: '2026-11-22', visitedAt: '09:30' });
    await record({ visitedOn: '2026-11-23', visitedAt: '10:00' });
    await record({ visitedOn: '2026-11-21', visitedAt: '16:45' });
    await record({ visitedOn: '2026-11-20', visitedAt: '08:05' });
    await raiseTicket(household);
    w.advance(20_000); // the same minute, 10:00
    await raiseTicket(household);
    const day = await presidentsDay(w);
    const booked = await w.request(`/api/reception-days/${day.id}/bookings`, {
      cookie: await w.as('staff'),
      json: { slotId: day.slots[0]!.id, householdId: household },
    });
    expect(booked.status).toBe(201);

    const [whole] = await allPages(household, 100);
    const entries = whole!.entries;
    expect(whole!.nextCursor).toBeNull();
    expect(entries.filter((e) => e.kind === 'visit')).toHaveLength(6);
    expect(entries.filter((e) => e.kind === 'ticket')).toHaveLength(2);
    expect(entries[0]).toMatchObject({ kind: 'booking', on: '2026-12-02', at: '09:00' });
    // at 2026-11-23 10:00: the visit, then the tickets, newest (highest id) first
    const atTen = entries.filter((e) => e.on === '2026-11-23' && e.at === '10:00');
    expect(atTen.map((e) => e.kind)).toEqual(['visit', 'ticket', 'ticket']);
    expect(atTen[1]!.ticket!.id).toBeGreaterThan(atTen[2]!.ticket!.id);
    const sameMinute = entries.filter((e) => e.on === '2026-11-22' && e.at === '09:30').map((e) => e.visit!.id);
    expect(sameMinute).toEqual([...sameMinute].sort((a, b) => b - a));
    const keys = entries.map((e) => e.on + e.at);
    expect(keys).toEqual([...keys].sort().reverse());

    for (const limit of [1, 2, 3, 4]) {
      const pages = await allPages(household, limit);
      expect(pages.map((p) => p.entries.length).slice(0, -1)).toEqual(pages.slice(0, -1).map(() => limit));
      expect(pages.at(-1)!.entries.length).toBeGreaterThan(0);
      expect(pages.flatMap((p) => p.entries.map(idOf))).toEqual(entries.map(idOf));
    }
  });

  it('the default page is 30 entries; the next page goes on from its cursor; the household is on every page', async () => {
    const { duty, record } = await staffHomeVisit(w);
    for (let i = 0; i < 32; i++)
      await record({
        visitedOn: '2026-11-2' + (i % 3),
        visitedAt: `0${8 + (i % 2)}:${String(10 + i).padStart(2, '0')}`,
      });
    const first = await pageJson(duty.household_id);
    expect(first.entries).toHaveLength(30);
    expect(first.household).toMatchObject({ id: duty.household_id, masked: true });
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await pageJson(duty.household_id, `?cursor=${encodeURIComponent(first.nextCursor!)}`);
    expect(second.entries).toHaveLength(2);
    expect(second.nextCursor).toBeNull();
    expect(second.household.id).toBe(duty.household_id);
    const seen = [...first.entries, ...second.entries].map(idOf);
    expect((await pageJson(duty.household_id, '?limit=100')).entries.map(idOf)).toEqual(seen);
  });

  it('a visit recorded between two pages neither repeats an entry nor skips one', async () => {
    const { duty, record } = await staffHomeVisit(w);
    const household = duty.household_id;
    for (const on of ['2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20', '2026-11-21'])
      await record({ visitedOn: on, visitedAt: '11:00' });
    const before = (await pageJson(household, '?limit=100')).entries.map(idOf);
    const first = await pageJson(household, '?limit=2');
    expect(first.entries.map(idOf)).toEqual(before.slice(0, 2));

    const newest = await record({ visitedOn: '2026-11-23', visitedAt: '09:00' });
    const older = await record({ visitedOn: '2026-11-16', visitedAt: '11:00' });

    const rest: string[] = [];
    let cursor = first.nextCursor;
    while (cursor) {
      const p = await pageJson(household, `?limit=2&cursor=${encodeURIComponent(cursor)}`);
      rest.push(...p.entries.map(idOf));
      cursor = p.nextCursor;
    }
    // the rest of the pages are exactly what came after the first page, with the older visit at its place
    expect(rest).toEqual([...before.slice(2), `visit:${older}`]);
    expect(rest).not.toContain(`visit:${newest}`);
    // a fresh first page shows the new one
    expect((await pageJson(household, '?limit=2')).entries.map(idOf)[0]).toBe(`visit:${newest}`);
  });

  it('limit is bounded and a bad limit or cursor is a 422 with field messages in the caller’s language, never a 500', async () => {
    const { duty, record } = await staffHomeVisit(w);
    await record();
    const household = duty.household_id;
    const refusal = async (query: string, lang?: string) => {
      const res = await w.request(`/api/households/${household}/timeline${query}`, {
        cookie: await w.as('staff'),
        ...(lang ? { headers: { 'accept-language': lang } } : {}),
      });
      return [res.status, (await res.json()).error.fields] as const;
    };
    for (const limit of ['0', '101', '-1', '2.5', 'many']) {
      const [status, fields] = await refusal(`?limit=${limit}`);
      expect(status).toBe(422);
      expect(Object.keys(fields)).toEqual(['limit']);
    }
    expect((await pageJson(household, '?limit=100')).entries.length).toBeGreaterThan(0);
    expect(await refusal('?cursor=garbage')).toEqual([422, { cursor: '翻页位置无效，请从第一页重新加载。' }]);
    expect(await refusal('?cursor=garbage', 'en')).toEqual([
      422,
      { cursor: 'This page position is not valid; load the list again from the start.' },
    ]);
    for (const cursor of [
      '2026-02-30.0930.visit.1',
      '2026-11-23.2460.visit.1',
      '2026-11-23.0930.duty.1',
      '2026-11-23.0930.visit.0',
      '2026-11-23.0930.visit.99999999999999999999',
      "2026-11-23.0930.visit.1' or 1=1 --",
      'x'.repeat(500),
    ]) {
      const [status, fields] = await refusal(`?cursor=${encodeURIComponent(cursor)}`);
      expect([status, Object.keys(fields)]).toEqual([422, ['cursor']]);
    }
    // a well-formed cursor past every entry is an empty last page
    expect(await pageJson(household, '?cursor=2000-01-01.0000.ticket.1')).toMatchObject({
      entries: [],
      nextCursor: null,
    });
  });

  it('who may read it is unchanged: out of scope is 404, without the capability 403, whatever the cursor', async () => {
    const { duty, record } = await staffHomeVisit(w);
    await record();
    await record({ visitedAt: '09:00' });
    const first = await pageJson(duty.household_id, '?limit=1');
    const next = `?limit=1&cursor=${encodeURIComponent(first.nextCursor!)}`;
    expect((await page(duty.household_id, next)).status).toBe(200);
    expect((await page(duty.household_id, next, 'hr')).status).toBe(403);
    const far = await w.sql.value<number>(
      'select id from households where project_id = ? order by id limit 1',
      w.ids.westProject,
    );
    expect((await page(far, next)).status).toBe(404);
    expect((await page(far, '?cursor=garbage', 'hr')).status).toBe(403);
  });
});
