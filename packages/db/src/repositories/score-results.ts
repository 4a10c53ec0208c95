import {
  LINES,
  POSITIONS,
  RECORD_OUTCOMES,
  RECORD_ROLES,
  SCORE_COMPONENTS,
  type AppraisalPeriod,
  type ComponentScore,
  type CountedRecord,
  type IsoDate,
  type ScoreComponent,
} from '@frontline/core';
import { z } from 'zod';
import { executorOf, type Executor, type Reader } from '../unit-of-work.ts';
import { oneOf, oneOfOrNull } from './columns.ts';
import type { PeopleFilter, ScoredPerson } from './score-records.ts';

/**
 * Closed appraisal periods as stored: the period (when, by whom, as of which
 * day, how many people), each person's frozen score with their unit, scheme
 * version, components and counted records — rows the database refuses to
 * change — and HR's adjustments beside them.
 */

export type ComponentValue = Omit<ComponentScore, 'records'>;

export type ClosedPeriod = { name: string; asOf: IsoDate; closedAt: number; closedBy: string | null; people: number };

/** A frozen score, with the sum of its adjustments (null when there are none). */
export type FrozenScore = ScoredPerson & {
  schemeId: number;
  version: number;
  total: number | null;
  components: ComponentValue[];
  adjustment: number | null;
};

/** What closing a period freezes for one person: the components' values and, apart, the records each counted. */
export type FrozenScoreInput = ScoredPerson & {
  schemeId: number;
  total: number | null;
  components: ComponentValue[];
  records: ComponentRecords;
};

export type Adjustment = {
  id: number;
  delta: number;
  reason: string;
  authorId: number;
  authorName: string;
  createdAt: number;
};

export type ComponentRecords = Partial<Record<ScoreComponent, CountedRecord[]>>;

const componentValues = z.array(
  z.object({
    kind: z.enum(SCORE_COMPONENTS),
    weight: z.number(),
    value: z.number().nullable(),
    numerator: z.number(),
    denominator: z.number(),
  }),
);

// Records are kept as tuples: [id, role, outcome] or [id, role, outcome, ratings].
const recordTuple = z.union([
  z.tuple([z.number(), z.enum(RECORD_ROLES), z.enum(RECORD_OUTCOMES)]),
  z.tuple([z.number(), z.enum(RECORD_ROLES), z.enum(RECORD_OUTCOMES), z.array(z.number())]),
]);
const recordTuples = z.partialRecord(z.enum(SCORE_COMPONENTS), z.array(recordTuple));

function encodeRecords(records: ComponentRecords): string {
  return JSON.stringify(
    Object.fromEntries(
      Object.entries(records).map(([kind, list]) => [
        kind,
        (list ?? []).map((r) => (r.ratings ? [r.id, r.role, r.outcome, r.ratings] : [r.id, r.role, r.outcome])),
      ]),
    ),
  );
}

function decodeRecords(json: string): ComponentRecords {
  const out: ComponentRecords = {};
  for (const [kind, list] of Object.entries(recordTuples.parse(JSON.parse(json)))) {
    out[oneOf(SCORE_COMPONENTS, kind, 'score_results.records')] = (list ?? []).map(([id, role, outcome, ratings]) =>
      ratings ? { id, role, outcome, ratings } : { id, role, outcome },
    );
  }
  return out;
}

function closedQuery(x: Reader) {
  return executorOf(x)
    .selectFrom('score_periods as sp')
    .leftJoin('employees as e', 'e.id', 'sp.closed_by')
    .select(['sp.name', 'sp.as_of', 'sp.closed_at', 'sp.people', 'e.name as closed_by']);
}

const toClosed = (r: {
  name: string;
  as_of: string;
  closed_at: number;
  people: number;
  closed_by: string | null;
}): ClosedPeriod => ({
  name: r.name,
  asOf: r.as_of,
  closedAt: r.closed_at,
  closedBy: r.closed_by,
  people: r.people,
});

export async function getClosedPeriod(x: Reader, name: string): Promise<ClosedPeriod | undefined> {
  const row = await closedQuery(x).where('sp.name', '=', name).executeTakeFirst();
  return row && toClosed(row);
}

/** Closed periods, latest first. */
export async function listClosedPeriods(x: Reader): Promise<ClosedPeriod[]> {
  const rows = await closedQuery(x).orderBy('sp.starts_on', 'desc').orderBy('sp.ends_on', 'desc').execute();
  return rows.map(toClosed);
}

export async function insertClosedPeriod(
  tx: Executor,
  period: AppraisalPeriod,
  p: { asOf: IsoDate; people: number },
  closed: { actorId: number | null; at: number },
): Promise<void> {
  await tx
    .insertInto('score_periods')
    .values({
      name: period.name,
      kind: period.kind,
      starts_on: period.from,
      ends_on: period.to,
      as_of: p.asOf,
      people: p.people,
      closed_by: closed.actorId,
      closed_at: closed.at,
    })
    .execute();
}

// Rows per insert statement: 14 parameters each stays well inside SQLite's limit on bound parameters.
const FROZEN_ROWS_PER_INSERT = 500;

/** Freezes a closed period's scores, in the caller's transaction. */
export async function insertFrozenScores(
  tx: Executor,
  period: string,
  scores: readonly FrozenScoreInput[],
): Promise<void> {
  for (let i = 0; i < scores.length; i += FROZEN_ROWS_PER_INSERT) {
    const rows = scores.slice(i, i + FROZEN_ROWS_PER_INSERT).map((s) => ({
      period,
      employee_id: s.employeeId,
      scheme_id: s.schemeId,
      employee_no: s.employeeNo,
      name: s.name,
      line: s.line,
      position: s.position,
      region_id: s.regionId,
      region_name: s.regionName,
      project_id: s.projectId,
      project_name: s.projectName,
      total: s.total,
      components: JSON.stringify(s.components),
      records: encodeRecords(s.records),
    }));
    await tx.insertInto('score_results').values(rows).execute();
  }
}

/** A closed period's frozen scores, by employee; with a filter, one person's or one ranking group's. */
export async function listFrozenScores(x: Reader, period: string, filter: PeopleFilter = {}): Promise<FrozenScore[]> {
  let q = executorOf(x)
    .selectFrom('score_results as r')
    .innerJoin('score_schemes as ss', 'ss.id', 'r.scheme_id')
    .select([
      'r.employee_id',
      'r.employee_no',
      'r.name',
      'r.line',
      'r.position',
      'r.region_id',
      'r.region_name',
      'r.project_id',
      'r.project_name',
      'r.scheme_id',
      'ss.version',
      'r.total',
      'r.components',
    ])
    .select((eb) =>
      eb
        .selectFrom('score_adjustments as a')
        .select((a) => a.fn.sum<number>('a.delta').as('sum'))
        .whereRef('a.period', '=', 'r.period')
        .whereRef('a.employee_id', '=', 'r.employee_id')
        .as('adjustment'),
    )
    .where('r.period', '=', period);
  if (filter.employeeId !== undefined) q = q.where('r.employee_id', '=', filter.employeeId);
  const g = filter.group;
  if (g) {
    q = q
      .where('r.position', '=', g.position)
      .where((eb) => (g.regionId === null ? eb('r.region_id', 'is', null) : eb('r.region_id', '=', g.regionId)))
      .where((eb) => (g.line === null ? eb('r.line', 'is', null) : eb('r.line', '=', g.line)));
  }
  const rows = await q.orderBy('r.employee_id').execute();
  return rows.map((r) => ({
    employeeId: r.employee_id,
    employeeNo: r.employee_no,
    name: r.name,
    line: oneOfOrNull(LINES, r.line, 'score_results.line'),
    position: oneOf(POSITIONS, r.position, 'score_results.position'),
    regionId: r.region_id,
    regionName: r.region_name,
    projectId: r.project_id,
    projectName: r.project_name,
    schemeId: r.scheme_id,
    version: r.version,
    total: r.total,
    components: componentValues.parse(JSON.parse(r.components)),
    adjustment: r.adjustment,
  }));
}

/** The records one person's frozen score counted; undefined when the period froze no score for them. */
export async function frozenRecords(
  x: Reader,
  period: string,
  employeeId: number,
): Promise<ComponentRecords | undefined> {
  const row = await executorOf(x)
    .selectFrom('score_results')
    .select('records')
    .where('period', '=', period)
    .where('employee_id', '=', employeeId)
    .executeTakeFirst();
  return row && decodeRecords(row.records);
}

/** One person's frozen total; undefined when the period froze no score for them. */
export async function frozenTotal(
  x: Reader,
  period: string,
  employeeId: number,
): Promise<{ total: number | null } | undefined> {
  return executorOf(x)
    .selectFrom('score_results')
    .select('total')
    .where('period', '=', period)
    .where('employee_id', '=', employeeId)
    .executeTakeFirst();
}

export async function listAdjustments(x: Reader, period: string, employeeId: number): Promise<Adjustment[]> {
  const rows = await executorOf(x)
    .selectFrom('score_adjustments as a')
    .innerJoin('employees as e', 'e.id', 'a.author_id')
    .select(['a.id', 'a.delta', 'a.reason', 'a.author_id', 'e.name as author_name', 'a.created_at'])
    .where('a.period', '=', period)
    .where('a.employee_id', '=', employeeId)
    .orderBy('a.id')
    .execute();
  return rows.map((a) => ({
    id: a.id,
    delta: a.delta,
    reason: a.reason,
    authorId: a.author_id,
    authorName: a.author_name,
    createdAt: a.created_at,
  }));
}

export async function insertAdjustment(
  tx: Executor,
  a: { period: string; employeeId: number; delta: number; reason: string; authorId: number; at: number },
): Promise<number> {
  const { id } = await tx
    .insertInto('score_adjustments')
    .values({
      period: a.period,
      employee_id: a.employeeId,
      delta: a.delta,
      reason: a.reason,
      author_id: a.authorId,
      created_at: a.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}
