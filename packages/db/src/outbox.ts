import { MAIL_MAX_ATTEMPTS, mailRetryDelayMs, type MailDraft, type MailKind } from '@frontline/core';
import { randomUUID } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely, Selectable } from 'kysely';
import type { Db } from './open.ts';
import type { Database, OutboxTable } from './schema.ts';

/**
 * The transactional outbox: a message is a row written in the same
 * transaction as the change it reports, before anyone tries to send it.
 * Delivery claims rows with a lease, so a process that dies mid-send leaves
 * them to be claimed again (at-least-once; the stable Message-ID lets mail
 * servers and readers recognise a repeat).
 */

export type OutboxStatus = OutboxTable['status'];

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
    id: r.id, kind: r.kind as MailKind, toAddress: r.to_address, toName: r.to_name, toEmployeeId: r.to_employee_id, subject: r.subject,
    text: r.body_text, ics: r.ics, icsMethod: r.ics_method as OutboxMessage['icsMethod'], ref: r.ref, dedupeKey: r.dedupe_key,
    messageId: r.message_id, status: r.status, attempts: r.attempts, nextAttemptAt: r.next_attempt_at, lastError: r.last_error,
    createdAt: r.created_at, sentAt: r.sent_at,
  };
}

export type Recipient = { employeeId: number | null };

/**
 * Queues a message with the caller's transaction. A message with a dedupe key
 * that is already queued is skipped (jobs that run twice send once); returns
 * whether it was queued.
 */
export async function enqueueMail(trx: Kysely<Database>, draft: MailDraft & Recipient, at: number, host: string): Promise<boolean> {
  const result = await trx
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

/** Takes up to `limit` due messages for sending (pending, or sending with an expired lease). */
export async function claimDueMail(db: Db, now: number, limit: number, leaseMs: number): Promise<OutboxMessage[]> {
  return db.kysely.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('outbox')
      .selectAll()
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'pending'), eb('next_attempt_at', '<=', now)]),
          eb.and([eb('status', '=', 'sending'), eb('lease_until', '<', now)]),
        ]),
      )
      .orderBy('id')
      .limit(limit)
      .execute();
    if (rows.length) {
      await trx
        .updateTable('outbox')
        .set({ status: 'sending', lease_until: now + leaseMs })
        .where('id', 'in', rows.map((r) => r.id))
        .execute();
    }
    return rows.map((r) => toMessage({ ...r, status: 'sending' }));
  });
}

export async function markMailSent(db: Db, id: number, at: number): Promise<void> {
  await db.kysely
    .updateTable('outbox')
    .set((eb) => ({ status: 'sent', sent_at: at, lease_until: null, last_error: null, attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

/** Records a failed attempt: retried later with backoff, or failed for good after the last attempt. */
export async function markMailFailed(db: Db, message: Pick<OutboxMessage, 'id' | 'attempts'>, error: string, at: number): Promise<OutboxStatus> {
  const attempts = message.attempts + 1;
  const status: OutboxStatus = attempts >= MAIL_MAX_ATTEMPTS ? 'failed' : 'pending';
  await db.kysely
    .updateTable('outbox')
    .set({ status, attempts, last_error: error.slice(0, 1000), lease_until: null, next_attempt_at: at + mailRetryDelayMs(attempts) })
    .where('id', '=', message.id)
    .execute();
  return status;
}

/** With no mail server configured, the outbox is the destination: pending messages are kept there, readable in the app. */
export async function storePendingMail(db: Db): Promise<number> {
  const r = await db.kysely.updateTable('outbox').set({ status: 'stored', lease_until: null }).where('status', 'in', ['pending', 'sending']).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** A failed (or only stored) message goes back in the queue. */
export async function retryMail(db: Db, id: number, at: number): Promise<boolean> {
  const r = await db.kysely
    .updateTable('outbox')
    .set({ status: 'pending', attempts: 0, next_attempt_at: at, last_error: null })
    .where('id', '=', id)
    .where('status', 'in', ['failed', 'stored'])
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export type OutboxFilter = { status?: OutboxStatus | undefined; to?: string | undefined; ref?: string | undefined; offset: number; limit: number };

export async function listOutbox(db: Db, f: OutboxFilter): Promise<{ items: OutboxMessage[]; total: number; counts: Record<OutboxStatus, number> }> {
  let q = db.kysely.selectFrom('outbox');
  if (f.status) q = q.where('status', '=', f.status);
  if (f.to) q = q.where((eb) => eb.or([eb('to_address', 'like', `%${f.to}%`), eb('to_name', 'like', `%${f.to}%`)]));
  if (f.ref) q = q.where('ref', '=', f.ref);
  const [rows, total, counts] = await Promise.all([
    q.selectAll().orderBy('id', 'desc').limit(f.limit).offset(f.offset).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    db.kysely.selectFrom('outbox').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute(),
  ]);
  const byStatus = { pending: 0, sending: 0, sent: 0, failed: 0, stored: 0 } as Record<OutboxStatus, number>;
  for (const c of counts) byStatus[c.status] = Number(c.n);
  return { items: rows.map(toMessage), total: Number(total.n), counts: byStatus };
}

export async function getOutboxMessage(db: Db, id: number): Promise<OutboxMessage | undefined> {
  const row = await db.kysely.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toMessage(row);
}

/** The same, from synchronous work inside `exclusive` (roll-up transactions on prepared statements). */
export function enqueueMailSync(sqlite: BetterSqlite3.Database, draft: MailDraft & Recipient, at: number, host: string): boolean {
  const result = sqlite
    .prepare(
      `insert into outbox (kind, to_address, to_name, to_employee_id, subject, body_text, ics, ics_method, ref, dedupe_key, message_id, status, attempts, next_attempt_at, created_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?) on conflict (dedupe_key) do nothing`,
    )
    .run(draft.kind, draft.to.email, draft.to.name, draft.employeeId, draft.subject, draft.text, draft.ics?.content ?? null, draft.ics?.method ?? null, draft.ref ?? null, draft.dedupeKey ?? null, `<${randomUUID()}@${host}>`, at, at);
  return result.changes > 0;
}
