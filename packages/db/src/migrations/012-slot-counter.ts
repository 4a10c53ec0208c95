import { sql, type Kysely } from 'kysely';
import { isPostgres } from '../dialect/postgres.ts';

/**
 * A reception slot keeps the count of its live bookings (`booked`), raised
 * by a conditional update (`booked < capacity`) in the transaction that
 * books and lowered by the one that cancels, releases or moves: the row's
 * own lock makes that safe with several writers on any database, where the
 * capacity triggers of migration 003 (count, then insert) were safe only
 * with SQLite's single writer. The check keeps the count inside
 * 0..capacity whatever writes it. Forward-only.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // A column check may name another column of the row on SQLite and PostgreSQL alike; a table constraint
  // cannot be added to an existing SQLite table.
  await db.schema
    .alterTable('reception_slots')
    .addColumn('booked', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`booked between 0 and capacity`),
    )
    .execute();
  await sql`update reception_slots
    set booked = (select count(*) from reception_bookings b where b.slot_id = reception_slots.id and b.status = 'booked')`.execute(
    db,
  );
  await dropCapacityTriggers(db);
}

/**
 * The capacity triggers of migration 003 are SQLite's (`drop trigger` without
 * `on <table>`); a PostgreSQL database never had them.
 */
async function dropCapacityTriggers(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) return;
  await sql`drop trigger if exists reception_bookings_capacity_insert`.execute(db);
  await sql`drop trigger if exists reception_bookings_capacity_update`.execute(db);
}
