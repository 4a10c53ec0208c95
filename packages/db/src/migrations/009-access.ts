import { sql, type Kysely } from 'kysely';

/**
 * Access-control repairs: a planning run records which regions it covered
 * (a regional customer-relations admin plans only their own) and, when it
 * fails, why; drafts are found by their duty when the planner asks whether
 * anything hangs on one. Forward-only.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table schedule_runs add column region_ids text`.execute(db);
  await sql`alter table schedule_runs add column error text`.execute(db);
  await sql`create index visit_drafts_duty on visit_drafts (duty_id)`.execute(db);
}
