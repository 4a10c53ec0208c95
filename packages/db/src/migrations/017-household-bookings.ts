import type { Kysely } from 'kysely';

/**
 * A household's bookings of every status, found by household. Its timeline
 * is read a page at a time, newest first, by (date, slot start, id) after a
 * cursor, and the reception roster reads each booked household's history;
 * the one index on a household's bookings (003's one live booking a date)
 * holds only live ones, so a household's cancelled and released bookings
 * were found by reading the whole table. Forward-only.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('reception_bookings_household')
    .on('reception_bookings')
    .columns(['household_id', 'date'])
    .execute();
}
