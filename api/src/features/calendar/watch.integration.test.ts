import { remindMissingNotices } from './service.ts';
import { hashDemoPassword, planDemo } from '@frontline/db/seed';
import { factories } from '@frontline/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, T0, type Harness } from '../../testing/harness.ts';

/** Late November 2026, 2027's notice not in: who is told, and what a provisional date says. */
let h: Harness;
let cookie: { admin: string; pm: string };
let pmDuty = 0;
const mail = {
  from: { name: '一线', email: 'frontline@frontline.test' },
  origin: 'http://localhost',
  host: 'frontline.test',
  alarmMinutes: 30,
};

beforeAll(async () => {
  h = await createHarness({ seed: false });
  const f = factories(h.db, T0);
  const passwordHash = await hashDemoPassword();
  const region = await f.region();
  const project = await f.project(region.id);
  const pm = await f.employee({
    position: 'project_head',
    line: 'president_office',
    regionId: region.id,
    projectId: project.id,
    login: 'pm.t',
    passwordHash,
  });
  await f.employee({ position: 'system_admin', line: null, login: 'sys.t', passwordHash });
  await f.employee({ position: 'system_admin', line: null, email: 'other-admin@frontline.test' });
  await planDemo(h.db, '2026-11-23', T0);
  pmDuty = await h.sql.value<number>(`select id from duties where employee_id = ? and period_key = '2027-M2'`, pm.id);
  cookie = { admin: await h.signIn('sys.t'), pm: await h.signIn('pm.t') };
});
afterAll(async () => h.cleanup());

describe('the year-end watch', () => {
  it('tells system admins which notice is missing, and nobody else', async () => {
    expect((await (await h.request('/api/me', { cookie: cookie.admin })).json()).calendarWatch).toEqual([2027]);
    expect((await (await h.request('/api/me', { cookie: cookie.pm })).json()).calendarWatch).toEqual([]);
  });

  it('mails each active system admin once a week while the notice is missing', async () => {
    expect(await remindMissingNotices(h.db, { today: '2026-11-23', watchFrom: '11-01', mail, at: T0 })).toBe(2);
    expect(await remindMissingNotices(h.db, { today: '2026-11-25', watchFrom: '11-01', mail, at: T0 })).toBe(0);
    expect(await remindMissingNotices(h.db, { today: '2026-11-30', watchFrom: '11-01', mail, at: T0 })).toBe(2);
    // Before the watch date, nothing yet.
    expect(await remindMissingNotices(h.db, { today: '2026-10-20', watchFrom: '11-01', mail, at: T0 })).toBe(0);
  });
});

describe('a provisional date', () => {
  it('is marked on the duty, and a likely holiday draws a warning when chosen', async () => {
    const { duty } = await (await h.request(`/api/duties/${pmDuty}`, { cookie: cookie.pm })).json();
    expect(duty.provisional).toBe(true);
    // 2027-02-09 is a Tuesday inside the Spring Festival break the law's principles make likely.
    const res = await h.request(`/api/duties/${pmDuty}/schedule`, {
      cookie: cookie.pm,
      json: { date: '2027-02-09' },
      headers: { 'accept-language': 'en' },
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.warnings).toEqual([
      { code: 'DATE_LIKELY_HOLIDAY', message: expect.stringContaining('likely to be a Spring Festival holiday') },
    ]);
    const plain = await h.request(`/api/duties/${pmDuty}/schedule`, {
      cookie: cookie.pm,
      json: { date: '2027-02-17' },
    });
    expect((await plain.json()).warnings).toEqual([]);
    // A statutory day is refused outright, as any holiday.
    const holiday = await h.request(`/api/duties/${pmDuty}/schedule`, {
      cookie: cookie.pm,
      json: { date: '2027-02-08' },
    });
    expect(holiday.status).toBe(422);
  });

  it('says so in the calendar feed', async () => {
    const { url } = await (await h.request('/api/me/feed', { cookie: cookie.pm })).json();
    // Unfolded: long lines continue on the next after CRLF and a space.
    const ics = (await (await h.request(new URL(url).pathname)).text()).replace(/\r\n /g, '');
    expect(ics).toContain('（暂定）');
    expect(ics).toContain('暂定：2027 年放假安排尚未公布');
  });
});
