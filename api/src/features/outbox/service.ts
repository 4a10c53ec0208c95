import { err, ok, type AppError, type Result } from '@frontline/core';
import {
  getOutboxMessage,
  retryMail,
  writeAudit,
  type AuditContext,
  type Db,
  type OutboxMessage,
  inTransaction,
} from '@frontline/db';

/**
 * The outbox as system admins handle it: a failed (or only stored) message
 * queued again, audited in the same transaction.
 */
export async function retryMessage(
  db: Db,
  id: number,
  ctx: AuditContext,
): Promise<Result<OutboxMessage, AppError> | undefined> {
  if (!(await getOutboxMessage(db, id))) return undefined;
  return inTransaction(db, async (tx) => {
    if (!(await retryMail(tx, id, ctx.at))) return err<AppError>({ code: 'MAIL_NOT_RETRYABLE' });
    await writeAudit(tx, ctx, { action: 'mail.retry', entity: 'outbox', entityId: id });
    const message = await getOutboxMessage(tx, id);
    return message ? ok(message) : err<AppError>({ code: 'NOT_FOUND' });
  });
}
