import {
  adjustedTotal,
  formFacts,
  periodHasEnded,
  rankGroupKey,
  rankWithinGroups,
  scorePeople,
  type ActionFact,
  type AppError,
  type AppraisalPeriod,
  type ComponentScore,
  type CountedRecord,
  type DutyFact,
  type IsoDate,
  type Line,
  type PersonScore,
  type Position,
  type Result,
  type ScoreComponent,
  type VisitFact,
} from '@frontline/core';
import type BetterSqlite3 from 'better-sqlite3';
import { writeAuditSync, type AuditContext } from './audit.ts';
import { exclusive, type Db } from './open.ts';
import { Refusal, refusing } from './refusal.ts';
import { getFormVersionSync } from './bulk/form-versions.ts';
import { currentSchemesSync } from './score-schemes.ts';

/**
 * Appraisal scores of a period. An open period is scored on demand from the
 * live records; closing it scores it once more and freezes the result (with
 * each person's unit, scheme version and counted records) in score_results,
 * which refuses any later change. Corrections are adjustments beside it.
 */

export type ScoredPerson = {
  employeeId: number; employeeNo: string; name: string; line: Line | null; position: Position;
  regionId: number | null; regionName: string | null; projectId: number | null; projectName: string | null;
};

export type ComponentValue = Omit<ComponentScore, 'records'>;

export type ScoreRow = ScoredPerson & {
  schemeId: number; version: number; components: ComponentValue[];
  /** The score as computed (frozen when the period is closed). */
  total: number | null;
  /** The sum of HR's adjustments, and the score with them applied. */
  adjustment: number; final: number | null;
  rank: number | null; of: number;
};

export type PeriodState = { name: string; status: 'open' | 'closed'; asOf: IsoDate; closedAt: number | null; closedBy: string | null; people: number | null };

/** Whom to score: everyone, one ranking group, or one person. */
export type PeopleFilter = { employeeId?: number; group?: { regionId: number | null; line: string | null; position: string } };

type PersonRow = {
  id: number; employee_no: string; name: string; line: Line | null; position: Position;
  region_id: number | null; region_name: string | null; project_id: number | null; project_name: string | null;
};

/** The filter as a condition on a table of people: employees (`e`, id) or frozen rows (`r`, employee_id). */
function peopleSql(filter: PeopleFilter, alias = 'e', id = 'id'): { where: string; params: unknown[] } {
  if (filter.employeeId !== undefined) return { where: `${alias}.${id} = ?`, params: [filter.employeeId] };
  if (filter.group) {
    const g = filter.group;
    return { where: `${alias}.region_id is ? and ${alias}.line is ? and ${alias}.position = ?`, params: [g.regionId, g.line, g.position] };
  }
  return { where: '1 = 1', params: [] };
}

/** The people a period scores: on the payroll at some time in it. */
function loadPeople(s: BetterSqlite3.Database, period: AppraisalPeriod, filter: PeopleFilter): PersonRow[] {
  const who = peopleSql(filter);
  return s
    .prepare(
      `select e.id, e.employee_no, e.name, e.line, e.position, e.region_id, r.name as region_name, e.project_id, p.name as project_name
       from employees e left join regions r on r.id = e.region_id left join projects p on p.id = e.project_id
       where (e.active = 1 or e.left_on >= ?) and ${who.where} order by e.id`,
    )
    .all(period.from, ...who.params) as PersonRow[];
}

export type ScoringFacts = { people: PersonRow[]; duties: DutyFact[]; visits: VisitFact[]; actions: ActionFact[] };

/**
 * Everything a period's scores are made of: duties due in it, visits made in
 * it (with each form's completeness and ratings read from its answers), and
 * improvement actions due in it. With a filter, only records touching those people.
 */
export function loadScoringFacts(db: Db, period: AppraisalPeriod, filter: PeopleFilter = {}): ScoringFacts {
  const s = db.sqlite;
  const people = loadPeople(s, period, filter);
  const whole = filter.employeeId === undefined && !filter.group;
  const who = peopleSql(filter);
  const ids = `(select e.id from employees e where ${who.where})`;
  const range = [period.from, period.to];

  const duties = s
    .prepare(
      `select id, employee_id as employeeId, attended_by as attendedBy, status, due_to as dueTo, completed_on as completedOn
       from duties where due_to between ? and ? ${whole ? '' : `and (employee_id in ${ids} or attended_by in ${ids})`}`,
    )
    .all(...range, ...(whole ? [] : [...who.params, ...who.params])) as DutyFact[];

  const visitRows = s
    .prepare(
      `select v.id, v.employee_id, v.form_version_id, v.answers from visits v where v.visited_on between ? and ?
       ${whole ? '' : `and (v.employee_id in ${ids} or exists (select 1 from visit_staff vs where vs.visit_id = v.id and vs.employee_id in ${ids}))`}`,
    )
    .all(...range, ...(whole ? [] : [...who.params, ...who.params])) as { id: number; employee_id: number; form_version_id: number; answers: string }[];
  const staff = new Map<number, number[]>();
  const staffRows = s
    .prepare(`select vs.visit_id, vs.employee_id from visit_staff vs join visits v on v.id = vs.visit_id where v.visited_on between ? and ?`)
    .raw()
    .all(...range) as [number, number][];
  for (const [visitId, employeeId] of staffRows) {
    const list = staff.get(visitId);
    if (list) list.push(employeeId);
    else staff.set(visitId, [employeeId]);
  }
  const visits: VisitFact[] = visitRows.map((v) => {
    const facts = formFacts(getFormVersionSync(db, v.form_version_id)!.definition, JSON.parse(v.answers));
    return { id: v.id, recorderId: v.employee_id, staffIds: staff.get(v.id) ?? [], complete: facts.complete, ratings: facts.ratings };
  });

  const actions = s
    .prepare(
      `select id, owner_id as ownerId, due_on as dueOn, done_on as doneOn from plan_actions where due_on between ? and ?
       ${whole ? '' : `and owner_id in ${ids}`}`,
    )
    .all(...range, ...(whole ? [] : who.params)) as ActionFact[];
  return { people, duties, visits, actions };
}

/** Scores the facts with the current schemes, as of a day. */
export function scoreFacts(s: BetterSqlite3.Database, facts: ScoringFacts, asOf: IsoDate): Map<number, PersonScore> {
  return scorePeople({ asOf, people: facts.people, schemes: currentSchemesSync(s), duties: facts.duties, visits: facts.visits, actions: facts.actions });
}

const person = (p: PersonRow): ScoredPerson => ({
  employeeId: p.id, employeeNo: p.employee_no, name: p.name, line: p.line, position: p.position,
  regionId: p.region_id, regionName: p.region_name, projectId: p.project_id, projectName: p.project_name,
});

const values = (components: ComponentScore[]): ComponentValue[] => components.map(({ records: _records, ...v }) => v);

type ClosedRow = { name: string; as_of: string; closed_at: number; people: number; closed_by: string | null };

const CLOSED = `select sp.name, sp.as_of, sp.closed_at, sp.people, e.name as closed_by from score_periods sp left join employees e on e.id = sp.closed_by`;

const closedOf = (row: ClosedRow): PeriodState => ({ name: row.name, status: 'closed', asOf: row.as_of, closedAt: row.closed_at, closedBy: row.closed_by, people: row.people });

function closedState(s: BetterSqlite3.Database, name: string): PeriodState | undefined {
  const row = s.prepare(`${CLOSED} where sp.name = ?`).get(name) as ClosedRow | undefined;
  return row && closedOf(row);
}

export async function closedPeriods(db: Db): Promise<PeriodState[]> {
  return (db.sqlite.prepare(`${CLOSED} order by sp.starts_on desc, sp.ends_on desc`).all() as ClosedRow[]).map(closedOf);
}

type ResultRow = {
  employee_id: number; employee_no: string; name: string; line: Line | null; position: Position; region_id: number | null; region_name: string | null;
  project_id: number | null; project_name: string | null; scheme_id: number; version: number; total: number | null; components: string; adjustment: number | null;
};

/** Every score of a period, ranked within its group; frozen rows when closed, live ones when open. */
export async function periodScores(db: Db, period: AppraisalPeriod, today: IsoDate, filter: PeopleFilter = {}): Promise<{ state: PeriodState; rows: ScoreRow[] }> {
  const s = db.sqlite;
  const state = closedState(s, period.name);
  let rows: Omit<ScoreRow, 'rank' | 'of'>[];
  if (state) {
    const who = peopleSql(filter, 'r', 'employee_id');
    const found = s
      .prepare(
        `select r.employee_id, r.employee_no, r.name, r.line, r.position, r.region_id, r.region_name, r.project_id, r.project_name,
                r.scheme_id, ss.version, r.total, r.components,
                (select sum(delta) from score_adjustments a where a.period = r.period and a.employee_id = r.employee_id) as adjustment
         from score_results r join score_schemes ss on ss.id = r.scheme_id where r.period = ? and ${who.where} order by r.employee_id`,
      )
      .all(period.name, ...who.params) as ResultRow[];
    rows = found.map((r) => ({
      employeeId: r.employee_id, employeeNo: r.employee_no, name: r.name, line: r.line, position: r.position,
      regionId: r.region_id, regionName: r.region_name, projectId: r.project_id, projectName: r.project_name,
      schemeId: r.scheme_id, version: r.version, components: JSON.parse(r.components), total: r.total,
      adjustment: r.adjustment ?? 0, final: adjustedTotal(r.total, r.adjustment ? [r.adjustment] : []),
    }));
  } else {
    const facts = loadScoringFacts(db, period, filter);
    const scores = scoreFacts(s, facts, today);
    rows = facts.people.flatMap((p) => {
      const score = scores.get(p.id);
      if (!score) return [];
      return [{ ...person(p), schemeId: score.schemeId, version: score.version, components: values(score.components), total: score.total, adjustment: 0, final: score.total }];
    });
  }
  const ranks = rankWithinGroups(rows, rankGroupKey, (r) => r.final);
  return {
    state: state ?? { name: period.name, status: 'open', asOf: today, closedAt: null, closedBy: null, people: null },
    rows: rows.map((r, i) => ({ ...r, ...ranks[i]! })),
  };
}

/** The records behind one person's score: frozen ones for a closed period. */
export async function scoreRecords(db: Db, period: AppraisalPeriod, employeeId: number, today: IsoDate): Promise<Record<ScoreComponent, CountedRecord[]> | undefined> {
  const s = db.sqlite;
  if (closedState(s, period.name)) {
    const json = s.prepare('select records from score_results where period = ? and employee_id = ?').pluck().get(period.name, employeeId) as string | undefined;
    return json === undefined ? undefined : decodeRecords(json);
  }
  const facts = loadScoringFacts(db, period, { employeeId });
  const score = scoreFacts(s, facts, today).get(employeeId);
  if (!score) return undefined;
  return Object.fromEntries(score.components.map((c) => [c.kind, c.records])) as Record<ScoreComponent, CountedRecord[]>;
}

// Records are kept as tuples: [id, role, outcome] or [id, role, outcome, ratings].
type RecordTuple = [number, CountedRecord['role'], CountedRecord['outcome'], number[]?];

function encodeRecords(components: ComponentScore[]): string {
  return JSON.stringify(Object.fromEntries(components.map((c) => [c.kind, c.records.map((r): RecordTuple => (r.ratings ? [r.id, r.role, r.outcome, r.ratings] : [r.id, r.role, r.outcome]))])));
}

function decodeRecords(json: string): Record<ScoreComponent, CountedRecord[]> {
  const raw = JSON.parse(json) as Record<ScoreComponent, RecordTuple[]>;
  return Object.fromEntries(
    Object.entries(raw).map(([kind, list]) => [kind, list.map(([id, role, outcome, ratings]) => (ratings ? { id, role, outcome, ratings } : { id, role, outcome }))]),
  ) as Record<ScoreComponent, CountedRecord[]>;
}

/**
 * Closes a period: scores everyone as of today and freezes the result, with
 * the scheme version each person was scored by. One transaction; a period
 * closes once, and only after its last day.
 */
export async function closePeriod(db: Db, period: AppraisalPeriod, today: IsoDate, ctx: AuditContext): Promise<Result<PeriodState, AppError>> {
  return refusing(() =>
    exclusive(db, () => {
      const s = db.sqlite;
      if (!periodHasEnded(period, today)) throw new Refusal({ code: 'PERIOD_NOT_ENDED', params: { period: period.name, to: period.to } });
      if (closedState(s, period.name)) throw new Refusal({ code: 'PERIOD_CLOSED', params: { period: period.name } });
      const facts = loadScoringFacts(db, period);
      const scores = scoreFacts(s, facts, today);
      s.prepare('insert into score_periods (name, kind, starts_on, ends_on, as_of, people, closed_by, closed_at) values (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(period.name, period.kind, period.from, period.to, today, scores.size, ctx.actorId, ctx.at);
      const insert = s.prepare(
        `insert into score_results (period, employee_id, scheme_id, employee_no, name, line, position, region_id, region_name, project_id, project_name, total, components, records)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const p of facts.people) {
        const score = scores.get(p.id);
        if (!score) continue;
        insert.run(period.name, p.id, score.schemeId, p.employee_no, p.name, p.line, p.position, p.region_id, p.region_name, p.project_id, p.project_name,
          score.total, JSON.stringify(values(score.components)), encodeRecords(score.components));
      }
      writeAuditSync(s, ctx, { action: 'scores.close', entity: 'score_period', entityId: period.name, after: { asOf: today, people: scores.size, duties: facts.duties.length, visits: facts.visits.length, actions: facts.actions.length } });
      return closedState(s, period.name)!;
    }),
  );
}

export type Adjustment = { id: number; delta: number; reason: string; authorId: number; authorName: string; createdAt: number };

export async function adjustmentsOf(db: Db, period: string, employeeId: number): Promise<Adjustment[]> {
  return db.sqlite
    .prepare(
      `select a.id, a.delta, a.reason, a.author_id as authorId, e.name as authorName, a.created_at as createdAt
       from score_adjustments a join employees e on e.id = a.author_id where a.period = ? and a.employee_id = ? order by a.id`,
    )
    .all(period, employeeId) as Adjustment[];
}

/** An adjustment to a frozen score: never an edit of it, always beside it with a reason and an author. */
export async function addAdjustment(db: Db, period: AppraisalPeriod, employeeId: number, a: { delta: number; reason: string }, ctx: AuditContext): Promise<Result<number, AppError>> {
  return refusing(() =>
    exclusive(db, () => {
      const s = db.sqlite;
      if (!closedState(s, period.name)) throw new Refusal({ code: 'PERIOD_OPEN', params: { period: period.name } });
      const row = s.prepare('select total from score_results where period = ? and employee_id = ?').get(period.name, employeeId) as { total: number | null } | undefined;
      if (!row) throw new Refusal({ code: 'NOT_FOUND' });
      if (row.total === null) throw new Refusal({ code: 'SCORE_NONE' });
      const id = Number(
        s.prepare('insert into score_adjustments (period, employee_id, delta, reason, author_id, created_at) values (?, ?, ?, ?, ?, ?)')
          .run(period.name, employeeId, a.delta, a.reason, ctx.actorId, ctx.at).lastInsertRowid,
      );
      writeAuditSync(s, ctx, { action: 'scores.adjust', entity: 'score_result', entityId: `${period.name}/${employeeId}`, before: { total: row.total }, after: { delta: a.delta, reason: a.reason } });
      return id;
    }),
  );
}
