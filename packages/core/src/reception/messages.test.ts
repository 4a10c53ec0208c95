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
  venue: '滨江一号 客户中心',
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
  [1, { employeeId: 1, name: '总裁', email: 'p@frontline.test' }],
  [2, { employeeId: 2, name: '员工', email: 's@frontline.test' }],
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
    expect(notices.map((n) => [n.employeeId, n.kind])).toEqual([
      [2, 'notice'],
      [1, 'notice'],
    ]);
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
