import type { IsoDate } from '@frontline/core';
import { exclusive, type Db } from '../open.ts';
import { SEED_COLUMNS, type SeedTable, type SeedValue } from '../seed/generate.ts';

/**
 * The demo's bulk loads: known-good generated rows written through prepared
 * statements, because a group of a million households goes through here and
 * Kysely's per-row compile would dominate. Which rows to write is the seed's
 * (packages/db/src/seed); this only writes them.
 */

/** Portable INSERT statements for the seed tables, in SEED_COLUMNS order. */
export function insertSql(table: SeedTable): string {
  const cols = SEED_COLUMNS[table];
  return `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`;
}

/** Runs `generate`, writing every row it emits, in one transaction: all of it or nothing. */
export function writeGeneratedRows<T>(db: Db, generate: (write: (table: SeedTable, row: SeedValue[]) => void) => T): T {
  const statements = new Map(
    (Object.keys(SEED_COLUMNS) as SeedTable[]).map((t) => [t, db.sqlite.prepare(insertSql(t))]),
  );
  return db.sqlite.transaction(() => generate((table, row) => statements.get(table)!.run(row)))();
}

/** What became of a past duty in the demo's history. */
export type DutyOutcome =
  | { dutyId: number; status: 'done'; completedOn: IsoDate; attendedBy: number; deputyId: number | null }
  | { dutyId: number; status: 'missed' }
  | { dutyId: number; status: 'excused'; approvedBy: number };

/** Writes the outcomes in one transaction. */
export async function writeDutyOutcomes(db: Db, outcomes: readonly DutyOutcome[], at: number): Promise<void> {
  await exclusive(db, () => {
    const s = db.sqlite;
    const done = s.prepare(
      `update duties set status = 'done', completed_on = ?, attended_by = ?, deputy_id = ?, notes = '演示历史记录', updated_at = ? where id = ?`,
    );
    const missed = s.prepare(`update duties set status = 'missed', updated_at = ? where id = ?`);
    const excused = s.prepare(
      `update duties set status = 'excused', reason = '年假', approved_by = ?, updated_at = ? where id = ?`,
    );
    for (const o of outcomes) {
      if (o.status === 'done') done.run(o.completedOn, o.attendedBy, o.deputyId, at, o.dutyId);
      else if (o.status === 'missed') missed.run(at, o.dutyId);
      else excused.run(o.approvedBy, at, o.dutyId);
    }
  });
}
