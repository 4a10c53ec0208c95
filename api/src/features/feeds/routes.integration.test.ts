import ICAL from 'ical.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { presidentsDay } from '../../testing/reception.ts';
import { createWorld, type World } from '../../testing/world.ts';

/** Calendar feeds through the API, on a small group planned from T0 (Monday 2026-11-23). */
let w: World;
beforeEach(async () => {
  w = await createWorld();
});
afterEach(async () => w.cleanup());

/** The president's reception day on 2026-12-02, set up and then cancelled. */
async function cancelledDay() {
  const day = await presidentsDay(w);
  expect(
    (
      await w.request(`/api/reception-days/${day.id}/cancel`, {
        cookie: await w.as('president'),
        json: { reason: '临时出差' },
      })
    ).status,
  ).toBe(200);
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
});
