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
  venue: '滨江府 客户中心',
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
      fc.property(hostile(), hostile(1), (topic, venue) => {
        const text = receptionInvite({ ...input, event: { ...event, topic, venue } });
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
        expect(vevent.getFirstPropertyValue('location')).toBe(clean(venue));
        expect(vevent.getFirstPropertyValue('summary')).toBe(`客户接待日 Reception day · ${clean(topic)}`);
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
  it('holds reception days (timed, UTC) and duties (all-day), without METHOD', () => {
    const text = personalFeed({
      name: '王总 · 一线',
      host: 'frontline.test',
      stamp: input.stamp,
      receptionDays: [event, { ...event, uid: 'reception-8@frontline.test', date: '2026-12-10', cancelled: true }],
      duties: [
        {
          id: 5,
          title: '入户拜访',
          date: '2026-12-04',
          description: '每月入户拜访',
          url: 'https://frontline.test/duties/5',
        },
      ],
      alarmMinutes: 60,
    });
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
    expect(duty.startDate.toString()).toBe('2026-12-04');
    expect(duty.endDate.toString()).toBe('2026-12-05');
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
