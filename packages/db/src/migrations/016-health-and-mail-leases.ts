import type { Kysely } from 'kysely';

/**
 * Being honest under faults. `health_probe` holds the one row that the
 * health check of any app server rewrites now and then (which server, when):
 * a small write that goes to the disk, so a database that can no longer be
 * written (full, read-only, failing) is reported before a person's change
 * meets it. An outbox row
 * being sent records which server holds its lease (`lease_holder`), so a
 * sender renews only the leases it still holds while a send runs, and a dead
 * sender's claim lapses after a short lease. Forward-only.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('health_probe')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('holder', 'varchar(64)', (c) => c.notNull())
    .addColumn('probed_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.alterTable('outbox').addColumn('lease_holder', 'varchar(64)').execute();
}
