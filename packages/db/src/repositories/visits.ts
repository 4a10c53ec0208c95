import {
  CHECKPOINTS,
  DIMENSIONS,
  SEVERITIES,
  VISIT_CHANNELS,
  type AnswerValue,
  type Answers,
  type Checkpoint,
  type Dimension,
  type FormDefinition,
  type IsoDate,
  type IssueItem,
  type Label,
  type Severity,
  type TimelineKey,
  type VisitChannel,
} from '@frontline/core';
import { z } from 'zod';
import { executorOf, type Executor, type Reader } from '../unit-of-work.ts';
import { oneOf } from './columns.ts';
import { getFormVersion } from './forms.ts';
import { afterTimelineKey } from './timeline-keyset.ts';

/**
 * Visit records as stored: what staff heard at a checkpoint, filed against a
 * form version, with its households, staff, answers, issue items and photos;
 * the drafts a device keeps on the server; uploaded photos. Reads, and the
 * small writes around a visit. The visit's own rows are written on prepared
 * statements in bulk/visits.ts; whether a visit may be recorded, and what it
 * does to its duty, is the visits feature's.
 */

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

const issueItemJson = z.object({
  dimension: z.enum(DIMENSIONS),
  categoryId: z.number(),
  severity: z.enum(SEVERITIES),
  building: z.string(),
  unit: z.string(),
  room: z.string(),
  area: z.string(),
  description: z.string(),
  photos: z.array(z.string()),
});

/** The validated answers a visit stored as JSON, read back. */
const answersJson = z.record(
  z.string(),
  z.union([z.number(), z.string(), z.array(z.string()), z.array(issueItemJson)]),
);

export const parseAnswers = (json: string): Answers => answersJson.parse(JSON.parse(json));

/** An answer that is an issue list (an empty list counts: "no issues"). */
export const isIssueList = (a: AnswerValue | undefined): a is IssueItem[] =>
  Array.isArray(a) && a.every((x) => typeof x === 'object');

/** The visit a client id already made, if any. */
export async function visitOfClientId(
  x: Reader,
  clientId: string,
): Promise<{ id: number; employeeId: number } | undefined> {
  const row = await executorOf(x)
    .selectFrom('visits')
    .select(['id', 'employee_id'])
    .where('client_id', '=', clientId)
    .executeTakeFirst();
  return row && { id: row.id, employeeId: row.employee_id };
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

function summaryQuery(k: Executor) {
  return k
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
      'v.project_id',
      'p.name as project_name',
      'v.region_id',
      'v.channel',
      'v.visited_on',
      'v.visited_at',
      'o.num as overall',
      'v.issue_count',
      'v.created_at',
    ]);
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof summaryQuery>['executeTakeFirstOrThrow']>>;

/**
 * Summaries of the rows, with their households (one further query) and their
 * form's title (from the version, which the cache holds once published).
 */
async function toSummaries(x: Reader, rows: SummaryRow[]): Promise<VisitSummary[]> {
  if (rows.length === 0) return [];
  const k = executorOf(x);
  const links = await k
    .selectFrom('visit_households')
    .select(['visit_id', 'household_id'])
    .where(
      'visit_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('visit_id')
    .orderBy('household_id')
    .execute();
  const householdsOf = Map.groupBy(links, (l) => l.visit_id);
  const titles = new Map<number, Label>();
  for (const id of new Set(rows.map((r) => r.form_version_id))) {
    const version = await getFormVersion(x, id);
    if (version) titles.set(id, version.definition.title);
  }
  return rows.map((r) => ({
    id: r.id,
    clientId: r.client_id,
    employeeId: r.employee_id,
    employeeName: r.employee_name,
    dutyId: r.duty_id,
    bookingId: r.booking_id,
    checkpoint: oneOf(CHECKPOINTS, r.checkpoint, 'visits.checkpoint'),
    formVersionId: r.form_version_id,
    formVersion: r.form_version,
    formTitle: titles.get(r.form_version_id) ?? { zh: '', en: '' },
    projectId: r.project_id,
    projectName: r.project_name,
    regionId: r.region_id,
    channel: oneOf(VISIT_CHANNELS, r.channel, 'visits.channel'),
    visitedOn: r.visited_on,
    visitedAt: r.visited_at,
    overall: r.overall,
    issueCount: r.issue_count,
    householdIds: (householdsOf.get(r.id) ?? []).map((l) => l.household_id),
    createdAt: r.created_at,
  }));
}

/** Visits, newest first, filtered by person, household, scope, project, checkpoint, dimension, issue category and period. */
export async function listVisits(x: Reader, f: VisitFilter): Promise<{ items: VisitSummary[]; total: number }> {
  let q = summaryQuery(executorOf(x));
  const { employeeId, householdId } = f;
  if (employeeId !== undefined)
    q = q.where('v.id', 'in', (eb) =>
      eb.selectFrom('visit_staff').select('visit_id').where('employee_id', '=', employeeId),
    );
  if (householdId !== undefined)
    q = q.where('v.id', 'in', (eb) =>
      eb.selectFrom('visit_households').select('visit_id').where('household_id', '=', householdId),
    );
  if (f.regionIds) q = q.where('v.region_id', 'in', f.regionIds.length ? f.regionIds : [-1]);
  if (f.projectIds) q = q.where('v.project_id', 'in', f.projectIds.length ? f.projectIds : [-1]);
  if (f.projectId !== undefined) q = q.where('v.project_id', '=', f.projectId);
  if (f.checkpoint !== undefined) q = q.where('v.checkpoint', '=', f.checkpoint);
  if (f.from) q = q.where('v.visited_on', '>=', f.from);
  if (f.to) q = q.where('v.visited_on', '<=', f.to);
  if (f.categoryId !== undefined) {
    const category = f.categoryId;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('visit_issues as i')
          .select('i.id')
          .whereRef('i.visit_id', '=', 'v.id')
          .where('i.category_id', '=', category),
      ),
    );
  }
  if (f.dimension) {
    const d = f.dimension;
    q = q.where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom('visit_issues as i')
            .select('i.id')
            .whereRef('i.visit_id', '=', 'v.id')
            .where('i.dimension', '=', d),
        ),
        eb.exists(
          eb
            .selectFrom('visit_answers as a')
            .select('a.visit_id')
            .whereRef('a.visit_id', '=', 'v.id')
            .where('a.dimension', '=', d),
        ),
      ]),
    );
  }
  const rows = await q
    .orderBy('v.visited_on', 'desc')
    .orderBy('v.visited_at', 'desc')
    .orderBy('v.id', 'desc')
    .limit(f.limit)
    .offset(f.offset)
    .execute();
  const { n } = await q
    .clearSelect()
    .clearOrderBy()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return { items: await toSummaries(x, rows), total: Number(n) };
}

/**
 * A page of a household's visits in the timeline's order (newest first: date, time, id), those
 * after `after` when given: keyset paging, the database stopping at `limit` rows. The household's
 * visits are found through visit_households (household_id, visit_id).
 */
export async function householdVisitsPage(
  x: Reader,
  householdId: number,
  page: { after?: TimelineKey | undefined; limit: number },
): Promise<VisitSummary[]> {
  let q = summaryQuery(executorOf(x)).where('v.id', 'in', (eb) =>
    eb.selectFrom('visit_households').select('visit_id').where('household_id', '=', householdId),
  );
  const k = page.after;
  if (k) {
    q = q.where((eb) =>
      afterTimelineKey(eb, 'visit', k, { on: eb.ref('v.visited_on'), at: eb.ref('v.visited_at'), id: eb.ref('v.id') }),
    );
  }
  const rows = await q
    .orderBy('v.visited_on', 'desc')
    .orderBy('v.visited_at', 'desc')
    .orderBy('v.id', 'desc')
    .limit(page.limit)
    .execute();
  return toSummaries(x, rows);
}

/** One visit with its answers read through the version it answered. */
export async function getVisit(x: Reader, id: number): Promise<Visit | undefined> {
  const k = executorOf(x);
  const row = await summaryQuery(k).select(['v.answers']).where('v.id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const [[summary], version, staff, issues, photos] = await Promise.all([
    toSummaries(x, [row]),
    getFormVersion(x, row.form_version_id),
    k
      .selectFrom('visit_staff as s')
      .innerJoin('employees as e', 'e.id', 's.employee_id')
      .select(['e.id', 'e.name'])
      .where('s.visit_id', '=', id)
      .orderBy('e.id')
      .execute(),
    k
      .selectFrom('visit_issues as i')
      .innerJoin('issue_categories as c', 'c.id', 'i.category_id')
      .select([
        'i.id',
        'i.question_key',
        'i.position',
        'i.dimension',
        'i.category_id',
        'i.severity',
        'i.building',
        'i.unit',
        'i.room',
        'i.area',
        'i.description',
        'c.name_zh',
        'c.name_en',
      ])
      .where('i.visit_id', '=', id)
      .orderBy('i.question_key')
      .orderBy('i.position')
      .execute(),
    k
      .selectFrom('photos')
      .select(['id', 'width', 'height', 'bytes'])
      .where('visit_id', '=', id)
      .orderBy('created_at')
      .execute(),
  ]);
  if (!summary || !version) return undefined;
  const answers = parseAnswers(row.answers);
  const itemOf = (key: string, position: number) => {
    const list = answers[key];
    return isIssueList(list) ? list[position] : undefined;
  };
  return {
    ...summary,
    definition: version.definition,
    answers,
    staff,
    issues: issues.map((i) => ({
      id: i.id,
      questionKey: i.question_key,
      dimension: oneOf(DIMENSIONS, i.dimension, 'visit_issues.dimension'),
      categoryId: i.category_id,
      categoryLabel: { zh: i.name_zh, en: i.name_en },
      severity: oneOf(SEVERITIES, i.severity, 'visit_issues.severity'),
      building: i.building,
      unit: i.unit,
      room: i.room,
      area: i.area,
      description: i.description,
      photos: itemOf(i.question_key, i.position)?.photos ?? [],
    })),
    photos,
  };
}

export type RaisedIssue = { description: string; categoryLabel: Label; severity: Severity };

/** What each visit raised, in the order it was listed. */
export async function issuesRaisedBy(x: Reader, visitIds: readonly number[]): Promise<Map<number, RaisedIssue[]>> {
  if (visitIds.length === 0) return new Map();
  const rows = await executorOf(x)
    .selectFrom('visit_issues as i')
    .innerJoin('issue_categories as c', 'c.id', 'i.category_id')
    .select(['i.visit_id', 'i.description', 'i.severity', 'c.name_zh', 'c.name_en'])
    .where('i.visit_id', 'in', [...visitIds])
    .orderBy('i.visit_id')
    .orderBy('i.position')
    .execute();
  const byVisit = Map.groupBy(rows, (i) => i.visit_id);
  return new Map(
    [...byVisit].map(([visitId, issues]) => [
      visitId,
      issues.map((i) => ({
        description: i.description,
        severity: oneOf(SEVERITIES, i.severity, 'visit_issues.severity'),
        categoryLabel: { zh: i.name_zh, en: i.name_en },
      })),
    ]),
  );
}

/** Links an uploaded photo to the visit it shows; false unless the photo is the recorder's and not yet used. */
export async function linkPhotoToVisit(
  tx: Executor,
  visitId: number,
  photoId: string,
  uploadedBy: number,
): Promise<boolean> {
  const r = await tx
    .updateTable('photos')
    .set({ visit_id: visitId })
    .where('id', '=', photoId)
    .where('uploaded_by', '=', uploadedBy)
    .where('visit_id', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export type VisitDraft = {
  clientId: string;
  formVersionId: number;
  dutyId: number | null;
  bookingId: number | null;
  payload: Record<string, unknown>;
  updatedAt: number;
};

const draftPayload = z.record(z.string(), z.unknown());

/** Who a draft's client id belongs to, if anyone keeps one. */
export async function visitDraftOwner(x: Reader, clientId: string): Promise<number | undefined> {
  return (
    await executorOf(x)
      .selectFrom('visit_drafts')
      .select('employee_id')
      .where('client_id', '=', clientId)
      .executeTakeFirst()
  )?.employee_id;
}

export async function upsertVisitDraft(
  tx: Executor,
  employeeId: number,
  d: Omit<VisitDraft, 'updatedAt'>,
  at: number,
): Promise<void> {
  const values = {
    form_version_id: d.formVersionId,
    duty_id: d.dutyId,
    booking_id: d.bookingId,
    payload: JSON.stringify(d.payload),
    updated_at: at,
  };
  await tx
    .insertInto('visit_drafts')
    .values({ client_id: d.clientId, employee_id: employeeId, ...values })
    .onConflict((oc) => oc.column('client_id').doUpdateSet(values))
    .execute();
}

export async function listVisitDrafts(x: Reader, employeeId: number): Promise<VisitDraft[]> {
  const rows = await executorOf(x)
    .selectFrom('visit_drafts')
    .selectAll()
    .where('employee_id', '=', employeeId)
    .orderBy('updated_at', 'desc')
    .execute();
  return rows.map((r) => ({
    clientId: r.client_id,
    formVersionId: r.form_version_id,
    dutyId: r.duty_id,
    bookingId: r.booking_id,
    payload: draftPayload.parse(JSON.parse(r.payload)),
    updatedAt: r.updated_at,
  }));
}

/** Drops a person's draft; false when they kept none under that id. */
export async function deleteVisitDraft(tx: Executor, employeeId: number, clientId: string): Promise<boolean> {
  const r = await tx
    .deleteFrom('visit_drafts')
    .where('client_id', '=', clientId)
    .where('employee_id', '=', employeeId)
    .executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

/** Drops the draft a submitted visit came from, whoever kept it. */
export async function dropDraftOfVisit(tx: Executor, clientId: string): Promise<void> {
  await tx.deleteFrom('visit_drafts').where('client_id', '=', clientId).execute();
}

export type PhotoRecord = {
  id: string;
  uploadedBy: number;
  contentType: string;
  bytes: number;
  width: number;
  height: number;
  file: string;
  thumb: string;
  visitId: number | null;
};

export async function getPhoto(x: Reader, id: string): Promise<PhotoRecord | undefined> {
  const r = await executorOf(x).selectFrom('photos').selectAll().where('id', '=', id).executeTakeFirst();
  return (
    r && {
      id: r.id,
      uploadedBy: r.uploaded_by,
      contentType: r.content_type,
      bytes: r.bytes,
      width: r.width,
      height: r.height,
      file: r.file,
      thumb: r.thumb,
      visitId: r.visit_id,
    }
  );
}

/** Stores a photo's record; false when a photo with that id was stored meanwhile. */
export async function insertPhoto(tx: Executor, p: Omit<PhotoRecord, 'visitId'>, at: number): Promise<boolean> {
  const r = await tx
    .insertInto('photos')
    .values({
      id: p.id,
      uploaded_by: p.uploadedBy,
      content_type: p.contentType,
      bytes: p.bytes,
      width: p.width,
      height: p.height,
      file: p.file,
      thumb: p.thumb,
      created_at: at,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}
