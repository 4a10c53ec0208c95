import { factories } from '@frontline/db/testing';
import ICAL from 'ical.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { T0 } from '../../testing/harness.ts';
import { presidentsDay, type TestDay } from '../../testing/reception.ts';
import { createWorld, type World, type WorldLogin } from '../../testing/world.ts';
import { mailSettings } from '../../mail/settings.ts';
import { runReminders } from './reminders.ts';

/**
 * Each employee's mail, invites and feed are written in the language they
 * chose (个人中心): here the staff member (and in places the project head)
 * reads English, while the president and a colleague keep Chinese. The words
 * themselves are the mail catalogue's (unit-tested in core); this holds that
 * every path that writes to the outbox asks the recipient's stored language.
 */
let w: World;
beforeEach(async () => {
  w = await createWorld();
});
afterEach(async () => w.cleanup());

async function readsEnglish(login: WorldLogin) {
  const res = await w.request('/api/me/language', {
    method: 'PUT',
    cookie: await w.as(login),
    json: { language: 'en' },
  });
  expect(res.status).toBe(200);
}

type Mail = { kind: string; subject: string; body_text: string; ics: string | null };
const mailOf = (employeeId: number, where = '1 = 1', ...args: unknown[]) =>
  w.sql.all<Mail>(
    `select kind, subject, body_text, ics from outbox where to_employee_id = ? and ${where} order by id`,
    employeeId,
    ...args,
  );
const nameOf = (employeeId: number) => w.sql.value<string>('select name from employees where id = ?', employeeId);

/** The one event of an invite, as an independent parser reads it. */
function calendarOf(ics: string) {
  const cal = new ICAL.Component(ICAL.parse(ics));
  const e = cal.getFirstSubcomponent('vevent')!;
  return {
    method: cal.getFirstPropertyValue('method'),
    summary: e.getFirstPropertyValue('summary'),
    location: e.getFirstPropertyValue('location'),
    description: String(e.getFirstPropertyValue('description')),
  };
}

const CHINESE_WORDS = /您好|时间：|地点：|主题：|预约|接待日/;

async function bookOneOfMine(day: TestDay): Promise<void> {
  const f = factories(w.db, T0);
  const household = await f.household(w.ids.project, { building: '7', ownerEmployeeId: w.id('staff') });
  const res = await w.request(`/api/reception-days/${day.id}/bookings`, {
    cookie: await w.as('staff'),
    json: { slotId: day.slots[0]!.id, householdId: household.id, note: '' },
  });
  expect(res.status).toBe(201);
}

describe('mail in the recipient’s language', () => {
  it('reception invites, updates, cancellations and booking notices: English to who reads English, Chinese to the rest', async () => {
    await readsEnglish('staff');
    const day = await presidentsDay(w);
    await bookOneOfMine(day);
    const president = w.id('president');
    const staff = w.id('staff');

    const [toPresident] = await mailOf(president, 'kind = ?', 'invite');
    expect(toPresident!.subject).toBe('[一线] 邀请：客户接待日 2026-12-02 09:00–10:00 · 交付前沟通');
    expect(toPresident!.body_text.split('\n').slice(0, 5)).toEqual([
      `${await nameOf(president)}，您好：`,
      '',
      '请在日历中接受或拒绝以下客户接待日。',
      '时间：2026-12-02 09:00–10:00（北京时间）',
      '地点：滨江一号 客户中心',
    ]);
    expect(toPresident!.body_text).not.toMatch(/Hello|When:|Roster/);
    const zhInvite = calendarOf(toPresident!.ics!);
    expect(zhInvite).toMatchObject({
      method: 'REQUEST',
      summary: '客户接待日 · 交付前沟通',
      location: '滨江一号 客户中心',
    });
    expect(zhInvite.description).toMatch(/^主题：交付前沟通\n地点：滨江一号 客户中心\n接待人：/);

    const [toStaff] = await mailOf(staff, 'kind = ?', 'invite');
    expect(toStaff!.subject).toBe('[Frontline] Invitation: reception day 2026-12-02 09:00–10:00 · 交付前沟通');
    expect(toStaff!.body_text.split('\n').slice(0, 5)).toEqual([
      `Hello ${await nameOf(staff)},`,
      '',
      'Please accept or decline this reception day in your calendar.',
      'When: 2026-12-02 09:00–10:00 (China Standard Time)',
      'Where: 滨江一号 customer centre',
    ]);
    expect(toStaff!.body_text).not.toMatch(CHINESE_WORDS);
    const enInvite = calendarOf(toStaff!.ics!);
    expect(enInvite).toMatchObject({
      method: 'REQUEST',
      summary: 'Reception day · 交付前沟通',
      location: '滨江一号 customer centre',
    });
    expect(enInvite.description).toMatch(/^Topic: 交付前沟通\nVenue: 滨江一号 customer centre\nHost: /);
    expect(enInvite.description).toContain('Roster (sign-in required): ');
    expect(toStaff!.ics).toContain('PRODID:-//Frontline//Frontline 一线//EN');

    // The president moves the day: each attendee's update and the staff member's booking notice, each in their language.
    const moved = await w.request(`/api/reception-days/${day.id}/move`, {
      cookie: await w.as('president'),
      json: { date: '2026-12-08', reason: '会议冲突' },
    });
    expect(moved.status).toBe(200);
    expect((await mailOf(president, 'kind = ?', 'invite')).at(-1)!.subject).toBe(
      '[一线] 改期：客户接待日 2026-12-08 09:00–10:00 · 交付前沟通',
    );
    const staffUpdate = (await mailOf(staff, 'kind = ?', 'invite')).at(-1)!;
    expect(staffUpdate.subject).toBe('[Frontline] Moved: reception day 2026-12-08 09:00–10:00 · 交付前沟通');
    expect(staffUpdate.body_text).toContain('\nNote: 会议冲突\n');
    const [movedNotice] = await mailOf(staff, 'kind = ?', 'notice');
    expect(movedNotice!.subject).toBe('[Frontline] Booking moved: 2026-12-08 09:00–10:00');
    expect(movedNotice!.body_text).toMatch(/\nHouseholds: 7-1-\S+\nReason: 会议冲突\n/);

    // Then cancels it.
    const cancelled = await w.request(`/api/reception-days/${day.id}/cancel`, {
      cookie: await w.as('president'),
      json: { reason: '临时出差' },
    });
    expect(cancelled.status).toBe(200);
    const [zhCancel] = await mailOf(president, 'kind = ?', 'cancel');
    expect(zhCancel!.subject).toBe('[一线] 已取消：客户接待日 2026-12-08 09:00–10:00 · 交付前沟通');
    expect(calendarOf(zhCancel!.ics!)).toMatchObject({ method: 'CANCEL', summary: '客户接待日 · 交付前沟通' });
    const [enCancel] = await mailOf(staff, 'kind = ?', 'cancel');
    expect(enCancel!.subject).toBe('[Frontline] Cancelled: reception day 2026-12-08 09:00–10:00 · 交付前沟通');
    expect(enCancel!.body_text).toContain('This reception day has been cancelled.');
    expect(calendarOf(enCancel!.ics!)).toMatchObject({ method: 'CANCEL', summary: 'Reception day · 交付前沟通' });
    const released = (await mailOf(staff, 'kind = ?', 'notice')).at(-1)!;
    expect(released.subject).toBe('[Frontline] Booking released: 2026-12-08');
    expect(released.body_text).not.toMatch(CHINESE_WORDS);
  });

  it('switching back to Chinese makes the next message Chinese', async () => {
    await readsEnglish('president');
    const day = await presidentsDay(w);
    const res = await w.request('/api/me/language', {
      method: 'PUT',
      cookie: await w.as('president'),
      json: { language: 'zh-CN' },
    });
    expect(res.status).toBe(200);
    const moved = await w.request(`/api/reception-days/${day.id}/move`, {
      cookie: await w.as('president'),
      json: { date: '2026-12-08', reason: '调整' },
    });
    expect(moved.status).toBe(200);
    expect((await mailOf(w.id('president'))).map((m) => m.subject.split(' ')[0])).toEqual(['[Frontline]', '[一线]']);
  });

  it('reminders and the Monday digest', async () => {
    await readsEnglish('staff');
    await readsEnglish('pm');
    const day = await presidentsDay(w, { date: '2026-12-08' });
    await bookOneOfMine(day);
    const settings = mailSettings({ origin: 'https://frontline.test' });

    // The day before the reception day.
    await runReminders(w.db, { today: '2026-12-07', dutyDays: 3, mail: settings, at: T0 });
    const reminder = (id: number) => mailOf(id, `dedupe_key like 'remind:reception:%'`);
    expect((await reminder(w.id('president'))).map((m) => m.subject)).toEqual([
      '[一线] 明日接待：2026-12-08 09:00–10:00 · 滨江一号 客户中心',
    ]);
    const [toStaff] = await reminder(w.id('staff'));
    expect(toStaff!.subject).toBe(
      '[Frontline] Tomorrow: reception day 2026-12-08 09:00–10:00 · 滨江一号 customer centre',
    );
    expect(toStaff!.body_text).toContain('topic "交付前沟通", 1 household booked.');

    // The last days of December: duty reminders.
    await runReminders(w.db, { today: '2026-12-28', dutyDays: 3, mail: settings, at: T0 + 1 });
    const dutyReminders = (id: number) => mailOf(id, `dedupe_key like 'remind:duty:%'`);
    const en = await dutyReminders(w.id('staff'));
    const zh = await dutyReminders(w.ids.colleague);
    expect(en.length).toBeGreaterThan(0);
    expect(zh.length).toBeGreaterThan(0);
    for (const m of en) {
      expect(m.subject).toMatch(/^\[Frontline\] Reminder: [A-Z][a-z -]+ · .+ is due by 2026-12-(29|30|31)$/);
      expect(m.body_text).toMatch(
        /^Hello .+,\n\n".+" is due by 2026-12-\d\d\.\nOpen it: https:\/\/frontline\.test\/duties\/\d+$/,
      );
    }
    for (const m of zh) expect(m.subject).toMatch(/^\[一线\] 提醒：.+ · .+ 须于 2026-12-\d\d 前完成$/);

    // Both runs were on Mondays: the project head's digests of the November duties left undone.
    const digests = await mailOf(w.id('pm'), `kind = 'digest'`);
    expect(digests.length).toBeGreaterThan(0);
    expect(digests[0]!.subject).toMatch(/^\[Frontline\] Weekly overdue duties 2026-W50: \d+$/);
    expect(digests[0]!.body_text).toMatch(
      /duties? in your scope (is|are) overdue:\n- .+: Home visit · 滨江一号 \(2026-11-30\)\n/,
    );
    expect(digests[0]!.body_text).not.toMatch(CHINESE_WORDS);
  });

  it('the calendar feed is in its owner’s language', async () => {
    await readsEnglish('staff');
    const day = await presidentsDay(w);
    await bookOneOfMine(day);
    const feedOf = async (login: WorldLogin) => {
      const { url } = await (await w.request('/api/me/feed', { cookie: await w.as(login) })).json();
      const cal = new ICAL.Component(ICAL.parse(await (await w.request(new URL(url).pathname)).text()));
      return {
        name: cal.getFirstPropertyValue('x-wr-calname'),
        events: cal.getAllSubcomponents('vevent').map((v) => ({
          uid: String(v.getFirstPropertyValue('uid')),
          summary: String(v.getFirstPropertyValue('summary')),
          description: String(v.getFirstPropertyValue('description')),
        })),
      };
    };
    const en = await feedOf('staff');
    expect(en.name).toBe(`Frontline · ${await nameOf(w.id('staff'))}`);
    expect(en.events.find((e) => e.uid.startsWith('reception-'))!.summary).toBe('Reception day · 交付前沟通');
    const duties = en.events.filter((e) => e.uid.startsWith('duty-'));
    expect(duties.length).toBeGreaterThan(0);
    for (const d of duties) {
      expect(d.summary).toMatch(/^(Home visit|Checkpoint event|Reception day|Verification revisit|Ticket follow-up)/);
      expect(d.description).not.toMatch(/入户拜访|节点活动|客户接待日|暂定/);
    }

    const zh = await feedOf('president');
    expect(zh.name).toBe(`一线 · ${await nameOf(w.id('president'))}`);
    expect(zh.events.find((e) => e.uid.startsWith('reception-'))!.summary).toBe('客户接待日 · 交付前沟通');
  });
});
