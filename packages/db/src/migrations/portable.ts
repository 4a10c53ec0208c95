import { sql, type Kysely } from 'kysely';
import { isPostgres, postgresDdl } from '../dialect/postgres.ts';

/**
 * The few places where a migration must say something each database spells
 * its own way. Everything else in a migration is the schema builder or plain
 * SQL both accept.
 */

/** Runs raw DDL written in SQLite's spelling; on PostgreSQL with its types and identity keys. */
export async function runStatements(db: Kysely<unknown>, statements: readonly string[]): Promise<void> {
  const pg = isPostgres(db);
  for (const s of statements) await sql.raw(pg ? postgresDdl(s) : s).execute(db);
}

/**
 * PostgreSQL's form of the SQLite triggers that refuse a write with
 * `message` (the rule's code) before the `events` on `table` where `when`
 * holds (a condition over OLD/NEW): a plpgsql function and one row trigger.
 * The database's own guard behind the services' rules: frozen scores,
 * published form and scheme versions.
 */
export async function postgresRefuseWrites(
  db: Kysely<unknown>,
  t: { name: string; table: string; events: readonly ('update' | 'delete')[]; message: string; when?: string },
): Promise<void> {
  // A row trigger lets the write through by returning its row: NEW for an update (OLD would undo it), OLD for a delete.
  const body = t.when
    ? `begin if ${t.when} then raise exception '${t.message}'; end if; if TG_OP = 'DELETE' then return OLD; end if; return NEW; end;`
    : `begin raise exception '${t.message}'; end;`;
  await sql.raw(`create function ${t.name}() returns trigger language plpgsql as $$ ${body} $$`).execute(db);
  await sql
    .raw(
      `create trigger ${t.name} before ${t.events.join(' or ')} on ${t.table} for each row execute function ${t.name}()`,
    )
    .execute(db);
}
