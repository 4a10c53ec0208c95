import {
  dutyOutcomeOfVisit,
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
import { writeAudit, type AuditContext } from './audit.ts';
import type { Db } from './open.ts';
import { bookingHistoryOf, type HouseholdBookingHistory } from './reception.ts';
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
 */
export async function recordVisit(db: Db, v: NewVisit, ctx: AuditContext): Promise<Result<{ id: number; created: boolean }, AppError>> {
  try {
    return await refusing(() => db.kysely.transaction().execute((trx) => insertVisit(trx, v, ctx)));
  } catch (e) {
    // A concurrent writer on another connection made it first: that record is the answer.
    if (String((e as { code?: unknown }).code) === 'SQLITE_CONSTRAINT_UNIQUE' && String((e as Error).message).includes('visits.client_id')) {
      const existing = await visitOfClientId(db, v.clientId);
      if (existing && existing.employeeId === v.employeeId) return { ok: true, value: { id: existing.id, created: false } };
    }
    throw e;
  }
}

async function insertVisit(trx: Kysely<Database>, v: NewVisit, ctx: AuditContext): Promise<{ id: number; created: boolean }> {
  const existing = await visitOfClientId(trx, v.clientId);
  if (existing) {
    if (existing.employeeId !== v.employeeId) throw new Refusal({ code: 'VISIT_CLIENT_ID_REUSED', fields: { clientId: 'VISIT_CLIENT_ID_REUSED' } });
    return { id: existing.id, created: false };
  }
  const issues = issueItemsOf(v.definition, v.answers);
  const { id } = await trx
    .insertInto('visits')
    .values({
      client_id: v.clientId,
      employee_id: v.employeeId,
      duty_id: v.dutyId,
      booking_id: v.bookingId,
      checkpoint: v.checkpoint,
      form_version_id: v.formVersionId,
      project_id: v.projectId,
      region_id: v.regionId,
      channel: v.channel,
      visited_on: v.visitedOn,
      visited_at: v.visitedAt,
      answers: JSON.stringify(v.answers),
      issue_count: issues.length,
      created_at: ctx.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  await trx.insertInto('visit_households').values(v.householdIds.map((household_id) => ({ visit_id: id, household_id }))).execute();
  const staff = [...new Set([v.employeeId, ...v.staffIds])];
  await trx.insertInto('visit_staff').values(staff.map((employee_id) => ({ visit_id: id, employee_id }))).execute();
  const scalars = scalarAnswersOf(v.definition, v.answers);
  if (scalars.length) await trx.insertInto('visit_answers').values(scalars.map((a) => ({ visit_id: id, ...a }))).execute();
  if (issues.length) {
    await trx
      .insertInto('visit_issues')
      .values(
        issues.map(({ questionKey, position, item }) => ({
          visit_id: id,
          question_key: questionKey,
          position,
          dimension: item.dimension,
          category_id: item.categoryId,
          severity: item.severity,
          building: item.building,
          unit: item.unit,
          room: item.room,
          area: item.area,
          description: item.description,
          project_id: v.projectId,
          checkpoint: v.checkpoint,
          visited_on: v.visitedOn,
        })),
      )
      .execute();
  }
  if (v.photoIds.length) {
    const linked = await trx
      .updateTable('photos')
      .set({ visit_id: id })
      .where('id', 'in', v.photoIds)
      .where('uploaded_by', '=', v.employeeId)
      .where('visit_id', 'is', null)
      .executeTakeFirst();
    if (Number(linked.numUpdatedRows) !== v.photoIds.length) throw new Refusal({ code: 'PHOTO_NOT_FOUND', fields: { photos: 'PHOTO_NOT_FOUND' } });
  }
  if (v.dutyId !== null) await completeDuty(trx, v.dutyId, v, id, ctx);
  await trx.deleteFrom('visit_drafts').where('client_id', '=', v.clientId).execute();
  await writeAudit(trx, ctx, {
    action: 'visit.create',
    entity: 'visit',
    entityId: id,
    after: { clientId: v.clientId, dutyId: v.dutyId, bookingId: v.bookingId, formVersionId: v.formVersionId, households: v.householdIds.length, issues: issues.length },
  });
  return { id, created: true };
}

/** Completes the visit's duty when it falls in its window; a done or excused duty just gains the record. */
async function completeDuty(trx: Kysely<Database>, dutyId: number, v: NewVisit, visitId: number, ctx: AuditContext): Promise<void> {
  const duty = await trx.selectFrom('duties').select(['status', 'due_from', 'due_to', 'updated_at']).where('id', '=', dutyId).executeTakeFirst();
  if (!duty) throw new Refusal({ code: 'NOT_FOUND', fields: { dutyId: 'NOT_FOUND' } });
  const outcome = dutyOutcomeOfVisit({ status: duty.status as DutyStatus, dueFrom: duty.due_from, dueTo: duty.due_to }, v.visitedOn);
  if (!outcome.ok) throw new Refusal(outcome.error);
  if (outcome.value === 'keep') return;
  await trx
    .updateTable('duties')
    .set({ status: 'done', completed_on: v.visitedOn, attended_by: v.employeeId, notes: `拜访记录 #${visitId}`, updated_at: ctx.at })
    .where('id', '=', dutyId)
    .where('status', '=', duty.status)
    .execute();
  await writeAudit(trx, ctx, {
    action: 'duty.complete',
    entity: 'duty',
    entityId: dutyId,
    before: { status: duty.status },
    after: { status: 'done', completedOn: v.visitedOn, visitId },
  });
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

/** Visits, newest first, filtered by person, household, scope, project, checkpoint, dimension and period. */
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
  const row = await summaryQuery(db.kysely).select(['v.answers', 'fv.definition']).where('v.id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const [staff, issues, photos] = await Promise.all([
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
    definition: JSON.parse(row.definition) as FormDefinition,
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
