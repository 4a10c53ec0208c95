import { checkScheme, POSITIONS, type AppError, type Position, type Result, type SchemeInput, type ScoreScheme } from '@frontline/core';
import type BetterSqlite3 from 'better-sqlite3';
import { writeAuditSync, type AuditContext } from './audit.ts';
import { exclusive, type Db } from './open.ts';
import { Refusal, refusing } from './refusal.ts';

/** Scoring schemes: one current version per position; saving makes the next version, never an edit. */

export type SchemeVersion = ScoreScheme & { note: string; createdBy: number | null; createdByName: string | null; createdAt: number };

type Row = {
  id: number; position: Position; version: number; components: string; delegation: ScoreScheme['delegation'];
  note: string; created_by: number | null; created_by_name: string | null; created_at: number;
};

const SELECT = `select s.id, s.position, s.version, s.components, s.delegation, s.note, s.created_by, e.name as created_by_name, s.created_at
                from score_schemes s left join employees e on e.id = s.created_by`;

const fromRow = (r: Row): SchemeVersion => ({
  id: r.id, position: r.position, version: r.version, components: JSON.parse(r.components), delegation: r.delegation,
  note: r.note, createdBy: r.created_by, createdByName: r.created_by_name, createdAt: r.created_at,
});

/** The current version of every position that has one. */
export function currentSchemesSync(s: BetterSqlite3.Database): Map<Position, ScoreScheme> {
  const rows = s
    .prepare(`${SELECT} where s.version = (select max(version) from score_schemes x where x.position = s.position)`)
    .all() as Row[];
  return new Map(rows.map((r) => [r.position, fromRow(r)]));
}

export async function listSchemes(db: Db): Promise<{ current: SchemeVersion[]; history: SchemeVersion[] }> {
  const all = (db.sqlite.prepare(`${SELECT} order by s.position, s.version desc`).all() as Row[]).map(fromRow);
  const current = POSITIONS.flatMap((p) => all.find((v) => v.position === p) ?? []);
  return { current, history: all };
}

export function schemesByIdSync(s: BetterSqlite3.Database, ids: readonly number[]): Map<number, SchemeVersion> {
  if (ids.length === 0) return new Map();
  const rows = s.prepare(`${SELECT} where s.id in (${ids.map(() => '?').join(',')})`).all(...ids) as Row[];
  return new Map(rows.map((r) => [r.id, fromRow(r)]));
}

/** Saves the next version of a position's scheme, checked by core's rules. */
export async function saveScheme(db: Db, position: Position, input: SchemeInput & { note: string }, ctx: AuditContext): Promise<Result<SchemeVersion, AppError>> {
  return refusing(() =>
    exclusive(db, () => {
      const checked = checkScheme(input);
      if (!checked.ok) throw new Refusal(checked.error);
      const s = db.sqlite;
      const before = currentSchemesSync(s).get(position);
      const version = (before?.version ?? 0) + 1;
      const id = Number(
        s.prepare('insert into score_schemes (position, version, components, delegation, note, created_by, created_at) values (?, ?, ?, ?, ?, ?, ?)')
          .run(position, version, JSON.stringify(checked.value.components), checked.value.delegation, input.note, ctx.actorId, ctx.at).lastInsertRowid,
      );
      writeAuditSync(s, ctx, {
        action: 'scheme.save', entity: 'score_scheme', entityId: id,
        before: before && { version: before.version, components: before.components, delegation: before.delegation },
        after: { position, version, components: checked.value.components, delegation: checked.value.delegation },
      });
      return fromRow(s.prepare(`${SELECT} where s.id = ?`).get(id) as Row);
    }),
  );
}
