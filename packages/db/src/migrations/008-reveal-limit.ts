import type { Kysely } from 'kysely';

/**
 * The reveal limit counts a person's recent reveals (and their last limit
 * alert) straight from the audit log; this index makes that a range read of
 * one person's rows of one action instead of a scan. Forward-only.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('audit_log_actor_action_at')
    .on('audit_log')
    .columns(['actor_id', 'action', 'at'])
    .execute();
}
