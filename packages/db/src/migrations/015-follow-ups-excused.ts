import { sql, type Kysely } from 'kysely';

/**
 * A ticket follow-up nobody recorded before the ticket reopened was marked 'cancelled', a status
 * duties do not have: reading such a duty failed, and its person's duty list with it. It is no longer
 * owed, which duties call excused (counted neither on time nor late). Forward-only.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`update duties set status = 'excused' where status = 'cancelled'`.execute(db);
}
