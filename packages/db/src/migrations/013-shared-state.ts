import type { Kysely } from 'kysely';

/**
 * State that must be one per deployment, not one per app server, now that
 * several servers can share a database: the sign-in throttle's counters
 * (a `version` for optimistic updates, so concurrent failures are all
 * counted) and leases, by which exactly one server at a time runs a piece of
 * work (the scheduler's tick, a planning run, detection, a period close) and
 * a dead server's claim lapses when its `until_ms` passes. A planning run
 * records which server runs it, so start-up fails only runs whose server no
 * longer holds the planning lease. Forward-only.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sign_in_throttle')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('locked_until', 'bigint', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sign_in_throttle_locked_until').on('sign_in_throttle').column('locked_until').execute();

  await db.schema
    .createTable('leases')
    .addColumn('name', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('holder', 'varchar(64)', (c) => c.notNull())
    .addColumn('until_ms', 'bigint', (c) => c.notNull())
    .addColumn('acquired_at', 'bigint')
    .execute();

  await db.schema.alterTable('schedule_runs').addColumn('holder', 'varchar(64)').execute();
}
