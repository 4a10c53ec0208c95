import type { IsoDate } from '@frontline/core';
import { exclusive, type Db } from '../open.ts';
import { SEED_COLUMNS, type SeedTable, type SeedValue } from '../seed/generate.ts';
import { chunks, pgInsertRows, pgResetIdentities, pgRun } from './postgres.ts';

/**
 * The demo's bulk loads: known-good generated rows written through prepared
 * statements, because a group of a million households goes through here and
 * Kysely's per-row compile would dominate. Which rows to write is the seed's
 * (packages/db/src/seed); this only writes them.
 *
 * On SQLite each row is one run of a cached prepared statement, inside one
 * synchronous transaction. On PostgreSQL the generator (synchronous) fills a
 * buffer per table, and the buffers are written after it returns, in
 * SEED_COLUMNS order (regions, projects, …: every table after those its rows
 * refer to, rows of one table in the order generated), as multi-row INSERTs
 * in one transaction; the seed gives ids, so the identity sequences are then
 * moved past them.
 */

/** Portable INSERT statements for the seed tables, in SEED_COLUMNS order. */
export function insertSql(table: SeedTable): string {
  const cols = SEED_COLUMNS[table];
  return `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`;
}

const SEED_TABLES = Object.keys(SEED_COLUMNS) as SeedTable[];

/**
 * Runs `generate`, writing every row it emits, in one transaction: all of it
 * or nothing. Async because PostgreSQL's writes are; on SQLite the work is
 * still one synchronous transaction.
 */
export async function writeGeneratedRows<T>(
  db: Db,
  generate: (write: (table: SeedTable, row: SeedValue[]) => void) => T,
): Promise<T> {
  if (db.dialect === 'postgres') return writeGeneratedRowsPostgres(db, generate);
  const statements = new Map(SEED_TABLES.map((t) => [t, db.sqlite.prepare(insertSql(t))]));
  return exclusive(db, () => generate((table, row) => statements.get(table)!.run(row)));
}

async function writeGeneratedRowsPostgres<T>(
  db: Db,
  generate: (write: (table: SeedTable, row: SeedValue[]) => void) => T,
): Promise<T> {
  const buffers = new Map<SeedTable, SeedValue[][]>(SEED_TABLES.map((t) => [t, []]));
  const result = generate((table, row) => buffers.get(table)!.push(row));
  await db.kysely.transaction().execute(async (tx) => {
    for (const table of SEED_TABLES) await pgInsertRows(tx, table, SEED_COLUMNS[table], buffers.get(table)!);
    await pgResetIdentities(
      tx,
      SEED_TABLES.filter((t) => SEED_COLUMNS[t].includes('id')),
    );
  });
  return result;
}

/** What became of a past duty in the demo's history. */
export type DutyOutcome =
  | { dutyId: number; status: 'done'; completedOn: IsoDate; attendedBy: number; deputyId: number | null }
  | { dutyId: number; status: 'missed' }
  | { dutyId: number; status: 'excused'; approvedBy: number };

const DEMO_NOTE = '演示历史记录';
const LEAVE_REASON = '年假';

/** Writes the outcomes in one transaction. */
export async function writeDutyOutcomes(db: Db, outcomes: readonly DutyOutcome[], at: number): Promise<void> {
  if (db.dialect === 'postgres') return writeDutyOutcomesPostgres(db, outcomes, at);
  await exclusive(db, () => {
    const s = db.sqlite;
    const done = s.prepare(
      `update duties set status = 'done', completed_on = ?, attended_by = ?, deputy_id = ?, notes = '${DEMO_NOTE}', updated_at = ? where id = ?`,
    );
    const missed = s.prepare(`update duties set status = 'missed', updated_at = ? where id = ?`);
    const excused = s.prepare(
      `update duties set status = 'excused', reason = '${LEAVE_REASON}', approved_by = ?, updated_at = ? where id = ?`,
    );
    for (const o of outcomes) {
      if (o.status === 'done') done.run(o.completedOn, o.attendedBy, o.deputyId, at, o.dutyId);
      else if (o.status === 'missed') missed.run(at, o.dutyId);
      else excused.run(o.approvedBy, at, o.dutyId);
    }
  });
}

/** The same three updates, each one statement over arrays per few thousand duties. */
async function writeDutyOutcomesPostgres(db: Db, outcomes: readonly DutyOutcome[], at: number): Promise<void> {
  const done = outcomes.filter((o) => o.status === 'done');
  const missed = outcomes.filter((o) => o.status === 'missed');
  const excused = outcomes.filter((o) => o.status === 'excused');
  await db.kysely.transaction().execute(async (tx) => {
    for (const part of chunks(done))
      await pgRun(
        tx,
        `update duties d set status = 'done', completed_on = u.completed_on, attended_by = u.attended_by, deputy_id = u.deputy_id,
           notes = '${DEMO_NOTE}', updated_at = $5
         from unnest($1::bigint[], $2::text[], $3::bigint[], $4::bigint[]) as u(id, completed_on, attended_by, deputy_id)
         where d.id = u.id`,
        [
          part.map((o) => o.dutyId),
          part.map((o) => o.completedOn),
          part.map((o) => o.attendedBy),
          part.map((o) => o.deputyId),
          at,
        ],
      );
    for (const part of chunks(missed))
      await pgRun(tx, `update duties set status = 'missed', updated_at = $2 where id = any($1::bigint[])`, [
        part.map((o) => o.dutyId),
        at,
      ]);
    for (const part of chunks(excused))
      await pgRun(
        tx,
        `update duties d set status = 'excused', reason = '${LEAVE_REASON}', approved_by = u.approved_by, updated_at = $3
         from unnest($1::bigint[], $2::bigint[]) as u(id, approved_by) where d.id = u.id`,
        [part.map((o) => o.dutyId), part.map((o) => o.approvedBy), at],
      );
  });
}
