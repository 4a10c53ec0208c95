import { sql, type Kysely } from 'kysely';
import { isPostgres } from '../dialect/postgres.ts';

/**
 * A version of everything an appraisal score is made of, kept by the
 * database itself: triggers on each table scoring reads bump a counter in
 * `score_inputs` on every insert, delete and (for the columns scoring reads)
 * update, in the writing transaction, whichever server or script writes. An
 * app server remembers a period's scores under the sum of the counters it
 * read before the records, so a score is computed again only after a write
 * that can change it, and never served from before a committed write.
 *
 * SQLite (one writer at a time) bumps shard 0 once per row. PostgreSQL bumps
 * once per statement, one of 16 shards chosen by the transaction's id, so
 * concurrent writers rarely wait on the same counter row; the version read
 * is the sum of the shards, which grows with every commit that bumped one.
 * Forward-only.
 */

export const SCORE_INPUT_SHARDS = 16;

/** The tables scoring reads, with the columns whose update matters (none listed: any update). */
export const SCORE_INPUT_TABLES: readonly { table: string; columns?: readonly string[] }[] = [
  { table: 'regions', columns: ['name'] },
  { table: 'projects', columns: ['name'] },
  {
    table: 'employees',
    columns: ['employee_no', 'name', 'line', 'position', 'region_id', 'project_id', 'active', 'left_on'],
  },
  { table: 'duties', columns: ['employee_id', 'attended_by', 'status', 'due_to', 'completed_on'] },
  { table: 'visits', columns: ['employee_id', 'form_version_id', 'answers', 'visited_on'] },
  { table: 'visit_staff' },
  { table: 'form_versions' },
  { table: 'plan_actions', columns: ['owner_id', 'due_on', 'done_on'] },
  {
    table: 'tickets',
    columns: ['status', 'handler_id', 'closed_at', 'resolve_by', 'reopen_count', 'ever_closed_unaccepted'],
  },
  { table: 'score_schemes' },
  { table: 'score_periods' },
  { table: 'score_results' },
  { table: 'score_adjustments' },
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('score_inputs')
    .addColumn('shard', 'integer', (c) => c.primaryKey())
    .addColumn('version', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  for (let shard = 0; shard < SCORE_INPUT_SHARDS; shard++)
    await sql`insert into score_inputs (shard, version) values (${shard}, 0)`.execute(db);

  if (isPostgres(db)) {
    await sql
      .raw(
        `create function score_inputs_bump() returns trigger language plpgsql as $$
         begin update score_inputs set version = version + 1 where shard = txid_current() % ${SCORE_INPUT_SHARDS}; return null; end; $$`,
      )
      .execute(db);
    for (const { table, columns } of SCORE_INPUT_TABLES) {
      const update = columns ? `update of ${columns.join(', ')}` : 'update';
      await sql
        .raw(
          `create trigger score_inputs_${table} after insert or ${update} or delete or truncate on ${table}
           for each statement execute function score_inputs_bump()`,
        )
        .execute(db);
    }
    return;
  }
  const bump = 'begin update score_inputs set version = version + 1 where shard = 0; end';
  for (const { table, columns } of SCORE_INPUT_TABLES) {
    const update = columns ? `update of ${columns.join(', ')}` : 'update';
    for (const [event, spelled] of [
      ['insert', 'insert'],
      ['update', update],
      ['delete', 'delete'],
    ] as const)
      await sql.raw(`create trigger score_inputs_${table}_${event} after ${spelled} on ${table} ${bump}`).execute(db);
  }
}
