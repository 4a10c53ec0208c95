import { describe, expect, it } from 'vitest';
import type { Locale } from '../result.ts';
import type { ReceptionDayEvent } from '../reception/ics.ts';
import {
  bookingNotice,
  calendarWatchMail,
  dutyReminder,
  inviteMail,
  receptionDateNotice,
  receptionReminder,
  weeklyDigest,
  type MailDraft,
} from '../reception/mail.ts';
import { revealLimitAlert, REVEAL_LIMIT } from '../reveal-limit.ts';
import { planReopened, verificationAssigned } from '../rollup/mail.ts';
import { ticketMail, type TicketMailKind } from '../tickets/mail.ts';
import { MAIL_TEXT } from './catalogue.ts';

/**
 * Every message in both languages, with what people typed in plain ASCII:
 * an English message then holds no Chinese character and no full-width
 * punctuation, and a Chinese one no English sentence of ours.
 */
const event: ReceptionDayEvent = {
  uid: 'reception-7@frontline.test',
  sequence: 1,
  date: '2026-12-03',
  startTime: '09:00',
  endTime: '11:30',
  topic: 'Handover',
  projectName: 'Riverside',
  venueKind: 'sales_office',
  executive: { name: 'Wang', email: 'wang@example.cn' },
  rosterUrl: 'https://frontline.test/receptions/7',
  provisional: true,
};

const TICKET_KINDS: TicketMailKind[] = [
  'assigned',
  'reminder',
  'breached',
  'escalated',
  'crisis',
  'reopened',
  'regional',
];

function everyMessage(locale: Locale): MailDraft[] {
  const to = { name: 'Lee', email: 'lee@example.cn', locale, employeeId: 3 };
  const duty = { kind: 'home_visit' as const, projectName: 'Riverside', eventTitle: null };
  const invite = {
    method: 'REQUEST' as const,
    event,
    organizer: { name: 'Frontline', email: 'frontline@frontline.test' },
    attendees: [event.executive],
    stamp: 0,
    alarmMinutes: 30,
  };
  return [
    ...(['new', 'updated', 'moved', 'cancelled', 'removed'] as const).map((change) =>
      inviteMail(invite, to, change, 'clash'),
    ),
    ...(['moved', 'released'] as const).map((change) =>
      bookingNotice({
        to,
        change,
        event,
        households: ['1-2-1**1', '3-1-8*2'],
        reason: 'trip',
        link: 'https://x.test/r',
      }),
    ),
    dutyReminder({ to, dutyId: 5, duty, dueTo: '2026-12-31', link: 'https://x.test/d/5' }),
    receptionReminder({ to, dayId: 7, event, bookings: 1 }),
    weeklyDigest({
      to,
      week: '2026-W49',
      rows: [{ employeeName: 'Chen', duty, dueTo: '2026-11-30' }],
      total: 2,
      link: 'https://x.test/compliance',
    }),
    receptionDateNotice({
      to,
      dayId: 7,
      date: '2026-12-03',
      now: { zh: '法定节假日', en: 'public holiday' },
      proposed: '2026-12-04',
      link: 'https://x.test/r/7',
    }),
    receptionDateNotice({
      to,
      dayId: 7,
      date: '2026-12-03',
      now: { zh: '法定节假日', en: 'public holiday' },
      proposed: null,
      link: 'https://x.test/r/7',
    }),
    calendarWatchMail({ to, year: 2027, week: '2026-W45', link: 'https://x.test/admin/calendar' }),
    verificationAssigned({
      to,
      planId: 1,
      planTitle: 'Seal windows',
      dutyId: 2,
      dueTo: '2026-12-20',
      link: 'https://x.test/p/1',
    }),
    planReopened({ to, planId: 1, planTitle: 'Seal windows', reports: 2, link: 'https://x.test/p/1', at: 0 }),
    ...TICKET_KINDS.map((kind) =>
      ticketMail({
        to,
        recipientId: 3,
        kind,
        ticket: { id: 9, type: 'repair', description: 'Leak', projectName: 'Riverside', round: 0 },
        resolveBy: Date.UTC(2026, 11, 3, 10, 0),
        link: 'https://x.test/t/9',
      }),
    ),
    revealLimitAlert({
      to,
      recipientId: 3,
      person: { id: 4, name: 'Chen', employeeNo: 'e000004' },
      policy: REVEAL_LIMIT,
      at: 0,
      link: 'https://x.test/admin/audit',
    }),
  ];
}

// CJK characters and the full-width punctuation Chinese text uses (，。：；（）「」“”、！？).
const CHINESE = /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”]/;

describe('the mail catalogue', () => {
  it('writes every English message in English, with English punctuation', () => {
    for (const m of everyMessage('en')) {
      expect(m.subject, m.subject).toMatch(/^\[Frontline\] /);
      expect(m.subject, m.subject).not.toMatch(CHINESE);
      expect(m.text, m.subject).not.toMatch(CHINESE);
      expect(m.text.startsWith('Hello Lee,\n'), m.subject).toBe(true);
      if (m.ics) {
        expect(m.ics.content).toContain('SUMMARY:Reception day · Handover');
        expect(m.ics.content).toContain('LOCATION:Riverside sales office');
      }
    }
  });

  it('writes every Chinese message in Chinese only', () => {
    for (const m of everyMessage('zh-CN')) {
      expect(m.subject, m.subject).toMatch(/^\[一线\] /);
      expect(m.text.startsWith('Lee，您好：\n'), m.subject).toBe(true);
      // None of our English sentences (what people typed is ASCII here and may appear).
      expect(m.text, m.subject).not.toMatch(/\b(Please|Your|You|The|Open it|Roster|Details|Hello)\b/);
      if (m.ics) {
        expect(m.ics.content).toContain('SUMMARY:客户接待日 · Handover');
        expect(m.ics.content).toContain('LOCATION:Riverside 售楼处');
        expect(m.ics.content).not.toContain('Reception day');
      }
    }
  });

  it('gives the same messages the same dedupe keys and refs in either language', () => {
    const keys = (locale: Locale) => everyMessage(locale).map((m) => [m.kind, m.dedupeKey, m.ref]);
    expect(keys('en')).toEqual(keys('zh-CN'));
  });

  it('counts in English words: one household, two duties', () => {
    const [, , , , , , , , reminder, digest] = everyMessage('en');
    expect(reminder!.text).toContain('1 household booked');
    expect(digest!.text).toContain('2 duties in your scope are overdue (the first 1 below):');
    expect(digest!.text).toContain('- Chen: Home visit · Riverside (2026-11-30)');
  });

  it('names a duty and a venue in the reader’s language', () => {
    const duty = { kind: 'verification' as const, projectName: '滨江府', eventTitle: null };
    expect(MAIL_TEXT['zh-CN'].dutyTitle(duty)).toBe('整改回访验证 · 滨江府');
    expect(MAIL_TEXT.en.dutyTitle(duty)).toBe('Verification revisit · 滨江府');
    expect(MAIL_TEXT['zh-CN'].venue('滨江府', 'customer_centre')).toBe('滨江府 客户中心');
    expect(MAIL_TEXT.en.venue('滨江府', 'customer_centre')).toBe('滨江府 customer centre');
  });
});
