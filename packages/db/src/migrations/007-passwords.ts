import { sql, type Kysely } from 'kysely';

/**
 * Passwords: an account whose password an administrator has reset carries a
 * mark until its owner chooses a new one; until then the API answers that
 * person's session on nothing but signing out, reading themselves and the
 * change itself. Forward-only.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table employees add column password_change_required integer not null default 0 check (password_change_required in (0, 1))`.execute(
    db,
  );
}
