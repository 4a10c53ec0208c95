import {
  dutyOutcomeOfVisit,
  monthOf,
  type AppError,
  type Answers,
  type Checkpoint,
  type Dimension,
  type DutyStatus,
  type FormDefinition,
  type IsoDate,
  type IssueItem,
  type Label,
  type Result,
  type Severity,
  type VisitChannel,
} from '@frontline/core';
import { sql, type Kysely } from 'kysely';
import type BetterSqlite3 from 'better-sqlite3';
import { monthlyFigures, prepareMonthlyTotals, totalsDimension } from './bulk/monthly-totals.ts';
import { writeAuditSync, type AuditContext } from './audit.ts';
import { exclusive, type Db } from './open.ts';
import { bookingHistoryOf, type HouseholdBookingHistory } from './reception.ts';
import { getFormVersion } from './forms.ts';
import { Refusal, refusing } from './refusal.ts';
import type { Database } from './schema.ts';

/**
 * Visit records: what staff heard at a checkpoint, filed against a form
 * version. A visit is made once per client id (the device makes it when the
 * form opens), so double taps, retries and replays all land on one record;
 * its duty is completed and its photos linked in the same transaction.
 */

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

export type VisitIssue = IssueItem & { id: number; questionKey: string; categoryLabel: Label };
export type VisitPhoto = { id: string; width: number; height: number; bytes: number };

export type VisitSummary = {
  id: number;
  clientId: string;
  employeeId: number;
  employeeName: string;
  dutyId: number | null;
  bookingId: number | null;
  checkpoint: Checkpoint;
  formVersionId: number;
  formVersion: number;
  formTitle: Label;
  projectId: number;
  projectName: string;
  regionId: number;
  channel: VisitChannel;
  visitedOn: IsoDate;
  visitedAt: string;
  overall: number | null;
  issueCount: number;
  householdIds: number[];
  createdAt: number;
};

export type Visit = VisitSummary & {
  definition: FormDefinition;
  answers: Answers;
  staff: { id: number; name: string }[];
  issues: VisitIssue[];
  photos: VisitPhoto[];
};

/** The visit a client id already made, if any. */
export async function visitOfClientId(db: Db | Kysely<Database>, clientId: string): Promise<{ id: number; employeeId: number } | undefined> {
  const k = 'kysely' in db ? db.kysely : db;
  const row = await k.selectFrom('visits').select(['id', 'employee_id']).where('client_id', '=', clientId).executeTakeFirst();
  return row && { id: row.id, employeeId: row.employee_id };
}

/**
 * Records a visit, or returns the one its client id already made. Everything
 * is one transaction: the visit, its households, staff, answers, issue items,
 * photo links, the duty's completion, the draft's removal, the audit entry.
 * It runs on prepared statements: this is the hot write path of the product.
 */
export async function recordVisit(db: Db, v: NewVisit, ctx: AuditContext): Promise<Result<{ id: number; created: boolean }, AppError>> {
  try {
    return await refusing(() => exclusive(db, () => insertVisit(db.sqlite, v, ctx)));
  } catch (e) {
    // A concurrent writer on another connection made it first: that record is the answer.
    if (String((e as { code?: unknown }).code) === 'SQLITE_CONSTRAINT_UNIQUE' && String((e as Error).message).includes('visits.client_id')) {
      const existing = await visitOfClientId(db, v.clientId);
      if (existing && existing.employeeId === v.employeeId) return { ok: true, value: { id: existing.id, created: false } };
    }
    throw e;
  }
}

function prepareVisitStatements(sqlite: BetterSqlite3.Database) {
  return {
    byClientId: sqlite.prepare<[string], { id: number; employee_id: number }>('select id, employee_id from visits where client_id = ?'),
    visit: sqlite.prepare(
      `insert into visits (client_id, employee_id, duty_id, booking_id, checkpoint, form_version_id, project_id, region_id, channel, visited_on, visited_at, answers, issue_count, created_at)
       values (@clientId, @employeeId, @dutyId, @bookingId, @checkpoint, @formVersionId, @projectId, @regionId, @channel, @visitedOn, @visitedAt, @answers, @issueCount, @at)`,
    ),
    household: sqlite.prepare('insert into visit_households (visit_id, household_id) values (?, ?)'),
    staff: sqlite.prepare('insert into visit_staff (visit_id, employee_id) values (?, ?)'),
    answer: sqlite.prepare('insert into visit_answers (visit_id, question_key, type, dimension, num, text) values (?, ?, ?, ?, ?, ?)'),
    issue: sqlite.prepare(
      `insert into visit_issues (visit_id, question_key, position, dimension, category_id, severity, building, unit, room, area, description, project_id, checkpoint, visited_on)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    photo: sqlite.prepare('update photos set visit_id = ? where id = ? and uploaded_by = ? and visit_id is null'),
    duty: sqlite.prepare<[number], { status: string; due_from: string; due_to: string }>('select status, due_from, due_to from duties where id = ?'),
    completeDuty: sqlite.prepare(`update duties set status = 'done', completed_on = ?, attended_by = ?, notes = ?, updated_at = ? where id = ? and status = ?`),
    dropDraft: sqlite.prepare('delete from visit_drafts where client_id = ?'),
    ...prepareMonthlyTotals(sqlite),
  };
}
const visitStatements = new WeakMap<BetterSqlite3.Database, ReturnType<typeof prepareVisitStatements>>();

function insertVisit(sqlite: BetterSqlite3.Database, v: NewVisit, ctx: AuditContext): { id: number; created: boolean } {
  let s = visitStatements.get(sqlite);
  if (!s) visitStatements.set(sqlite, (s = prepareVisitStatements(sqlite)));
  const existing = s.byClientId.get(v.clientId);
  if (existing) {
    if (existing.employee_id !== v.employeeId) throw new Refusal({ code: 'VISIT_CLIENT_ID_REUSED', fields: { clientId: 'VISIT_CLIENT_ID_REUSED' } });
    return { id: existing.id, created: false };
  }
  const issues = issueItemsOf(v.definition, v.answers);
  const id = Number(
    s.visit.run({
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
      issueCount: issues.length,
      at: ctx.at,
    }).lastInsertRowid,
  );
  for (const h of new Set(v.householdIds)) s.household.run(id, h);
  for (const e of new Set([v.employeeId, ...v.staffIds])) s.staff.run(id, e);
  const month = monthOf(v.visitedOn);
  const cell = [v.regionId, v.projectId, v.checkpoint] as const;
  s.visitMonthly.run(...cell, month);
  for (const a of scalarAnswersOf(v.definition, v.answers)) {
    s.answer.run(id, a.question_key, a.type, a.dimension, a.num, a.text);
    if (a.num !== null && (a.type === 'rating' || a.type === 'nps')) s.feedbackMonthly.run(...cell, totalsDimension(a), month, ...monthlyFigures(a.type, a.num));
  }
  for (const { questionKey, position, item } of issues) {
    s.issue.run(id, questionKey, position, item.dimension, item.categoryId, item.severity, item.building, item.unit, item.room, item.area, item.description, v.projectId, v.checkpoint, v.visitedOn);
    s.issueMonthly.run(...cell, item.categoryId, month);
  }
  for (const photo of v.photoIds) {
    if (s.photo.run(id, photo, v.employeeId).changes !== 1) throw new Refusal({ code: 'PHOTO_NOT_FOUND', fields: { photos: 'PHOTO_NOT_FOUND' } });
  }
  if (v.dutyId !== null) {
    // Completes the duty when the visit falls in its window; a done or excused duty just gains the record.
    const duty = s.duty.get(v.dutyId);
    if (!duty) throw new Refusal({ code: 'NOT_FOUND', fields: { dutyId: 'NOT_FOUND' } });
    const outcome = dutyOutcomeOfVisit({ status: duty.status as DutyStatus, dueFrom: duty.due_from, dueTo: duty.due_to }, v.visitedOn);
    if (!outcome.ok) throw new Refusal(outcome.error);
    if (outcome.value === 'complete') {
      s.completeDuty.run(v.visitedOn, v.employeeId, `拜访记录 #${id}`, ctx.at, v.dutyId, duty.status);
      writeAuditSync(sqlite, ctx, { action: 'duty.complete', entity: 'duty', entityId: v.dutyId, before: { status: duty.status }, after: { status: 'done', completedOn: v.visitedOn, visitId: id } });
    }
  }
  s.dropDraft.run(v.clientId);
  writeAuditSync(sqlite, ctx, {
    action: 'visit.create',
    entity: 'visit',
    entityId: id,
    after: { clientId: v.clientId, dutyId: v.dutyId, bookingId: v.bookingId, formVersionId: v.formVersionId, households: v.householdIds.length, issues: issues.length },
  });
  return { id, created: true };
}

/** Numbers, choices, texts and dates as rows keyed by the question's stable key; issue lists go to their own table. */
export function scalarAnswersOf(def: FormDefinition, answers: Answers) {
  const rows: { question_key: string; type: string; dimension: string | null; num: number | null; text: string | null }[] = [];
  for (const q of def.questions) {
    const a = answers[q.key];
    if (a === undefined || q.type === 'issues') continue;
    const num = typeof a === 'number' ? a : null;
    const text = typeof a === 'string' ? a : num === null ? JSON.stringify(a) : null;
    rows.push({ question_key: q.key, type: q.type, dimension: q.dimension, num, text });
  }
  return rows;
}

export function issueItemsOf(def: FormDefinition, answers: Answers): { questionKey: string; position: number; item: IssueItem }[] {
  return def.questions
    .filter((q) => q.type === 'issues' && answers[q.key] !== undefined)
    .flatMap((q) => (answers[q.key] as IssueItem[]).map((item, position) => ({ questionKey: q.key, position, item })));
}

export type VisitFilter = {
  employeeId?: number | undefined;
  householdId?: number | undefined;
  regionIds?: number[] | undefined;
  projectIds?: number[] | undefined;
  projectId?: number | undefined;
  checkpoint?: number | undefined;
  dimension?: Dimension | undefined;
  /** Visits that raised an issue of this category (drill-down from the analysis heat map). */
  categoryId?: number | undefined;
  from?: IsoDate | undefined;
  to?: IsoDate | undefined;
  limit: number;
  offset: number;
};

function summaryQuery(db: Kysely<Database>) {
  return db
    .selectFrom('visits as v')
    .innerJoin('employees as e', 'e.id', 'v.employee_id')
    .innerJoin('projects as p', 'p.id', 'v.project_id')
    .innerJoin('form_versions as fv', 'fv.id', 'v.form_version_id')
    .leftJoin('visit_answers as o', (j) => j.onRef('o.visit_id', '=', 'v.id').on('o.question_key', '=', 'overall'))
    .select([
      'v.id',
      'v.client_id',
      'v.employee_id',
      'e.name as employee_name',
      'v.duty_id',
      'v.booking_id',
      'v.checkpoint',
      'v.form_version_id',
      'fv.version as form_version',
      sql<string>`json_extract(fv.definition, '$.title')`.as('form_title'),
      'v.project_id',
      'p.name as project_name',
      'v.region_id',
      'v.channel',
      'v.visited_on',
      'v.visited_at',
      'o.num as overall',
      'v.issue_count',
      sql<string>`(select group_concat(household_id) from visit_households vh where vh.visit_id = v.id)`.as('household_ids'),
      'v.created_at',
    ]);
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof summaryQuery>['executeTakeFirstOrThrow']>>;

const toSummary = (r: SummaryRow): VisitSummary => ({
  id: r.id,
  clientId: r.client_id,
  employeeId: r.employee_id,
  employeeName: r.employee_name,
  dutyId: r.duty_id,
  bookingId: r.booking_id,
  checkpoint: r.checkpoint as Checkpoint,
  formVersionId: r.form_version_id,
  formVersion: r.form_version,
  formTitle: JSON.parse(r.form_title) as Label,
  projectId: r.project_id,
  projectName: r.project_name,
  regionId: r.region_id,
  channel: r.channel as VisitChannel,
  visitedOn: r.visited_on,
  visitedAt: r.visited_at,
  overall: r.overall,
  issueCount: r.issue_count,
  householdIds: (r.household_ids ?? '').split(',').filter(Boolean).map(Number),
  createdAt: r.created_at,
});

/** Visits, newest first, filtered by person, household, scope, project, checkpoint, dimension, issue category and period. */
export async function listVisits(db: Db, f: VisitFilter): Promise<{ items: VisitSummary[]; total: number }> {
  let q = summaryQuery(db.kysely);
  if (f.employeeId !== undefined) q = q.where('v.id', 'in', (eb) => eb.selectFrom('visit_staff').select('visit_id').where('employee_id', '=', f.employeeId!));
  if (f.householdId !== undefined) q = q.where('v.id', 'in', (eb) => eb.selectFrom('visit_households').select('visit_id').where('household_id', '=', f.householdId!));
  if (f.regionIds) q = q.where('v.region_id', 'in', f.regionIds.length ? f.regionIds : [-1]);
  if (f.projectIds) q = q.where('v.project_id', 'in', f.projectIds.length ? f.projectIds : [-1]);
  if (f.projectId !== undefined) q = q.where('v.project_id', '=', f.projectId);
  if (f.checkpoint !== undefined) q = q.where('v.checkpoint', '=', f.checkpoint);
  if (f.from) q = q.where('v.visited_on', '>=', f.from);
  if (f.to) q = q.where('v.visited_on', '<=', f.to);
  if (f.categoryId !== undefined) {
    const category = f.categoryId;
    q = q.where((eb) => eb.exists(eb.selectFrom('visit_issues as i').select('i.id').whereRef('i.visit_id', '=', 'v.id').where('i.category_id', '=', category)));
  }
  if (f.dimension) {
    const d = f.dimension;
    q = q.where((eb) =>
      eb.or([
        eb.exists(eb.selectFrom('visit_issues as i').select('i.id').whereRef('i.visit_id', '=', 'v.id').where('i.dimension', '=', d)),
        eb.exists(eb.selectFrom('visit_answers as a').select('a.visit_id').whereRef('a.visit_id', '=', 'v.id').where('a.dimension', '=', d)),
      ]),
    );
  }
  const rows = await q.orderBy('v.visited_on', 'desc').orderBy('v.visited_at', 'desc').orderBy('v.id', 'desc').limit(f.limit).offset(f.offset).execute();
  const { n } = await q.clearSelect().clearOrderBy().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { items: rows.map(toSummary), total: Number(n) };
}

/** One visit with its answers read through the version it answered. */
export async function getVisit(db: Db, id: number): Promise<Visit | undefined> {
  const row = await summaryQuery(db.kysely).select(['v.answers']).where('v.id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const [version, staff, issues, photos] = await Promise.all([
    getFormVersion(db, row.form_version_id),
    db.kysely
      .selectFrom('visit_staff as s')
      .innerJoin('employees as e', 'e.id', 's.employee_id')
      .select(['e.id', 'e.name'])
      .where('s.visit_id', '=', id)
      .orderBy('e.id')
      .execute(),
    db.kysely
      .selectFrom('visit_issues as i')
      .innerJoin('issue_categories as c', 'c.id', 'i.category_id')
      .select(['i.id', 'i.question_key', 'i.position', 'i.dimension', 'i.category_id', 'i.severity', 'i.building', 'i.unit', 'i.room', 'i.area', 'i.description', 'c.name_zh', 'c.name_en'])
      .where('i.visit_id', '=', id)
      .orderBy('i.question_key')
      .orderBy('i.position')
      .execute(),
    db.kysely.selectFrom('photos').select(['id', 'width', 'height', 'bytes']).where('visit_id', '=', id).orderBy('created_at').execute(),
  ]);
  const answers = JSON.parse(row.answers) as Answers;
  return {
    ...toSummary(row),
    definition: version!.definition,
    answers,
    staff,
    issues: issues.map((i) => ({
      id: i.id,
      questionKey: i.question_key,
      dimension: i.dimension as Dimension,
      categoryId: i.category_id,
      categoryLabel: { zh: i.name_zh, en: i.name_en },
      severity: i.severity as Severity,
      building: i.building,
      unit: i.unit,
      room: i.room,
      area: i.area,
      description: i.description,
      photos: (answers[i.question_key] as IssueItem[] | undefined)?.[i.position]?.photos ?? [],
    })),
    photos,
  };
}

export type TimelineEntry =
  | { kind: 'visit'; on: IsoDate; at: string; visit: VisitSummary; issues: { description: string; categoryLabel: Label; severity: Severity }[] }
  | { kind: 'booking'; on: IsoDate; at: string; booking: HouseholdBookingHistory };

/**
 * Every touchpoint of a household, newest first: reception bookings and
 * visits with what was raised. Complaints join once they exist.
 */
export async function householdTimeline(db: Db, householdId: number): Promise<TimelineEntry[]> {
  const [visits, bookings] = await Promise.all([listVisits(db, { householdId, limit: 1000, offset: 0 }), bookingHistoryOf(db, [householdId])]);
  const ids = visits.items.map((v) => v.id);
  const issues = ids.length
    ? await db.kysely
        .selectFrom('visit_issues as i')
        .innerJoin('issue_categories as c', 'c.id', 'i.category_id')
        .select(['i.visit_id', 'i.description', 'i.severity', 'c.name_zh', 'c.name_en'])
        .where('i.visit_id', 'in', ids)
        .orderBy('i.visit_id')
        .orderBy('i.position')
        .execute()
    : [];
  const byVisit = Map.groupBy(issues, (i) => i.visit_id);
  const entries: TimelineEntry[] = [
    ...visits.items.map((visit) => ({
      kind: 'visit' as const,
      on: visit.visitedOn,
      at: visit.visitedAt,
      visit,
      issues: (byVisit.get(visit.id) ?? []).map((i) => ({ description: i.description, severity: i.severity as Severity, categoryLabel: { zh: i.name_zh, en: i.name_en } })),
    })),
    ...bookings.map((booking) => ({ kind: 'booking' as const, on: booking.date, at: booking.startsAt, booking })),
  ];
  return entries.sort((a, b) => (b.on + b.at).localeCompare(a.on + a.at));
}

export type VisitDraft = { clientId: string; formVersionId: number; dutyId: number | null; bookingId: number | null; payload: Record<string, unknown>; updatedAt: number };

/**
 * Keeps the server copy of a draft. A draft whose visit was already submitted
 * is not resurrected, and one client id never crosses to another person.
 */
export async function saveVisitDraft(db: Db, employeeId: number, d: Omit<VisitDraft, 'updatedAt'>, at: number): Promise<'saved' | 'submitted' | 'not_yours'> {
  return db.kysely.transaction().execute(async (trx) => {
    const visit = await visitOfClientId(trx, d.clientId);
    if (visit) return visit.employeeId === employeeId ? 'submitted' : 'not_yours';
    const owner = await trx.selectFrom('visit_drafts').select('employee_id').where('client_id', '=', d.clientId).executeTakeFirst();
    if (owner && owner.employee_id !== employeeId) return 'not_yours';
    const values = { form_version_id: d.formVersionId, duty_id: d.dutyId, booking_id: d.bookingId, payload: JSON.stringify(d.payload), updated_at: at };
    await trx
      .insertInto('visit_drafts')
      .values({ client_id: d.clientId, employee_id: employeeId, ...values })
      .onConflict((oc) => oc.column('client_id').doUpdateSet(values))
      .execute();
    return 'saved';
  });
}

export async function listVisitDrafts(db: Db, employeeId: number): Promise<VisitDraft[]> {
  const rows = await db.kysely.selectFrom('visit_drafts').selectAll().where('employee_id', '=', employeeId).orderBy('updated_at', 'desc').execute();
  return rows.map((r) => ({
    clientId: r.client_id,
    formVersionId: r.form_version_id,
    dutyId: r.duty_id,
    bookingId: r.booking_id,
    payload: JSON.parse(r.payload) as Record<string, unknown>,
    updatedAt: r.updated_at,
  }));
}

export async function deleteVisitDraft(db: Db, employeeId: number, clientId: string): Promise<boolean> {
  const r = await db.kysely.deleteFrom('visit_drafts').where('client_id', '=', clientId).where('employee_id', '=', employeeId).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

export type PhotoRecord = { id: string; uploadedBy: number; contentType: string; bytes: number; width: number; height: number; file: string; thumb: string; visitId: number | null };

/** Stores a photo's record; the same id uploaded again by its owner is the same photo. */
export async function insertPhoto(db: Db, p: Omit<PhotoRecord, 'visitId'>, at: number): Promise<'created' | 'exists' | 'not_yours'> {
  const existing = await getPhoto(db, p.id);
  if (existing) return existing.uploadedBy === p.uploadedBy ? 'exists' : 'not_yours';
  const r = await db.kysely
    .insertInto('photos')
    .values({ id: p.id, uploaded_by: p.uploadedBy, content_type: p.contentType, bytes: p.bytes, width: p.width, height: p.height, file: p.file, thumb: p.thumb, created_at: at })
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1 ? 'created' : 'exists';
}

export async function getPhoto(db: Db, id: string): Promise<PhotoRecord | undefined> {
  const r = await db.kysely.selectFrom('photos').selectAll().where('id', '=', id).executeTakeFirst();
  return r && { id: r.id, uploadedBy: r.uploaded_by, contentType: r.content_type, bytes: r.bytes, width: r.width, height: r.height, file: r.file, thumb: r.thumb, visitId: r.visit_id };
}
