import {
  DUTY_KINDS,
  DUTY_STATUSES,
  LINES,
  POSITIONS,
  type ActionFact,
  type DutyFact,
  type DutyKind,
  type DutyStatus,
  type IsoDate,
  type Line,
  type Position,
} from '@frontline/core';
import type { Db } from '../open.ts';
import { executorOf, type Executor, type Reader } from '../unit-of-work.ts';
import { oneOf, oneOfOrNull } from './columns.ts';

/**
 * The records appraisal scores are made of, as stored: the people a period
 * scores, the duties due in it, the visits recorded in it and the
 * improvement actions due in it; and, for a score's explanation, what those
 * records were. Only work facts — never a customer's name, phone or address
 * — since HR reads these too. How they score is core's (`scorePeople`).
 */

export type ScoredPerson = {
  employeeId: number;
  employeeNo: string;
  name: string;
  line: Line | null;
  position: Position;
  regionId: number | null;
  regionName: string | null;
  projectId: number | null;
  projectName: string | null;
};

/** Whom to score: everyone, one ranking group, or one person. */
export type PeopleFilter = {
  employeeId?: number;
  group?: { regionId: number | null; line: string | null; position: string };
};

/** The days a period spans, both included. */
type Span = { from: IsoDate; to: IsoDate };

/** A visit as scoring reads it: who recorded it, who else was there, and its answers to be read with its form version. */
export type VisitRow = {
  id: number;
  recorderId: number;
  staffIds: number[];
  formVersionId: number;
  answers: Record<string, unknown>;
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A visit's answers column: a JSON object, read by the form version's own
 * rules afterwards (`formFacts`). Checked by hand rather than with zod, since
 * scoring a quarter reads every visit of it.
 */
function parseAnswers(text: string, visitId: number): Record<string, unknown> {
  const value: unknown = JSON.parse(text);
  if (!isObject(value)) throw new Error(`visits.answers of visit ${visitId}: not a JSON object`);
  return value;
}

const isWhole = (filter: PeopleFilter) => filter.employeeId === undefined && !filter.group;

/** The ids of the people a filter names, as a subquery. */
function peopleIn(k: Executor, filter: PeopleFilter) {
  const q = k.selectFrom('employees as w').select('w.id');
  if (filter.employeeId !== undefined) return q.where('w.id', '=', filter.employeeId);
  const g = filter.group;
  if (!g) return q;
  return q
    .where('w.position', '=', g.position)
    .where((eb) => (g.regionId === null ? eb('w.region_id', 'is', null) : eb('w.region_id', '=', g.regionId)))
    .where((eb) => (g.line === null ? eb('w.line', 'is', null) : eb('w.line', '=', g.line)));
}

/** The people a period scores: on the payroll at some time in it. */
export async function listScoredPeople(x: Reader, period: Span, filter: PeopleFilter = {}): Promise<ScoredPerson[]> {
  const k = executorOf(x);
  let q = k
    .selectFrom('employees as e')
    .leftJoin('regions as r', 'r.id', 'e.region_id')
    .leftJoin('projects as p', 'p.id', 'e.project_id')
    .select([
      'e.id',
      'e.employee_no',
      'e.name',
      'e.line',
      'e.position',
      'e.region_id',
      'r.name as region_name',
      'e.project_id',
      'p.name as project_name',
    ])
    .where((eb) => eb.or([eb('e.active', '=', 1), eb('e.left_on', '>=', period.from)]));
  if (!isWhole(filter)) q = q.where('e.id', 'in', peopleIn(k, filter));
  const rows = await q.orderBy('e.id').execute();
  return rows.map((p) => ({
    employeeId: p.id,
    employeeNo: p.employee_no,
    name: p.name,
    line: oneOfOrNull(LINES, p.line, 'employees.line'),
    position: oneOf(POSITIONS, p.position, 'employees.position'),
    regionId: p.region_id,
    regionName: p.region_name,
    projectId: p.project_id,
    projectName: p.project_name,
  }));
}

/** Duties due in the period; with a filter, those its people were due or attended. */
export async function listDutyFacts(x: Reader, period: Span, filter: PeopleFilter = {}): Promise<DutyFact[]> {
  const k = executorOf(x);
  let q = k
    .selectFrom('duties')
    .select(['id', 'employee_id', 'attended_by', 'status', 'due_to', 'completed_on'])
    .where('due_to', '>=', period.from)
    .where('due_to', '<=', period.to);
  if (!isWhole(filter))
    q = q.where((eb) =>
      eb.or([eb('employee_id', 'in', peopleIn(k, filter)), eb('attended_by', 'in', peopleIn(k, filter))]),
    );
  const rows = await q.execute();
  return rows.map((d) => ({
    id: d.id,
    employeeId: d.employee_id,
    attendedBy: d.attended_by,
    status: oneOf(DUTY_STATUSES, d.status, 'duties.status'),
    dueTo: d.due_to,
    completedOn: d.completed_on,
  }));
}

/** Visits recorded in the period; with a filter, those its people recorded or were present at. */
export async function listVisitRows(x: Reader, period: Span, filter: PeopleFilter = {}): Promise<VisitRow[]> {
  const k = executorOf(x);
  let q = k
    .selectFrom('visits as v')
    .select(['v.id', 'v.employee_id', 'v.form_version_id', 'v.answers'])
    .where('v.visited_on', '>=', period.from)
    .where('v.visited_on', '<=', period.to);
  if (!isWhole(filter)) {
    q = q.where((eb) =>
      eb.or([
        eb('v.employee_id', 'in', peopleIn(k, filter)),
        eb.exists(
          eb
            .selectFrom('visit_staff as vs')
            .select('vs.visit_id')
            .whereRef('vs.visit_id', '=', 'v.id')
            .where('vs.employee_id', 'in', peopleIn(k, filter)),
        ),
      ]),
    );
  }
  const rows = await q.execute();
  const staff = await k
    .selectFrom('visit_staff as vs')
    .innerJoin('visits as v', 'v.id', 'vs.visit_id')
    .select(['vs.visit_id', 'vs.employee_id'])
    .where('v.visited_on', '>=', period.from)
    .where('v.visited_on', '<=', period.to)
    .execute();
  const staffOf = new Map<number, number[]>();
  for (const s of staff) {
    const list = staffOf.get(s.visit_id);
    if (list) list.push(s.employee_id);
    else staffOf.set(s.visit_id, [s.employee_id]);
  }
  return rows.map((v) => ({
    id: v.id,
    recorderId: v.employee_id,
    staffIds: staffOf.get(v.id) ?? [],
    formVersionId: v.form_version_id,
    answers: parseAnswers(v.answers, v.id),
  }));
}

/** Improvement actions due in the period; with a filter, those its people own. */
export async function listActionFacts(x: Reader, period: Span, filter: PeopleFilter = {}): Promise<ActionFact[]> {
  const k = executorOf(x);
  let q = k
    .selectFrom('plan_actions')
    .select(['id', 'owner_id', 'due_on', 'done_on'])
    .where('due_on', '>=', period.from)
    .where('due_on', '<=', period.to);
  if (!isWhole(filter)) q = q.where('owner_id', 'in', peopleIn(k, filter));
  const rows = await q.execute();
  return rows.map((a) => ({ id: a.id, ownerId: a.owner_id, dueOn: a.due_on, doneOn: a.done_on }));
}

// ——— what the records were, for a score's explanation ———

export type DutyDescription = {
  id: number;
  kind: DutyKind;
  dueFrom: IsoDate;
  dueTo: IsoDate;
  status: DutyStatus;
  completedOn: IsoDate | null;
  dueName: string;
  attendedName: string | null;
  projectName: string | null;
  eventTitle: string | null;
};
export type VisitDescription = {
  id: number;
  visitedOn: IsoDate;
  checkpoint: number;
  channel: string;
  projectName: string;
  formVersionId: number;
  answers: Record<string, unknown>;
};
export type ActionRecord = {
  id: number;
  title: string;
  planId: number;
  planTitle: string;
  dueOn: IsoDate;
  doneOn: IsoDate | null;
};

const unique = (ids: readonly number[]) => [...new Set(ids)];

export async function describeDuties(x: Reader, ids: readonly number[]): Promise<Map<number, DutyDescription>> {
  const wanted = unique(ids);
  if (wanted.length === 0) return new Map();
  const rows = await executorOf(x)
    .selectFrom('duties as d')
    .innerJoin('employees as e', 'e.id', 'd.employee_id')
    // The attendee is named only when someone other than the person due attended.
    .leftJoin('employees as a', (j) => j.onRef('a.id', '=', 'd.attended_by').onRef('a.id', '<>', 'd.employee_id'))
    .leftJoin('projects as p', 'p.id', 'd.project_id')
    .leftJoin('checkpoint_events as ev', 'ev.id', 'd.event_id')
    .select([
      'd.id',
      'd.kind',
      'd.due_from',
      'd.due_to',
      'd.status',
      'd.completed_on',
      'e.name as due_name',
      'a.name as attended_name',
      'p.name as project_name',
      'ev.title as event_title',
    ])
    .where('d.id', 'in', wanted)
    .execute();
  return new Map(
    rows.map((d) => [
      d.id,
      {
        id: d.id,
        kind: oneOf(DUTY_KINDS, d.kind, 'duties.kind'),
        dueFrom: d.due_from,
        dueTo: d.due_to,
        status: oneOf(DUTY_STATUSES, d.status, 'duties.status'),
        completedOn: d.completed_on,
        dueName: d.due_name,
        attendedName: d.attended_name,
        projectName: d.project_name,
        eventTitle: d.event_title,
      },
    ]),
  );
}

export async function describeVisits(x: Reader, ids: readonly number[]): Promise<Map<number, VisitDescription>> {
  const wanted = unique(ids);
  if (wanted.length === 0) return new Map();
  const rows = await executorOf(x)
    .selectFrom('visits as v')
    .innerJoin('projects as p', 'p.id', 'v.project_id')
    .select([
      'v.id',
      'v.visited_on',
      'v.checkpoint',
      'v.channel',
      'p.name as project_name',
      'v.answers',
      'v.form_version_id',
    ])
    .where('v.id', 'in', wanted)
    .execute();
  return new Map(
    rows.map((v) => [
      v.id,
      {
        id: v.id,
        visitedOn: v.visited_on,
        checkpoint: v.checkpoint,
        channel: v.channel,
        projectName: v.project_name,
        formVersionId: v.form_version_id,
        answers: parseAnswers(v.answers, v.id),
      },
    ]),
  );
}

export async function describeActions(x: Reader, ids: readonly number[]): Promise<Map<number, ActionRecord>> {
  const wanted = unique(ids);
  if (wanted.length === 0) return new Map();
  const rows = await executorOf(x)
    .selectFrom('plan_actions as a')
    .innerJoin('improvement_plans as pl', 'pl.id', 'a.plan_id')
    .select(['a.id', 'a.title', 'a.plan_id', 'pl.title as plan_title', 'a.due_on', 'a.done_on'])
    .where('a.id', 'in', wanted)
    .execute();
  return new Map(
    rows.map((a) => [
      a.id,
      { id: a.id, title: a.title, planId: a.plan_id, planTitle: a.plan_title, dueOn: a.due_on, doneOn: a.done_on },
    ]),
  );
}

// ——— the version of everything above, for remembering a period's scores ———

/**
 * The version of every record scoring reads (the sum of `score_inputs`,
 * which the database's triggers bump with each write of them, migration
 * 018). Read from the database itself, not a transaction: a version read
 * inside a unit of work could count a write that is then rolled back. Read
 * it before the records: the records read afterwards are at least as new.
 */
export async function scoreInputsVersion(db: Db): Promise<string> {
  const row = await db.kysely
    .selectFrom('score_inputs')
    .select((eb) => eb.fn.sum<number | string>('version').as('v'))
    .executeTakeFirstOrThrow();
  return String(row.v);
}
