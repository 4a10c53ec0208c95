import {
  dayInvites,
  isSafeEmail,
  MAIL_KINDS,
  MAIL_MAX_ATTEMPTS,
  mailRetryDelayMs,
  type DayMessage,
  type MailDraft,
  type MailKind,
  type MailParty,
  type MailSettings,
  type ReceptionDayFacts,
} from '@frontline/core';
import { randomUUID } from 'node:crypto';
import type { ExpressionBuilder, Selectable } from 'kysely';
import type { Db } from '../open.ts';
import type { Database, OutboxTable } from '../schema.ts';
import { caseInsensitiveLike } from '../dialect/index.ts';
import { executorOf, type Executor, type Reader } from '../unit-of-work.ts';
import { localeOf, oneOf, oneOfOrNull } from './columns.ts';

/**
 * The transactional outbox: a message is a row written in the same
 * transaction as the change it reports, before anyone tries to send it.
 * Delivery claims rows with a lease, so a process that dies mid-send leaves
 * them to be claimed again (at-least-once; the stable Message-ID lets mail
 * servers and readers recognise a repeat).
 */

export type OutboxStatus = OutboxTable['status'];

const ICS_METHODS = ['REQUEST', 'CANCEL'] as const;

export type OutboxMessage = {
  id: number;
  kind: MailKind;
  toAddress: string;
  toName: string;
  toEmployeeId: number | null;
  subject: string;
  text: string;
  ics: string | null;
  icsMethod: 'REQUEST' | 'CANCEL' | null;
  ref: string | null;
  dedupeKey: string | null;
  messageId: string;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  createdAt: number;
  sentAt: number | null;
};

function toMessage(r: Selectable<OutboxTable>): OutboxMessage {
  return {
    id: r.id,
    kind: oneOf(MAIL_KINDS, r.kind, 'outbox.kind'),
    toAddress: r.to_address,
    toName: r.to_name,
    toEmployeeId: r.to_employee_id,
    subject: r.subject,
    text: r.body_text,
    ics: r.ics,
    icsMethod: oneOfOrNull(ICS_METHODS, r.ics_method, 'outbox.ics_method'),
    ref: r.ref,
    dedupeKey: r.dedupe_key,
    messageId: r.message_id,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    lastError: r.last_error,
    createdAt: r.created_at,
    sentAt: r.sent_at,
  };
}

export type Recipient = { employeeId: number | null };

/**
 * Queues a message with the caller's transaction. A message with a dedupe key
 * that is already queued is skipped (jobs that run twice send once); returns
 * whether it was queued.
 */
export async function enqueueMail(
  tx: Executor,
  draft: MailDraft & Recipient,
  at: number,
  host: string,
): Promise<boolean> {
  const result = await tx
    .insertInto('outbox')
    .values({
      kind: draft.kind,
      to_address: draft.to.email,
      to_name: draft.to.name,
      to_employee_id: draft.employeeId,
      subject: draft.subject,
      body_text: draft.text,
      ics: draft.ics?.content ?? null,
      ics_method: draft.ics?.method ?? null,
      ref: draft.ref ?? null,
      dedupe_key: draft.dedupeKey ?? null,
      message_id: `<${randomUUID()}@${host}>`,
      status: 'pending',
      attempts: 0,
      next_attempt_at: at,
      created_at: at,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/**
 * Takes up to `limit` due messages for sending (pending, or sending with an
 * expired lease) for `holder`, leased until `now + leaseMs`, in a transaction
 * of its own. The update checks again that each row is still due, so of two
 * senders that read the same rows (PostgreSQL lets both read them) only one
 * takes each; the answer is what this holder took.
 */
export async function claimDueMail(
  db: Db,
  now: number,
  limit: number,
  leaseMs: number,
  holder: string,
): Promise<OutboxMessage[]> {
  const due = (eb: ExpressionBuilder<Database, 'outbox'>) =>
    eb.or([
      eb.and([eb('status', '=', 'pending'), eb('next_attempt_at', '<=', now)]),
      eb.and([eb('status', '=', 'sending'), eb('lease_until', '<', now)]),
    ]);
  return db.kysely.transaction().execute(async (trx) => {
    const ids = (await trx.selectFrom('outbox').select('id').where(due).orderBy('id').limit(limit).execute()).map(
      (r) => r.id,
    );
    if (!ids.length) return [];
    const rows = await trx
      .updateTable('outbox')
      .set({ status: 'sending', lease_until: now + leaseMs, lease_holder: holder })
      .where('id', 'in', ids)
      .where(due)
      .returningAll()
      .execute();
    return rows.sort((a, b) => a.id - b.id).map(toMessage);
  });
}

/**
 * Extends `holder`'s leases on the messages `ids` it is still sending to
 * `now + leaseMs`; a message it no longer holds (sent, failed, or taken by
 * another sender after its lease ran out) is left alone. Returns how many
 * were renewed.
 */
export async function renewMailLeases(
  x: Reader,
  holder: string,
  ids: readonly number[],
  now: number,
  leaseMs: number,
): Promise<number> {
  if (!ids.length) return 0;
  const r = await executorOf(x)
    .updateTable('outbox')
    .set({ lease_until: now + leaseMs })
    .where('id', 'in', [...ids])
    .where('status', '=', 'sending')
    .where('lease_holder', '=', holder)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function markMailSent(x: Reader, id: number, at: number): Promise<void> {
  await executorOf(x)
    .updateTable('outbox')
    .set((eb) => ({
      status: 'sent',
      sent_at: at,
      lease_until: null,
      lease_holder: null,
      last_error: null,
      attempts: eb('attempts', '+', 1),
    }))
    .where('id', '=', id)
    .execute();
}

/** Records a failed attempt: retried later with backoff, or failed for good after the last attempt. */
export async function markMailFailed(
  x: Reader,
  message: Pick<OutboxMessage, 'id' | 'attempts'>,
  error: string,
  at: number,
): Promise<OutboxStatus> {
  const attempts = message.attempts + 1;
  const status: OutboxStatus = attempts >= MAIL_MAX_ATTEMPTS ? 'failed' : 'pending';
  await executorOf(x)
    .updateTable('outbox')
    .set({
      status,
      attempts,
      last_error: error.slice(0, 1000),
      lease_until: null,
      lease_holder: null,
      next_attempt_at: at + mailRetryDelayMs(attempts),
    })
    .where('id', '=', message.id)
    .execute();
  return status;
}

/** With no mail server configured, the outbox is the destination: pending messages are kept there, readable in the app. */
export async function storePendingMail(x: Reader): Promise<number> {
  const r = await executorOf(x)
    .updateTable('outbox')
    .set({ status: 'stored', lease_until: null, lease_holder: null })
    .where('status', 'in', ['pending', 'sending'])
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** A failed (or only stored) message goes back in the queue. */
export async function retryMail(x: Reader, id: number, at: number): Promise<boolean> {
  const r = await executorOf(x)
    .updateTable('outbox')
    .set({ status: 'pending', attempts: 0, next_attempt_at: at, last_error: null })
    .where('id', '=', id)
    .where('status', 'in', ['failed', 'stored'])
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export type OutboxFilter = {
  status?: OutboxStatus | undefined;
  to?: string | undefined;
  ref?: string | undefined;
  offset: number;
  limit: number;
};

export async function listOutbox(
  x: Reader,
  f: OutboxFilter,
): Promise<{ items: OutboxMessage[]; total: number; counts: Record<OutboxStatus, number> }> {
  let q = executorOf(x).selectFrom('outbox');
  if (f.status) q = q.where('status', '=', f.status);
  if (f.to) {
    const like = caseInsensitiveLike(executorOf(x));
    q = q.where((eb) => eb.or([eb('to_address', like, `%${f.to}%`), eb('to_name', like, `%${f.to}%`)]));
  }
  if (f.ref) q = q.where('ref', '=', f.ref);
  const [rows, total, counts] = await Promise.all([
    q.selectAll().orderBy('id', 'desc').limit(f.limit).offset(f.offset).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    executorOf(x)
      .selectFrom('outbox')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('status')
      .execute(),
  ]);
  const byStatus: Record<OutboxStatus, number> = { pending: 0, sending: 0, sent: 0, failed: 0, stored: 0 };
  for (const c of counts) byStatus[c.status] = Number(c.n);
  return { items: rows.map(toMessage), total: Number(total.n), counts: byStatus };
}

export async function getOutboxMessage(x: Reader, id: number): Promise<OutboxMessage | undefined> {
  const row = await executorOf(x).selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toMessage(row);
}

/** The people's names, (safe) addresses and languages, for mail: who has no address is left out. */
export async function partiesOf(x: Reader, ids: readonly number[]): Promise<Map<number, MailParty>> {
  if (!ids.length) return new Map();
  const rows = await executorOf(x)
    .selectFrom('employees')
    .select(['id', 'name', 'email', 'language'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(
    rows.flatMap((r) =>
      r.email && isSafeEmail(r.email)
        ? [[r.id, { employeeId: r.id, name: r.name, email: r.email, locale: localeOf(r.language) }] as const]
        : [],
    ),
  );
}

/**
 * Queues a reception day's invites as core composes them (`dayInvites`): the
 * day as it now stands, one message to each recipient with a safe address.
 */
export async function queueDayInvites(
  tx: Executor,
  day: ReceptionDayFacts,
  message: DayMessage,
  mail: MailSettings,
  at: number,
): Promise<void> {
  const parties = await partiesOf(tx, [day.employeeId, ...message.recipients, ...message.attendees]);
  for (const draft of dayInvites(day, message, parties, mail, at)) await enqueueMail(tx, draft, at, mail.host);
}
