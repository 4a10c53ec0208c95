import ICAL from 'ical.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { presidentsDay } from '../../testing/reception.ts';
import { recentFeeds } from './service.ts';
import { createWorld, type World } from '../../testing/world.ts';

/** Calendar feeds through the API, on a small group planned from T0 (Monday 2026-11-23). */
let w: World;
beforeEach(async () => {
  w = await createWorld();
});
afterEach(async () => w.cleanup());

/** The president cancels a reception day of theirs. */
async function cancel(dayId: number) {
  expect(
    (
      await w.request(`/api/reception-days/${dayId}/cancel`, {
        cookie: await w.as('president'),
        json: { reason: '临时出差' },
      })
    ).status,
  ).toBe(200);
}

/** The president's reception day on 2026-12-02, set up and then cancelled. */
async function cancelledDay() {
  await cancel((await presidentsDay(w)).id);
}

describe('calendar feed', () => {
  it('serves the caller’s reception days at a private URL; rotating and revoking answer 404 at the old URL', async () => {
    await cancelledDay();
    const president = await w.as('president');
    const { url, webcal } = await (await w.request('/api/me/feed', { cookie: president })).json();
    expect(webcal).toMatch(/^webcal:\/\//);
    const path = new URL(url).pathname;
    expect((await (await w.request('/api/me/feed', { cookie: president })).json()).url).toBe(url);
    const feed = await w.request(path);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const cal = new ICAL.Component(ICAL.parse(await feed.text()));
    const events = cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(
      events.some((e) => e.uid.startsWith('reception-') && e.component.getFirstPropertyValue('status') === 'CANCELLED'),
    ).toBe(true);
    const pmFeed = await (await w.request('/api/me/feed', { cookie: await w.as('pm') })).json();
    const pmEvents = new ICAL.Component(
      ICAL.parse(await (await w.request(new URL(pmFeed.url).pathname)).text()),
    ).getAllSubcomponents('vevent');
    expect(
      pmEvents.some(
        (v) =>
          String(v.getFirstPropertyValue('uid')).startsWith('duty-') && v.getFirstProperty('dtstart')!.type === 'date',
      ),
    ).toBe(true);

    const rotated = await (await w.request('/api/me/feed/rotate', { cookie: president, json: {} })).json();
    expect(rotated.url).not.toBe(url);
    expect((await w.request(path)).status).toBe(404);
    expect((await w.request(new URL(rotated.url).pathname)).status).toBe(200);
    expect((await w.request('/api/me/feed', { method: 'DELETE', cookie: president })).status).toBe(204);
    expect((await w.request(new URL(rotated.url).pathname)).status).toBe(404);
    expect((await w.request('/api/feeds/not-a-token.ics')).status).toBe(404);
  });

  it('audits rotating and revoking', async () => {
    const president = await w.as('president');
    await w.request('/api/me/feed/rotate', { cookie: president, json: {} });
    await w.request('/api/me/feed', { method: 'DELETE', cookie: president });
    const actions = await w.sql.values(
      `select action from audit_log where action like 'feed.%' and entity_id = ? order by id`,
      String(w.id('president')),
    );
    expect(actions).toEqual(['feed.rotate', 'feed.revoke']);
  });

  describe('ETag', () => {
    /** The president's feed path, and a GET of it with If-None-Match. */
    async function presidentsFeed() {
      const { url } = await (await w.request('/api/me/feed', { cookie: await w.as('president') })).json();
      const path = new URL(url).pathname;
      return { path, get: (etag?: string) => w.request(path, etag ? { headers: { 'if-none-match': etag } } : {}) };
    }

    it('answers 304 with no body when If-None-Match names the current tag, and 200 otherwise', async () => {
      await presidentsDay(w);
      const feed = await presidentsFeed();
      const first = await feed.get();
      expect(first.status).toBe(200);
      const etag = first.headers.get('etag')!;
      expect(etag).toMatch(/^W\/"[A-Za-z0-9_-]{32}"$/);
      const again = await feed.get(etag);
      expect(again.status).toBe(304);
      expect(await again.text()).toBe('');
      expect(again.headers.get('etag')).toBe(etag);
      expect(again.headers.get('cache-control')).toBe('private, max-age=300');
      // Weak comparison, lists and `*`, as RFC 9110 has it; someone else's tag is a 200.
      expect((await feed.get(etag.slice(2))).status).toBe(304);
      expect((await feed.get(`"other", ${etag}`)).status).toBe(304);
      expect((await feed.get('*')).status).toBe(304);
      expect((await feed.get('W/"other"')).status).toBe(200);
      // A later request, inputs unchanged: the same tag.
      w.advance(60_000);
      expect((await feed.get()).headers.get('etag')).toBe(etag);
    });

    it('changes with each thing the calendar is made of, and the new calendar says so', async () => {
      const day = await presidentsDay(w);
      const feed = await presidentsFeed();
      const seen = new Set<string>();
      /** The current tag; it must be new, and the old one now gets the whole calendar. */
      async function changed(what: string): Promise<string> {
        const res = await feed.get([...seen].join(', ') || undefined);
        expect(res.status, what).toBe(200);
        const etag = res.headers.get('etag')!;
        expect(seen.has(etag)).toBe(false);
        seen.add(etag);
        expect((await feed.get(etag)).status).toBe(304);
        return res.text();
      }
      await changed('first');

      // The reception day is cancelled.
      await cancel(day.id);
      expect(await changed('cancelled')).toContain('STATUS:CANCELLED');

      // One of their other duties (a reception duty with no day yet: an all-day entry) is moved.
      const duty = await w.sql.get<{ id: number; due_to: string }>(
        `select id, due_to from duties where employee_id = ? and due_to >= '2027-01-01'
         and id not in (select duty_id from reception_days) order by due_to limit 1`,
        w.id('president'),
      );
      expect(duty).toBeDefined();
      await w.sql.run(`update duties set proposed_on = null, scheduled_on = due_to where id = ?`, duty!.id);
      expect(await changed('moved')).toContain(`DTSTART;VALUE=DATE:${duty!.due_to.replaceAll('-', '')}`);

      // The project is renamed: its name is in the events.
      await w.sql.run(`update projects set name = '滨江二号' where id = ?`, w.ids.project);
      expect(await changed('renamed')).toContain('滨江二号');

      // They switch to English.
      expect(
        (
          await w.request('/api/me/language', {
            method: 'PUT',
            cookie: await w.as('president'),
            json: { language: 'en' },
          })
        ).status,
      ).toBe(200);
      expect(await changed('language')).toMatch(/Reception/);

      // The window (90 days back, a year ahead) moves on: a day passing changes nothing here, but
      // 100 days later the cancelled day of 2 December has left it.
      w.advance(86_400_000);
      expect((await feed.get([...seen].join(', '))).status).toBe(304);
      w.advance(99 * 86_400_000);
      expect(await changed('window')).not.toContain('STATUS:CANCELLED');
    });

    it('serves a rebuilt calendar the same as a remembered one, and a revoked URL is 404 whatever it sends', async () => {
      await presidentsDay(w);
      const feed = await presidentsFeed();
      const built = await feed.get();
      const etag = built.headers.get('etag')!;
      const text = await built.text();
      const remembered = await feed.get();
      expect(await remembered.text()).toBe(text);
      recentFeeds.clear();
      const rebuilt = await feed.get();
      expect(rebuilt.headers.get('etag')).toBe(etag);
      // The same events; only DTSTAMP (when the calendar was written) may differ.
      const withoutStamps = (ics: string) => ics.replace(/^DTSTAMP:.*$/gm, '');
      expect(withoutStamps(await rebuilt.text())).toBe(withoutStamps(text));

      expect((await w.request('/api/me/feed', { method: 'DELETE', cookie: await w.as('president') })).status).toBe(204);
      expect((await feed.get(etag)).status).toBe(404);
    });
  });
});
