import ICAL from 'ical.js';
import { simpleParser } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { claimDueMail, listOutbox, renewMailLeases, type Db } from '@frontline/db';
import { openSecondConnection } from '@frontline/db/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { T0 } from '../testing/harness.ts';
import { presidentsDay } from '../testing/reception.ts';
import { createWorld, type World } from '../testing/world.ts';
import { runReminders } from '../features/outbox/reminders.ts';
import { createMailer, createTransport, MAIL_LEASE_MS } from './mailer.ts';

/**
 * Delivery through a real SMTP conversation with a server started in-process
 * (one for the file); each test has its own small group, clock and inbox.
 */
let h: World;
let server: SMTPServer;
let port: number;
const received: { from: string; to: string[]; raw: string }[] = [];
let refuse = false;
/** How long the server waits before it answers a message's data (a slow mail server). */
let replyDelayMs = 0;

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (refuse) return callback(Object.assign(new Error('mailbox unavailable'), { responseCode: 450 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        setTimeout(callback, replyDelayMs);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

let clock = T0;
beforeEach(async () => {
  h = await createWorld();
  clock = T0;
  received.length = 0;
  refuse = false;
  replyDelayMs = 0;
});
afterEach(async () => h.cleanup());

const settings = {
  from: { name: '一线 Frontline', email: 'frontline@frontline.test' },
  origin: 'https://frontline.test',
  host: 'frontline.test',
  alarmMinutes: 30,
};
const mailer = () =>
  createMailer(h.db, { transport: createTransport(`smtp://127.0.0.1:${port}`), settings, now: () => clock });

/** The president's afternoon reception day on `date` (2026-12-02 unless told), as the API sets it up. */
const makeDay = (topic: string, date = '2026-12-02') =>
  presidentsDay(h, { topic, date, venueKind: 'sales_office', startTime: '14:00', endTime: '16:00' });

describe('mail delivery over SMTP', () => {
  it('sends an invite as text plus text/calendar;method=REQUEST, marks it sent, and a hostile topic adds no header', async () => {
    const day = await makeDay('交付沟通\r\nBcc: victim@evil.test');
    const result = await mailer().deliverDue();
    expect(result).toMatchObject({ sent: 1, failed: 0 });
    expect(received).toHaveLength(1);
    const [message] = received;
    expect(message!.to).toEqual([await h.sql.value(`select email from employees where login = 'president'`)]);
    expect(message!.from).toBe('frontline@frontline.test');

    const headerBlock = message!.raw.split(/\r\n\r\n/)[0]!;
    expect(headerBlock).not.toMatch(/^bcc:/im);
    expect(headerBlock).toMatch(/^Content-Type: multipart\/mixed/im);
    expect(message!.raw).toMatch(/Content-Type: multipart\/alternative/i);
    expect(message!.raw).toMatch(/Content-Type: text\/plain; charset=utf-8/i);
    expect(message!.raw).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=REQUEST/i);
    expect(message!.raw).toMatch(/Content-Type: application\/ics; name=invite\.ics/i);

    const parsed = await simpleParser(message!.raw);
    expect(parsed.subject).toContain('交付沟通 Bcc: victim@evil.test');
    expect(parsed.text).toContain('2026-12-02 14:00–16:00');
    // The Message-ID was fixed when the message was queued: a resend after a crash is recognisably the same message.
    expect(parsed.messageId).toBe(await h.sql.value('select message_id from outbox order by id desc limit 1'));
    const calendarPart = parsed.attachments.find(
      (a) => a.contentType === 'text/calendar' || a.contentType === 'application/ics',
    )!;
    const cal = new ICAL.Component(ICAL.parse(calendarPart.content.toString('utf8')));
    expect(cal.getFirstPropertyValue('method')).toBe('REQUEST');
    expect(cal.getFirstSubcomponent('vevent')!.getFirstPropertyValue('uid')).toBe(day.uid);

    const [row] = (await listOutbox(h.db, { offset: 0, limit: 10 })).items;
    expect(row).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('a refused message is retried with backoff, visible with its error, and never lost', async () => {
    const { id: dayId } = await makeDay('交付沟通');
    // The invite is delivered; the move's update meets a refusing server.
    expect((await mailer().deliverDue()).sent).toBe(1);
    refuse = true;
    const cr = await h.as('president');
    expect(
      (
        await h.request(`/api/reception-days/${dayId}/move`, {
          cookie: cr,
          json: { date: '2026-12-04', reason: '调整' },
        })
      ).status,
    ).toBe(200);
    const first = await mailer().deliverDue();
    expect(first.failed).toBe(1);
    const failed = (await h.sql.get(
      `select status, attempts, last_error, next_attempt_at from outbox order by id desc limit 1`,
    ))!;
    expect(failed).toMatchObject({ status: 'pending', attempts: 1 });
    expect(String(failed.last_error)).toMatch(/mailbox unavailable/);
    expect(failed.next_attempt_at).toBe(clock + 60_000);
    // Not due yet: nothing happens.
    expect((await mailer().deliverDue()).failed).toBe(0);
    refuse = false;
    clock += 61_000;
    expect((await mailer().deliverDue()).sent).toBe(1);
    expect(received.at(-1)!.raw).toMatch(/SEQUENCE:1/);
  });

  it('a message claimed by a sender that died is claimed again after the short lease, not before', async () => {
    const { id: dayId } = await makeDay('交付沟通');
    expect((await mailer().deliverDue()).sent).toBe(1);
    const cr = await h.as('president');
    await h.request(`/api/reception-days/${dayId}/move`, {
      cookie: cr,
      json: { date: '2026-12-07', reason: '再调整' },
    });
    // The "crashed" sender claims and is gone: it never sends, never renews, never reports back.
    const claimed = await claimDueMail(h.db, clock, 10, MAIL_LEASE_MS, 'dead-server');
    expect(claimed).toHaveLength(1);
    // Another sender cannot renew the dead one's lease.
    expect(await renewMailLeases(h.db, 'another-server', [claimed[0]!.id], clock, MAIL_LEASE_MS)).toBe(0);
    expect((await mailer().deliverDue()).sent).toBe(0);
    clock += MAIL_LEASE_MS;
    expect((await mailer().deliverDue()).sent).toBe(0);
    clock += 1;
    expect((await mailer().deliverDue()).sent).toBe(1);
    expect(received).toHaveLength(2);
    expect(
      await h.sql.get('select status, lease_until, lease_holder from outbox where id = ?', claimed[0]!.id),
    ).toEqual({ status: 'sent', lease_until: null, lease_holder: null });
  });

  describe('a send slower than the lease', () => {
    // Real time here: the renewals are a timer. The lease is 600 ms (renewed every 100 ms), the server takes 2 s to answer.
    const LEASE = 600;
    let started = 0;
    const live = () => T0 + (Date.now() - started);
    const slowMailer = (db: Db, renewEveryMs: number) =>
      createMailer(db, {
        transport: createTransport(`smtp://127.0.0.1:${port}`),
        settings,
        now: live,
        leaseMs: LEASE,
        renewEveryMs,
      });

    /** One sender sends the invite while a second one, on its own connection, tries every 100 ms; the sends each made. */
    async function sendWhileAnotherTries(renewEveryMs: number) {
      await makeDay('交付沟通');
      started = Date.now();
      replyDelayMs = 2_000;
      const other = await openSecondConnection(h.db);
      try {
        const first = slowMailer(h.db, renewEveryMs);
        const second = slowMailer(other, renewEveryMs);
        let done = false;
        const sending = first.deliverDue().finally(() => (done = true));
        let secondSent = 0;
        while (!done) {
          await new Promise((resolve) => setTimeout(resolve, 100));
          if (!done) secondSent += (await second.deliverDue()).sent;
        }
        const firstSent = (await sending).sent;
        first.close();
        second.close();
        return { firstSent, secondSent };
      } finally {
        await other.close();
      }
    }

    it('is renewed while it runs: nobody else claims it, and it is sent exactly once', async () => {
      expect(await sendWhileAnotherTries(100)).toEqual({ firstSent: 1, secondSent: 0 });
      expect(received).toHaveLength(1);
      const [row] = (await listOutbox(h.db, { offset: 0, limit: 10 })).items;
      expect(row).toMatchObject({ status: 'sent', attempts: 1 });
    });

    it('without the renewals its lease would lapse and a second sender send it again (what they prevent)', async () => {
      const { firstSent, secondSent } = await sendWhileAnotherTries(60_000);
      expect(firstSent + secondSent).toBe(2);
      expect(received).toHaveLength(2);
    });
  });

  it('without a mail server, messages stay in the outbox as stored', async () => {
    const { id: dayId } = await makeDay('交付沟通');
    expect((await mailer().deliverDue()).sent).toBe(1);
    await h.request(`/api/reception-days/${dayId}/move`, {
      cookie: await h.as('president'),
      json: { date: '2026-12-08', reason: '又调整' },
    });
    const outboxOnly = createMailer(h.db, { transport: null, settings, now: () => clock });
    expect((await outboxOnly.deliverDue()).stored).toBe(1);
    expect(await h.sql.value(`select status from outbox order by id desc limit 1`)).toBe('stored');
  });
});

describe('reminder jobs', () => {
  it('queue duty reminders, the day-before reception reminder and the Monday digest once, however often they run', async () => {
    // A reception day tomorrow.
    await makeDay('交付沟通', '2026-12-08');
    const run = () => runReminders(h.db, { today: '2026-12-07', dutyDays: 3, mail: settings, at: clock });
    const first = await run();
    expect(first.receptionReminders).toBeGreaterThan(0);
    expect(first.dutyReminders + first.digests).toBeGreaterThan(0);
    const count = await h.sql.value('select count(*) from outbox');
    expect(await run()).toEqual({ dutyReminders: 0, receptionReminders: 0, digests: 0 });
    expect(await h.sql.value('select count(*) from outbox')).toBe(count);
    const reminder = await h.sql.value<string>(
      `select subject from outbox where dedupe_key like 'remind:reception:%' order by id limit 1`,
    );
    expect(reminder).toContain('明日接待');
  });
});
