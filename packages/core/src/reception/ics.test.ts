import fc from 'fast-check';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { headerText, personalFeed, receptionInvite, type InviteInput, type ReceptionDayEvent } from './ics.ts';

const executive = { name: '王总', email: 'wang@example.cn' };
const event: ReceptionDayEvent = {
  uid: 'reception-7@frontline.test',
  sequence: 2,
  date: '2026-12-03',
  startTime: '09:00',
  endTime: '11:30',
  topic: '交付前沟通',
  projectName: '滨江府',
  venueKind: 'customer_centre',
  executive,
  rosterUrl: 'https://frontline.test/receptions/7',
};
const input: InviteInput = {
  method: 'REQUEST',
  event,
  organizer: { name: '一线 Frontline', email: 'frontline@frontline.test' },
  attendees: [executive, { name: '李四', email: 'li@example.cn' }],
  stamp: Date.UTC(2026, 10, 23, 2, 0),
  alarmMinutes: 30,
  locale: 'zh-CN',
};

/** Parses with ical.js, an implementation independent of the generator. */
function parse(text: string) {
  const cal = new ICAL.Component(ICAL.parse(text));
  const vevent = cal.getFirstSubcomponent('vevent')!;
  return { cal, vevent, event: new ICAL.Event(vevent) };
}

describe('receptionInvite', () => {
  it('is a REQUEST with the stable UID, its SEQUENCE, a current DTSTAMP and the times in UTC', () => {
    const { cal, vevent, event: e } = parse(receptionInvite(input));
    expect(cal.getFirstPropertyValue('method')).toBe('REQUEST');
    expect(e.uid).toBe('reception-7@frontline.test');
    expect(e.sequence).toBe(2);
    expect(vevent.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect((vevent.getFirstPropertyValue('dtstamp') as ICAL.Time).toJSDate().toISOString()).toBe(
      '2026-11-23T02:00:00.000Z',
    );
    expect(e.startDate.toJSDate().toISOString()).toBe('2026-12-03T01:00:00.000Z');
    expect(e.endDate.toJSDate().toISOString()).toBe('2026-12-03T03:30:00.000Z');
    expect(e.startDate.zone?.tzid).toBe('UTC');
  });

  it('names the organizer and asks each attendee to reply, the executive as required', () => {
    const { vevent } = parse(receptionInvite(input));
    expect(vevent.getFirstPropertyValue('organizer')).toBe('mailto:frontline@frontline.test');
    const attendees = vevent.getAllProperties('attendee');
    expect(
      attendees.map((a) => [String(a.getFirstValue()).toLowerCase(), a.getParameter('rsvp'), a.getParameter('role')]),
    ).toEqual([
      ['mailto:wang@example.cn', 'TRUE', 'REQ-PARTICIPANT'],
      ['mailto:li@example.cn', 'TRUE', 'OPT-PARTICIPANT'],
    ]);
  });

  it('reminds 30 minutes before', () => {
    const { vevent } = parse(receptionInvite(input));
    const alarm = vevent.getFirstSubcomponent('valarm')!;
    expect(alarm.getFirstPropertyValue('action')).toBe('DISPLAY');
    expect(String(alarm.getFirstPropertyValue('trigger'))).toBe('-PT30M');
  });

  it('a cancellation is METHOD:CANCEL with STATUS:CANCELLED, the same UID and no alarm', () => {
    const {
      cal,
      vevent,
      event: e,
    } = parse(receptionInvite({ ...input, method: 'CANCEL', event: { ...event, sequence: 3 } }));
    expect(cal.getFirstPropertyValue('method')).toBe('CANCEL');
    expect(vevent.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(e.uid).toBe(event.uid);
    expect(e.sequence).toBe(3);
    expect(vevent.getFirstSubcomponent('valarm')).toBeNull();
  });

  it('speaks the recipient’s language: summary, description, location and the alarm', () => {
    const zh = parse(receptionInvite({ ...input, event: { ...event, provisional: true } })).vevent;
    expect(zh.getFirstPropertyValue('summary')).toBe('客户接待日 · 交付前沟通');
    expect(zh.getFirstPropertyValue('location')).toBe('滨江府 客户中心');
    expect(String(zh.getFirstPropertyValue('description'))).toMatch(
      /^主题：交付前沟通\n地点：滨江府 客户中心\n接待人：王总/,
    );
    expect(String(zh.getFirstPropertyValue('description'))).toContain('暂定：2026 年放假安排尚未公布');
    expect(String(zh.getFirstPropertyValue('description'))).not.toMatch(/Topic|Roster/);

    const english = { ...input, locale: 'en' as const, event: { ...event, topic: 'Handover', provisional: true } };
    const text = receptionInvite(english);
    const en = parse(text).vevent;
    expect(en.getFirstPropertyValue('summary')).toBe('Reception day · Handover');
    expect(en.getFirstPropertyValue('location')).toBe('滨江府 customer centre');
    const description = String(en.getFirstPropertyValue('description'));
    expect(description).toBe(
      [
        'Topic: Handover',
        'Venue: 滨江府 customer centre',
        'Host: 王总',
        '',
        'Provisional: the 2026 holiday notice is not out yet; if this day becomes a holiday you will be told of a new date.',
        '',
        'Roster (sign-in required): https://frontline.test/receptions/7',
      ].join('\n'),
    );
    expect(en.getFirstSubcomponent('valarm')!.getFirstPropertyValue('description')).toBe('Reception day · Handover');
    expect(text).toContain('PRODID:-//Frontline//Frontline 一线//EN');
  });

  it('carries no customer data: only the roster link', () => {
    const text = receptionInvite(input);
    expect(text).toContain('frontline.test/receptions/7');
    expect(text).not.toMatch(/1\d{10}/);
  });

  // Chinese, the characters iCalendar escapes, line breaks of every kind and emoji, in any mix.
  const hostile = (minLength = 0) =>
    fc
      .array(
        fc.constantFrom(
          '交',
          '付',
          '，',
          ',',
          ';',
          '\\',
          ':',
          '\n',
          '\r\n',
          '\r',
          '😀',
          '👩‍👩‍👧',
          'a',
          ' ',
          'ATTENDEE:mailto:x@evil.test',
          '"',
          '\t',
          '\u0000',
          'é',
        ),
        { minLength, maxLength: 80 },
      )
      .map((parts) => parts.join(''));

  it('any topic and venue round-trip through an independent parser and never add a line or property', () => {
    fc.assert(
      fc.property(hostile(), hostile(1), (topic, projectName) => {
        const text = receptionInvite({ ...input, event: { ...event, topic, projectName } });
        const { vevent } = parse(text);
        // Properties are exactly the ones we set.
        expect(vevent.getAllProperties('attendee')).toHaveLength(2);
        expect(
          vevent
            .getAllProperties()
            .map((p) => p.name)
            .sort(),
        ).toEqual(
          [
            'attendee',
            'attendee',
            'description',
            'dtend',
            'dtstamp',
            'dtstart',
            'location',
            'organizer',
            'sequence',
            'status',
            'summary',
            'uid',
            'url',
          ].sort(),
        );
        // eslint-disable-next-line no-control-regex -- the expected cleaning
        const clean = (s: string) => s.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0009\u000b-\u001f]/g, ' ');
        expect(vevent.getFirstPropertyValue('location')).toBe(clean(`${projectName} 客户中心`));
        expect(vevent.getFirstPropertyValue('summary')).toBe(`客户接待日 · ${clean(topic)}`);
      }),
    );
  });

  it('folds lines at 75 octets without splitting a UTF-8 character, and ends lines with CRLF', () => {
    fc.assert(
      fc.property(hostile(), (topic) => {
        const text = receptionInvite({ ...input, event: { ...event, topic: topic + '交付'.repeat(60) } });
        expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
        for (const line of text.split('\r\n')) {
          const bytes = Buffer.from(line, 'utf8');
          expect(bytes.length).toBeLessThanOrEqual(75);
          // Decoding the line on its own gives no replacement character: no character was cut.
          expect(new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toBe(line);
        }
      }),
    );
  });
});

describe('personalFeed', () => {
  const feed = (locale: 'zh-CN' | 'en') => ({
    name: '王总',
    locale,
    host: 'frontline.test',
    stamp: input.stamp,
    receptionDays: [event, { ...event, uid: 'reception-8@frontline.test', date: '2026-12-10', cancelled: true }],
    duties: [
      {
        id: 5,
        kind: 'home_visit' as const,
        projectName: '滨江府',
        eventTitle: null,
        date: '2027-01-04',
        dueFrom: '2027-01-01',
        dueTo: '2027-01-31',
        provisional: true,
        url: 'https://frontline.test/duties/5',
      },
    ],
    alarmMinutes: 60,
  });

  it('holds reception days (timed, UTC) and duties (all-day), without METHOD', () => {
    const text = personalFeed(feed('zh-CN'));
    const cal = new ICAL.Component(ICAL.parse(text));
    expect(cal.getFirstPropertyValue('method')).toBeNull();
    const events = cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events.map((e) => e.uid)).toEqual([
      'reception-7@frontline.test',
      'reception-8@frontline.test',
      'duty-5@frontline.test',
    ]);
    expect(events[1]!.component.getFirstPropertyValue('status')).toBe('CANCELLED');
    const duty = events[2]!;
    expect(duty.startDate.isDate).toBe(true);
    expect(duty.startDate.toString()).toBe('2027-01-04');
    expect(duty.endDate.toString()).toBe('2027-01-05');
    expect(cal.getFirstPropertyValue('x-wr-calname')).toBe('一线 · 王总');
    expect(duty.summary).toBe('入户拜访 · 滨江府（暂定）');
    expect(duty.description).toBe(
      '入户拜访\n2027-01-01 – 2027-01-31\n\n暂定：2027 年放假安排尚未公布，如遇放假将另行通知改期。',
    );
  });

  it('is in its owner’s language', () => {
    const cal = new ICAL.Component(ICAL.parse(personalFeed(feed('en'))));
    expect(cal.getFirstPropertyValue('x-wr-calname')).toBe('Frontline · 王总');
    const [day, , duty] = cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(day!.summary).toBe('Reception day · 交付前沟通');
    expect(day!.location).toBe('滨江府 customer centre');
    expect(duty!.summary).toBe('Home visit · 滨江府 (provisional)');
    expect(duty!.description).toMatch(/^Home visit\n2027-01-01 – 2027-01-31\n\nProvisional: the 2027 holiday notice/);
  });
});

describe('headerText', () => {
  it('never leaves a line break in a header value', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(headerText(s)).not.toMatch(/[\r\n]/);
      }),
    );
    expect(headerText('接待\r\nBcc: x@evil.test')).toBe('接待 Bcc: x@evil.test');
  });
});
