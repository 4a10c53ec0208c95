import {
  POSITIONS,
  SCORE_COMPONENTS,
  type DelegationRule,
  type Position,
  type SchemeComponent,
  type ScoreScheme,
} from '@frontline/core';
import { z } from 'zod';
import { executorOf, type Executor, type Reader } from '../unit-of-work.ts';
import { oneOf } from './columns.ts';

/**
 * Scoring schemes as stored: one row per version of a position's scheme.
 * Saving makes the next version, never an edit; which version is current
 * is simply the highest of each position.
 */
export type SchemeVersion = ScoreScheme & {
  note: string;
  createdBy: number | null;
  createdByName: string | null;
  createdAt: number;
};

const schemeComponents = z.array(z.object({ kind: z.enum(SCORE_COMPONENTS), weight: z.number() }));

function schemeQuery(x: Reader) {
  return executorOf(x)
    .selectFrom('score_schemes as s')
    .leftJoin('employees as e', 'e.id', 's.created_by')
    .select([
      's.id',
      's.position',
      's.version',
      's.components',
      's.delegation',
      's.note',
      's.created_by',
      'e.name as created_by_name',
      's.created_at',
    ]);
}

type SchemeRow = Awaited<ReturnType<ReturnType<typeof schemeQuery>['execute']>>[number];

const toSchemeVersion = (r: SchemeRow): SchemeVersion => ({
  id: r.id,
  position: oneOf(POSITIONS, r.position, 'score_schemes.position'),
  version: r.version,
  components: schemeComponents.parse(JSON.parse(r.components)),
  delegation: r.delegation,
  note: r.note,
  createdBy: r.created_by,
  createdByName: r.created_by_name,
  createdAt: r.created_at,
});

/** Every version of every position's scheme, by position, newest first. */
export async function listSchemeVersions(x: Reader): Promise<SchemeVersion[]> {
  const rows = await schemeQuery(x).orderBy('s.position').orderBy('s.version', 'desc').execute();
  return rows.map(toSchemeVersion);
}

/** The current version of every position that has one. */
export async function currentSchemes(x: Reader): Promise<Map<Position, SchemeVersion>> {
  const current = new Map<Position, SchemeVersion>();
  for (const v of await listSchemeVersions(x)) if (!current.has(v.position)) current.set(v.position, v);
  return current;
}

export async function getSchemeVersion(x: Reader, id: number): Promise<SchemeVersion | undefined> {
  const row = await schemeQuery(x).where('s.id', '=', id).executeTakeFirst();
  return row && toSchemeVersion(row);
}

export async function insertSchemeVersion(
  tx: Executor,
  v: { position: Position; version: number; components: SchemeComponent[]; delegation: DelegationRule; note: string },
  made: { actorId: number | null; at: number },
): Promise<number> {
  const { id } = await tx
    .insertInto('score_schemes')
    .values({
      position: v.position,
      version: v.version,
      components: JSON.stringify(v.components),
      delegation: v.delegation,
      note: v.note,
      created_by: made.actorId,
      created_at: made.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}
