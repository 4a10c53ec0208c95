import {
  claimDueMail,
  markMailFailed,
  markMailSent,
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
 */
export type Mailer = { deliverDue(): Promise<{ sent: number; failed: number; stored: number }>; close(): void };

const LEASE_MS = 5 * 60_000;
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
  },
): Mailer {
  let running: Promise<{ sent: number; failed: number; stored: number }> | null = null;
  async function run() {
    const counts = { sent: 0, failed: 0, stored: 0 };
    if (!o.transport) {
      counts.stored = await storePendingMail(db);
      return counts;
    }
    for (;;) {
      const batch = await claimDueMail(db, o.now(), BATCH, LEASE_MS);
      if (!batch.length) return counts;
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
      }
    }
  }
  return {
    // One delivery pass at a time; a call during a pass waits for it.
    deliverDue: () => (running ??= run().finally(() => (running = null))),
    close: () => o.transport?.close(),
  };
}
