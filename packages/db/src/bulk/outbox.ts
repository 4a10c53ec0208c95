import type { MailDraft } from '@frontline/core';
import type BetterSqlite3 from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import type { Recipient } from '../repositories/outbox.ts';

/**
 * The outbox's insert on the raw driver, for synchronous work inside
 * `exclusive` (roll-up transactions on prepared statements). The same row as
 * `enqueueMail` writes: a message with a dedupe key already queued is skipped.
 * SQLite only (it takes the raw handle): on PostgreSQL that work is async in
 * a Kysely transaction and calls `enqueueMail` with it.
 */
export function enqueueMailSync(
  sqlite: BetterSqlite3.Database,
  draft: MailDraft & Recipient,
  at: number,
  host: string,
): boolean {
  const result = sqlite
    .prepare(
      `insert into outbox (kind, to_address, to_name, to_employee_id, subject, body_text, ics, ics_method, ref, dedupe_key, message_id, status, attempts, next_attempt_at, created_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?) on conflict (dedupe_key) do nothing`,
    )
    .run(
      draft.kind,
      draft.to.email,
      draft.to.name,
      draft.employeeId,
      draft.subject,
      draft.text,
      draft.ics?.content ?? null,
      draft.ics?.method ?? null,
      draft.ref ?? null,
      draft.dedupeKey ?? null,
      `<${randomUUID()}@${host}>`,
      at,
      at,
    );
  return result.changes > 0;
}
