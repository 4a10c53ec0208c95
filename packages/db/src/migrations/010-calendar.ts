import { sql, type Kysely } from 'kysely';

/**
 * The calendar that never runs out: a year's notice keeps where it came from
 * (title, document number, publication date); a version that every change
 * of the calendar raises, so each app server knows when its cached calendar
 * is stale; and the date a scheduled reception day is proposed to move to
 * when its date stops being a working day (it is never moved silently).
 * Forward-only.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table calendar_years add column title text`.execute(db);
  await sql`alter table calendar_years add column document_no text`.execute(db);
  await sql`alter table calendar_years add column published_on varchar(10)`.execute(db);
  await sql`create table calendar_version (id integer primary key check (id = 1), version integer not null)`.execute(
    db,
  );
  await sql`insert into calendar_version (id, version) values (1, 1)`.execute(db);
  await sql`alter table reception_days add column proposed_date varchar(10)`.execute(db);
  await sql`alter table reception_days add column proposed_reason text`.execute(db);
}
