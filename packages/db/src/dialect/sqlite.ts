import type BetterSqlite3 from 'better-sqlite3';
import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import type { AppError } from '@frontline/core';
import type { ConstraintMap } from '../refusal.ts';

/**
 * What is SQLite's own: the connection's pragmas and the few SQL fragments
 * that have no portable spelling. Everything else in the data layer is plain
 * Kysely, so another dialect replaces this module and the bulk paths only.
 */

/**
 * An app server's settings: WAL for concurrent readers, synchronous=FULL so an
 * acknowledged write survives power loss, foreign keys enforced, and a busy
 * timeout instead of immediate errors.
 */
export function applyPragmas(sqlite: BetterSqlite3.Database): void {
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
}

/** True where the JSON array in `column` (a text column) holds `value`. */
export function jsonArrayHas(column: Expression<string | null>, value: number): RawBuilder<SqlBool> {
  return sql<SqlBool>`exists (select 1 from json_each(${column}) where value = ${value})`;
}

/**
 * What SQLite's refusals of a booking mean (migration 003): the capacity
 * trigger's SLOT_FULL, and the partial unique index that holds a household to
 * one live booking a date. The one place these errors become the rules they
 * enforce; give it to the unit of work that books.
 */
export const bookingConstraints: ConstraintMap = (code, message): AppError | undefined => {
  if (code === 'SQLITE_CONSTRAINT_TRIGGER' && message.includes('SLOT_FULL')) return { code: 'SLOT_FULL', fields: { slotId: 'SLOT_FULL' } };
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' && message.includes('reception_bookings')) {
    return { code: 'HOUSEHOLD_BOOKED_THAT_DAY', fields: { householdId: 'HOUSEHOLD_BOOKED_THAT_DAY' } };
  }
  return undefined;
};
