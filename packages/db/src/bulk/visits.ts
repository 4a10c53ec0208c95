import {
  monthOf,
  type Answers,
  type Checkpoint,
  type FormDefinition,
  type IsoDate,
  type IssueItem,
  type VisitChannel,
} from '@frontline/core';
import type BetterSqlite3 from 'better-sqlite3';
import { monthlyFigures, prepareMonthlyTotals, totalsDimension } from './monthly-totals.ts';
import { writeAudit, type AuditContext, type AuditEntry } from '../repositories/audit.ts';
import type { Db } from '../open.ts';
import { isIssueList } from '../repositories/visits.ts';
import { unitOfWork, type Executor } from '../unit-of-work.ts';
import { pgInsertRows, pgRun } from './postgres.ts';

/**
 * A visit's rows, on prepared statements: this is the hot write path of the
 * product (every device's submissions land here). It decides nothing: the
 * visits feature checks the visit, its client id and its duty first; this
 * writes the visit, its households, staff, answers, issue items and the
 * monthly totals they add to.
 */

/** A visit whose every check has passed, as it is written. */
export type NewVisit = {
  clientId: string;
  employeeId: number;
  dutyId: number | null;
  bookingId: number | null;
  checkpoint: Checkpoint;
  formVersionId: number;
  definition: FormDefinition;
  projectId: number;
  regionId: number;
  channel: VisitChannel;
  visitedOn: IsoDate;
  visitedAt: string;
  householdIds: number[];
  staffIds: number[];
  answers: Answers;
  photoIds: string[];
};

/** Numbers, choices, texts and dates as rows keyed by the question's stable key; issue lists go to their own table. */
export function scalarAnswersOf(def: FormDefinition, answers: Answers) {
  const rows: {
    question_key: string;
    type: string;
    dimension: string | null;
    num: number | null;
    text: string | null;
  }[] = [];
  for (const q of def.questions) {
    const a = answers[q.key];
    if (a === undefined || q.type === 'issues') continue;
    const num = typeof a === 'number' ? a : null;
    const text = typeof a === 'string' ? a : num === null ? JSON.stringify(a) : null;
    rows.push({ question_key: q.key, type: q.type, dimension: q.dimension, num, text });
  }
  return rows;
}

export function issueItemsOf(
  def: FormDefinition,
  answers: Answers,
): { questionKey: string; position: number; item: IssueItem }[] {
  return def.questions.flatMap((q) => {
    const list = answers[q.key];
    return q.type === 'issues' && isIssueList(list)
      ? list.map((item, position) => ({ questionKey: q.key, position, item }))
      : [];
  });
}

function prepareVisitStatements(sqlite: BetterSqlite3.Database) {
  return {
    visit: sqlite.prepare(
      `insert into visits (client_id, employee_id, duty_id, booking_id, checkpoint, form_version_id, project_id, region_id, channel, visited_on, visited_at, answers, issue_count, created_at)
       values (@clientId, @employeeId, @dutyId, @bookingId, @checkpoint, @formVersionId, @projectId, @regionId, @channel, @visitedOn, @visitedAt, @answers, @issueCount, @at)`,
    ),
    household: sqlite.prepare('insert into visit_households (visit_id, household_id) values (?, ?)'),
    staff: sqlite.prepare('insert into visit_staff (visit_id, employee_id) values (?, ?)'),
    answer: sqlite.prepare(
      'insert into visit_answers (visit_id, question_key, type, dimension, num, text) values (?, ?, ?, ?, ?, ?)',
    ),
    issue: sqlite.prepare(
      `insert into visit_issues (visit_id, question_key, position, dimension, category_id, severity, building, unit, room, area, description, project_id, checkpoint, visited_on)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    ...prepareMonthlyTotals(sqlite),
  };
}
const visitStatements = new WeakMap<BetterSqlite3.Database, ReturnType<typeof prepareVisitStatements>>();

/**
 * Writes a new visit's rows and answers its id. Runs inside the caller's unit
 * of work (`tx`), so the rows commit or roll back with it. On SQLite the
 * cached prepared statements run synchronously on the connection that
 * transaction holds (the hot path stays one library call a row; never `db`'s
 * Kysely, which would wait for the connection the transaction holds). On
 * PostgreSQL the same rows go through `tx`, a multi-row INSERT a table, the
 * monthly cells added up per cell first (an upsert may not touch one row
 * twice in a statement).
 */
export async function insertVisitRows(
  db: Db,
  tx: Executor,
  v: NewVisit,
  at: number,
): Promise<{ id: number; issueCount: number }> {
  return db.dialect === 'postgres' ? insertVisitRowsPostgres(tx, v, at) : insertVisitRowsSqlite(db, v, at);
}

function insertVisitRowsSqlite(db: Db, v: NewVisit, at: number): { id: number; issueCount: number } {
  const sqlite = db.sqlite;
  let s = visitStatements.get(sqlite);
  if (!s) visitStatements.set(sqlite, (s = prepareVisitStatements(sqlite)));
  const issues = issueItemsOf(v.definition, v.answers);
  const id = Number(s.visit.run(visitRowOf(v, issues.length, at)).lastInsertRowid);
  for (const h of new Set(v.householdIds)) s.household.run(id, h);
  for (const e of visitStaffOf(v)) s.staff.run(id, e);
  const month = monthOf(v.visitedOn);
  const cell = [v.regionId, v.projectId, v.checkpoint] as const;
  s.visitMonthly.run(...cell, month);
  for (const a of scalarAnswersOf(v.definition, v.answers)) {
    s.answer.run(id, a.question_key, a.type, a.dimension, a.num, a.text);
    if (a.num !== null && (a.type === 'rating' || a.type === 'nps'))
      s.feedbackMonthly.run(...cell, totalsDimension(a), month, ...monthlyFigures(a.type, a.num));
  }
  for (const { questionKey, position, item } of issues) {
    s.issue.run(...issueRowOf(v, id, questionKey, position, item));
    s.issueMonthly.run(...cell, item.categoryId, month);
  }
  return { id, issueCount: issues.length };
}

/** The visits row's values, named as the SQLite statement's parameters. */
function visitRowOf(v: NewVisit, issueCount: number, at: number) {
  return {
    clientId: v.clientId,
    employeeId: v.employeeId,
    dutyId: v.dutyId,
    bookingId: v.bookingId,
    checkpoint: v.checkpoint,
    formVersionId: v.formVersionId,
    projectId: v.projectId,
    regionId: v.regionId,
    channel: v.channel,
    visitedOn: v.visitedOn,
    visitedAt: v.visitedAt,
    answers: JSON.stringify(v.answers),
    issueCount,
    at,
  };
}

/** Who made the visit: its employee and the staff with them, each once. */
function visitStaffOf(v: NewVisit): Set<number> {
  return new Set([v.employeeId, ...v.staffIds]);
}

/** A visit_issues row, in ISSUE_COLUMNS order. */
function issueRowOf(v: NewVisit, visitId: number, questionKey: string, position: number, item: IssueItem) {
  return [
    visitId,
    questionKey,
    position,
    item.dimension,
    item.categoryId,
    item.severity,
    item.building,
    item.unit,
    item.room,
    item.area,
    item.description,
    v.projectId,
    v.checkpoint,
    v.visitedOn,
  ] as const;
}

const VISIT_COLUMNS = [
  'client_id',
  'employee_id',
  'duty_id',
  'booking_id',
  'checkpoint',
  'form_version_id',
  'project_id',
  'region_id',
  'channel',
  'visited_on',
  'visited_at',
  'answers',
  'issue_count',
  'created_at',
] as const;
const ISSUE_COLUMNS = [
  'visit_id',
  'question_key',
  'position',
  'dimension',
  'category_id',
  'severity',
  'building',
  'unit',
  'room',
  'area',
  'description',
  'project_id',
  'checkpoint',
  'visited_on',
] as const;
const FEEDBACK_FIGURES = [
  'rating_sum',
  'rating_count',
  'rating_satisfied',
  'promoters',
  'passives',
  'detractors',
] as const;

async function insertVisitRowsPostgres(
  tx: Executor,
  v: NewVisit,
  at: number,
): Promise<{ id: number; issueCount: number }> {
  const issues = issueItemsOf(v.definition, v.answers);
  const row = visitRowOf(v, issues.length, at);
  const { rows } = await pgInsertRows<{ id: number }>(
    tx,
    'visits',
    VISIT_COLUMNS,
    [
      [
        row.clientId,
        row.employeeId,
        row.dutyId,
        row.bookingId,
        row.checkpoint,
        row.formVersionId,
        row.projectId,
        row.regionId,
        row.channel,
        row.visitedOn,
        row.visitedAt,
        row.answers,
        row.issueCount,
        row.at,
      ],
    ],
    'returning id',
  );
  const id = Number(rows[0]!.id);
  const households = [...new Set(v.householdIds)].map((h) => [id, h]);
  await pgInsertRows(tx, 'visit_households', ['visit_id', 'household_id'], households);
  await pgInsertRows(
    tx,
    'visit_staff',
    ['visit_id', 'employee_id'],
    [...visitStaffOf(v)].map((e) => [id, e]),
  );
  const month = monthOf(v.visitedOn);
  const cell = [v.regionId, v.projectId, v.checkpoint] as const;
  await pgRun(
    tx,
    `insert into visit_monthly (region_id, project_id, checkpoint, month, visits) values ($1, $2, $3, $4, 1)
     on conflict (region_id, project_id, checkpoint, month) do update set visits = visit_monthly.visits + 1`,
    [...cell, month],
  );
  const answers = scalarAnswersOf(v.definition, v.answers);
  await pgInsertRows(
    tx,
    'visit_answers',
    ['visit_id', 'question_key', 'type', 'dimension', 'num', 'text'],
    answers.map((a) => [id, a.question_key, a.type, a.dimension, a.num, a.text]),
  );
  const feedback = new Map<string, number[]>();
  for (const a of answers) {
    if (a.num === null || (a.type !== 'rating' && a.type !== 'nps')) continue;
    const figures = monthlyFigures(a.type, a.num);
    const dimension = totalsDimension(a);
    const sum = feedback.get(dimension);
    if (sum) figures.forEach((f, i) => (sum[i]! += f));
    else feedback.set(dimension, [...figures]);
  }
  await pgInsertRows(
    tx,
    'feedback_monthly',
    ['region_id', 'project_id', 'checkpoint', 'dimension', 'month', ...FEEDBACK_FIGURES],
    [...feedback].map(([dimension, figures]) => [...cell, dimension, month, ...figures]),
    `on conflict (region_id, project_id, checkpoint, dimension, month) do update set ${FEEDBACK_FIGURES.map(
      (f) => `${f} = feedback_monthly.${f} + excluded.${f}`,
    ).join(', ')}`,
  );
  await pgInsertRows(
    tx,
    'visit_issues',
    ISSUE_COLUMNS,
    issues.map(({ questionKey, position, item }) => issueRowOf(v, id, questionKey, position, item)),
  );
  const perCategory = new Map<number, number>();
  for (const { item } of issues) perCategory.set(item.categoryId, (perCategory.get(item.categoryId) ?? 0) + 1);
  await pgInsertRows(
    tx,
    'issue_monthly',
    ['region_id', 'project_id', 'checkpoint', 'category_id', 'month', 'items'],
    [...perCategory].map(([category, items]) => [...cell, category, month, items]),
    'on conflict (region_id, project_id, checkpoint, category_id, month) do update set items = issue_monthly.items + excluded.items',
  );
  return { id, issueCount: issues.length };
}

/** The audit entry of a recorded visit, the same wherever a visit is recorded (the app, the demo seed, test factories). */
export function visitCreatedAudit(v: NewVisit, id: number, issueCount: number): AuditEntry {
  return {
    action: 'visit.create',
    entity: 'visit',
    entityId: id,
    after: {
      clientId: v.clientId,
      dutyId: v.dutyId,
      bookingId: v.bookingId,
      formVersionId: v.formVersionId,
      households: v.householdIds.length,
      issues: issueCount,
    },
  };
}

/**
 * Records a visit made up rather than submitted (the demo seed, test
 * factories): already valid, new, with no duty to complete and no photos to
 * link, so nothing is left to decide. Its rows and audit entry are one unit
 * of work. Submitted visits go through the visits service, which checks them.
 */
export async function writeMadeUpVisit(db: Db, v: NewVisit, ctx: AuditContext): Promise<number> {
  if (v.dutyId !== null || v.photoIds.length > 0)
    throw new Error('a visit with a duty or photos is recorded through the visits service');
  const written = await unitOfWork(db, async (tx) => {
    const { id, issueCount } = await insertVisitRows(db, tx, v, ctx.at);
    await writeAudit(tx, ctx, visitCreatedAudit(v, id, issueCount));
    return id;
  });
  if (!written.ok) throw new Error(written.error.code);
  return written.value;
}
