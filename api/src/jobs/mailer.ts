import { randomUUID } from 'node:crypto';
import {
  claimDueMail,
  markMailFailed,
  markMailSent,
  renewMailLeases,
  storePendingMail,
  type Db,
  type MailSettings,
  type OutboxMessage,
} from '@frontline/db';
import nodemailer, { type Transporter } from 'nodemailer';

/**
 * Delivers the outbox. With a mail server (FRONTLINE_SMTP_URL) each due
 * message is claimed with a lease, sent, and marked sent; a failure is
 * retried with backoff until it is marked failed. Without one, messages stay
 * in the outbox (status stored), readable in the app.
 *
 * The lease is short and renewed while the pass that claimed it runs: a
 * timer extends the leases of the messages this sender claimed and has not
 * finished, and stops with the pass. A sender that dies (no more renewals)
 * leaves its messages to another after about one lease; a slow mail server
 * never lets a second sender send the same message while the first is alive.
 */
export type Mailer = { deliverDue(): Promise<{ sent: number; failed: number; stored: number }>; close(): void };

/** How long a claim holds without renewal: about how long a dead sender's messages wait. */
export const MAIL_LEASE_MS = 30_000;
/** How often a running pass renews its leases: well inside one lease, so one late renewal does not lose it. */
export const MAIL_RENEW_EVERY_MS = 10_000;
const BATCH = 50;

export function createTransport(smtpUrl: string): Transporter {
  return nodemailer.createTransport(smtpUrl);
}

/** The message as nodemailer composes it: text body plus the invite as text/calendar;method=… (and as invite.ics). */
export function mailOptions(m: OutboxMessage, from: MailSettings['from']) {
  return {
    from: { name: from.name, address: from.email },
    to: { name: m.toName, address: m.toAddress },
    subject: m.subject,
    text: m.text,
    messageId: m.messageId,
    // Header values are built by nodemailer from these fields; none carries raw user input with line breaks.
    disableUrlAccess: true,
    disableFileAccess: true,
    ...(m.ics && m.icsMethod ? { icalEvent: { method: m.icsMethod, filename: 'invite.ics', content: m.ics } } : {}),
  };
}

export function createMailer(
  db: Db,
  o: {
    transport: Transporter | null;
    settings: MailSettings;
    now: () => number;
    onError?: (m: OutboxMessage, e: unknown) => void;
    /** This sender's id in the leases (a fresh one by default). */
    holder?: string;
    leaseMs?: number;
    renewEveryMs?: number;
  },
): Mailer {
  const holder = o.holder ?? randomUUID();
  const leaseMs = o.leaseMs ?? MAIL_LEASE_MS;
  const renewEveryMs = o.renewEveryMs ?? MAIL_RENEW_EVERY_MS;
  let running: Promise<{ sent: number; failed: number; stored: number }> | null = null;
  async function run() {
    const counts = { sent: 0, failed: 0, stored: 0 };
    if (!o.transport) {
      counts.stored = await storePendingMail(db);
      return counts;
    }
    for (;;) {
      const batch = await claimDueMail(db, o.now(), BATCH, leaseMs, holder);
      if (!batch.length) return counts;
      // Claimed and not finished: the leases the timer renews.
      const open = new Set(batch.map((m) => m.id));
      const renewal = setInterval(() => {
        // A renewal that fails (the database busy for a moment) is tried again at the next tick, inside the lease.
        renewMailLeases(db, holder, [...open], o.now(), leaseMs).catch(() => {});
      }, renewEveryMs);
      renewal.unref();
      try {
        for (const m of batch) {
          try {
            await o.transport.sendMail(mailOptions(m, o.settings.from));
            await markMailSent(db, m.id, o.now());
            counts.sent++;
          } catch (e) {
            await markMailFailed(db, m, e instanceof Error ? e.message : String(e), o.now());
            counts.failed++;
            o.onError?.(m, e);
          }
          open.delete(m.id);
        }
      } finally {
        clearInterval(renewal);
      }
    }
  }
  return {
    // One delivery pass at a time; a call during a pass waits for it.
    deliverDue: () => (running ??= run().finally(() => (running = null))),
    close: () => o.transport?.close(),
  };
}
