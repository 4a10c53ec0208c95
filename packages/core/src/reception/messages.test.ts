import { describe, expect, it } from 'vitest';
import type { DutyState } from '../duties/lifecycle.ts';
import {
  dayInvites,
  dutyAfterReceptionCancelled,
  noticeRecipients,
  ownerNotices,
  receptionPastProblem,
  type MailParty,
  type ReceptionDayFacts,
} from './messages.ts';

const day: ReceptionDayFacts = {
  id: 7,
  uid: 'reception-1@frontline.test',
  sequence: 2,
  date: '2026-12-10',
  startTime: '09:00',
  endTime: '10:00',
  topic: '交付沟通',
  projectName: '滨江一号',
  venueKind: 'customer_centre',
  employeeId: 1,
  employeeName: '总裁',
  status: 'open',
  provisional: false,
};
const mail = {
  from: { name: '一线', email: 'frontline@frontline.test' },
  origin: 'https://frontline.test',
  host: 'frontline.test',
  alarmMinutes: 30,
};
const parties = new Map<number, MailParty>([
  [1, { employeeId: 1, name: '总裁', email: 'p@frontline.test', locale: 'zh-CN' }],
  [2, { employeeId: 2, name: 'Jamie', email: 's@frontline.test', locale: 'en' }],
]);

describe('reception messages', () => {
  it('invites each recipient once, in their own message, and skips who has no address', () => {
    const drafts = dayInvites(
      day,
      { method: 'REQUEST', change: 'moved', recipients: [1, 2, 2, 3], attendees: [1, 2, 3], note: '会议冲突' },
      parties,
      mail,
      0,
    );
    expect(drafts.map((d) => [d.employeeId, d.kind, d.to.email])).toEqual([
      [1, 'invite', 'p@frontline.test'],
      [2, 'invite', 's@frontline.test'],
    ]);
    expect(drafts[0]!.ics!.content).toContain('SEQUENCE:2');
  });

  it('writes each invite in its recipient’s language: subject, body and the calendar entry', () => {
    const [zh, en] = dayInvites(
      day,
      { method: 'REQUEST', change: 'moved', recipients: [1, 2], attendees: [1, 2], note: '会议冲突' },
      parties,
      mail,
      0,
    );
    expect(zh!.subject).toBe('[一线] 改期：客户接待日 2026-12-10 09:00–10:00 · 交付沟通');
    expect(zh!.text.split('\n')).toEqual([
      '总裁，您好：',
      '',
      '请在日历中接受或拒绝以下客户接待日。',
      '时间：2026-12-10 09:00–10:00（北京时间）',
      '地点：滨江一号 客户中心',
      '主题：交付沟通',
      '说明：会议冲突',
      '预约名单：https://frontline.test/receptions/7',
    ]);
    expect(zh!.ics!.content).toContain('SUMMARY:客户接待日 · 交付沟通');
    expect(en!.subject).toBe('[Frontline] Moved: reception day 2026-12-10 09:00–10:00 · 交付沟通');
    expect(en!.text.split('\n')).toEqual([
      'Hello Jamie,',
      '',
      'Please accept or decline this reception day in your calendar.',
      'When: 2026-12-10 09:00–10:00 (China Standard Time)',
      'Where: 滨江一号 customer centre',
      'Topic: 交付沟通',
      'Note: 会议冲突',
      'Roster: https://frontline.test/receptions/7',
    ]);
    expect(en!.ics!.content).toContain('SUMMARY:Reception day · 交付沟通');
    expect(en!.ics!.content).toContain('LOCATION:滨江一号 customer centre');
  });

  it('tells each household’s owner and its booker once, with the households masked', () => {
    const byPerson = noticeRecipients([
      { bookedBy: 2, ownerEmployeeId: 2, building: '1', unit: '2', room: '1501' },
      { bookedBy: 2, ownerEmployeeId: 1, building: '3', unit: '1', room: '802' },
    ]);
    expect([...byPerson]).toEqual([
      [2, ['1-2-1**1', '3-1-8*2']],
      [1, ['3-1-8*2']],
    ]);
    const notices = ownerNotices(day, byPerson, 'released', '临时出差', parties, mail);
    expect(notices.map((n) => [n.employeeId, n.kind, n.subject])).toEqual([
      [2, 'notice', '[Frontline] Booking released: 2026-12-10'],
      [1, 'notice', '[一线] 预约已释放：2026-12-10'],
    ]);
    expect(notices[0]!.text).toContain('Households: 1-2-1**1, 3-1-8*2');
    expect(notices[1]!.text).toContain('住户：3-1-8*2');
  });
});

describe('reception rules', () => {
  it('a day before today is over: no change and no booking', () => {
    expect(receptionPastProblem({ date: '2026-11-20' }, '2026-11-23')).toEqual({ code: 'RECEPTION_PAST' });
    expect(receptionPastProblem({ date: '2026-11-23' }, '2026-11-23')).toBeNull();
  });

  it('a cancelled day’s duty is owed again: scheduled goes back to planned, delegated keeps its deputy, others stay', () => {
    const duty: DutyState = {
      status: 'scheduled',
      employeeId: 1,
      scheduledOn: '2026-12-10',
      completedOn: null,
      attendedBy: null,
      deputyId: null,
      reason: null,
      notes: null,
      approvedBy: null,
    };
    expect(dutyAfterReceptionCancelled(duty)).toMatchObject({ status: 'planned', scheduledOn: null });
    expect(dutyAfterReceptionCancelled({ ...duty, status: 'delegated', deputyId: 2 })).toMatchObject({
      status: 'delegated',
      deputyId: 2,
      scheduledOn: null,
    });
    expect(dutyAfterReceptionCancelled({ ...duty, status: 'done' })).toBeNull();
  });
});
