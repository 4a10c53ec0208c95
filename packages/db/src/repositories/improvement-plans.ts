import {
  DUTY_STATUSES,
  isActionOverdue,
  LINES,
  OPEN_STATUSES,
  readPlanEventNote,
  WORKING_PLAN_STATUSES,
  type DutyStatus,
  type IsoDate,
  type Line,
  type Locale,
  type PlanEventNote,
  type PlanKind,
  type PlanStatus,
  type VerificationOutcome,
} from '@frontline/core';
import { sql, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Database } from '../schema.ts';
import { executorOf, type Executor, type Reader } from '../unit-of-work.ts';
import { localeOf, oneOf } from './columns.ts';

/**
 * Improvement plans (提升方案) as stored: the plan, its actions, evidence
 * photos, events and verification revisits (with the duty each revisit is).
 * Loads, lists and plain writes; what a plan may become is core's
 * (applyPlanMove), who may move it and every decision the
 * improvement-plans feature's.
 */

export type ImprovementPlanRecord = ImprovementPlanContent & {
  id: number;
  commonIssueId: number;
  kind: PlanKind;
  status: PlanStatus;
  evidenceNotes: string;
  round: number;
  closedOn: IsoDate | null;
  createdBy: number | null;
  updatedAt: number;
};

/** What a plan says and where it applies: set on drafting, changeable while a draft. */
export type ImprovementPlanContent = {
  title: string;
  description: string;
  cause: string;
  standardChange: string;
  ownerLine: Line;
  ownerId: number;
  projectId: number | null;
  regionId: number | null;
  sampleSize: number;
};

export type ImprovementPlanAction = {
  id: number;
  title: string;
  ownerId: number;
  ownerName: string;
  dueOn: IsoDate;
  doneOn: IsoDate | null;
  notes: string;
  overdue: boolean;
};
export type ImprovementPlanVerification = {
  id: number;
  round: number;
  dutyId: number;
  householdId: number;
  employeeId: number;
  employeeName: string;
  outcome: VerificationOutcome | null;
  notes: string;
  visitedOn: IsoDate | null;
  dueTo: IsoDate;
};
export type ImprovementPlanSummary = {
  id: number;
  commonIssueId: number;
  commonIssueTitle: string;
  categoryId: number;
  kind: PlanKind;
  title: string;
  status: PlanStatus;
  ownerLine: Line;
  ownerId: number;
  ownerName: string;
  projectId: number | null;
  projectName: string | null;
  regionId: number | null;
  actions: number;
  actionsDone: number;
  actionsOverdue: number;
  closedOn: IsoDate | null;
  updatedAt: number;
};
export type ImprovementPlanEvent = {
  at: number;
  actorName: string | null;
  move: string;
  from: string | null;
  to: string;
  /** What the system added (a round opened, households not fixed, reports again), as figures for the reader's language. */
  note: PlanEventNote | null;
};
export type ImprovementPlan = ImprovementPlanSummary & {
  description: string;
  cause: string;
  standardChange: string;
  sampleSize: number;
  evidenceNotes: string;
  round: number;
  actionList: ImprovementPlanAction[];
  evidencePhotos: string[];
  verifications: ImprovementPlanVerification[];
  events: ImprovementPlanEvent[];
  createdBy: number | null;
};

const line = (value: string) => oneOf(LINES, value, 'improvement_plans.owner_line');

export async function getImprovementPlanRecord(x: Reader, id: number): Promise<ImprovementPlanRecord | undefined> {
  const r = await executorOf(x).selectFrom('improvement_plans').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) return undefined;
  return {
    id: r.id,
    commonIssueId: r.common_issue_id,
    kind: r.kind,
    title: r.title,
    description: r.description,
    cause: r.cause,
    standardChange: r.standard_change,
    ownerLine: line(r.owner_line),
    ownerId: r.owner_id,
    projectId: r.project_id,
    regionId: r.region_id,
    sampleSize: r.sample_size,
    status: r.status,
    evidenceNotes: r.evidence_notes,
    round: r.round,
    closedOn: r.closed_on,
    createdBy: r.created_by,
    updatedAt: r.updated_at,
  };
}

function contentColumns(c: ImprovementPlanContent) {
  return {
    title: c.title,
    description: c.description,
    cause: c.cause,
    standard_change: c.standardChange,
    owner_line: c.ownerLine,
    owner_id: c.ownerId,
    project_id: c.projectId,
    region_id: c.regionId,
    sample_size: c.sampleSize,
  };
}

/** A new draft; the (common issue, kind) pair is unique, so a second one fails on its constraint. */
export async function insertImprovementPlan(
  tx: Executor,
  p: ImprovementPlanContent & { commonIssueId: number; kind: PlanKind },
  by: { actorId: number | null; at: number },
): Promise<number> {
  const { id } = await tx
    .insertInto('improvement_plans')
    .values({
      common_issue_id: p.commonIssueId,
      kind: p.kind,
      ...contentColumns(p),
      status: 'draft',
      created_by: by.actorId,
      created_at: by.at,
      updated_at: by.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function updateImprovementPlanContent(
  tx: Executor,
  id: number,
  c: ImprovementPlanContent,
  at: number,
): Promise<void> {
  await tx
    .updateTable('improvement_plans')
    .set({ ...contentColumns(c), updated_at: at })
    .where('id', '=', id)
    .execute();
}

/**
 * Moves a plan to `to` (with its closing day), only if it is still in
 * `from`: false when someone moved it meanwhile.
 */
export async function saveImprovementPlanStatus(
  tx: Executor,
  id: number,
  change: { from: PlanStatus; to: PlanStatus; closedOn: IsoDate | null },
  at: number,
): Promise<boolean> {
  const r = await tx
    .updateTable('improvement_plans')
    .set({ status: change.to, closed_on: change.closedOn, updated_at: at })
    .where('id', '=', id)
    .where('status', '=', change.from)
    .executeTakeFirst();
  return r.numUpdatedRows === 1n;
}

export async function touchImprovementPlan(tx: Executor, id: number, at: number): Promise<void> {
  await tx.updateTable('improvement_plans').set({ updated_at: at }).where('id', '=', id).execute();
}

export async function saveImprovementPlanEvidenceNotes(
  tx: Executor,
  id: number,
  notes: string,
  at: number,
): Promise<void> {
  await tx
    .updateTable('improvement_plans')
    .set({ evidence_notes: notes, updated_at: at })
    .where('id', '=', id)
    .execute();
}

export async function saveImprovementPlanRound(tx: Executor, id: number, round: number): Promise<void> {
  await tx.updateTable('improvement_plans').set({ round }).where('id', '=', id).execute();
}

/** A line of a plan's history: every status change, by a person or by detection, goes through here. */
export async function insertImprovementPlanEvent(
  tx: Executor,
  e: {
    planId: number;
    at: number;
    actorId: number | null;
    move: string;
    from: PlanStatus | null;
    to: PlanStatus;
    note: string;
  },
): Promise<void> {
  await tx
    .insertInto('plan_events')
    .values({
      plan_id: e.planId,
      at: e.at,
      actor_id: e.actorId,
      move: e.move,
      from_status: e.from,
      to_status: e.to,
      note: e.note,
    })
    .execute();
}

export async function insertImprovementPlanAction(
  tx: Executor,
  planId: number,
  a: { title: string; ownerId: number; dueOn: IsoDate },
  at: number,
): Promise<number> {
  const { id } = await tx
    .insertInto('plan_actions')
    .values({ plan_id: planId, title: a.title, owner_id: a.ownerId, due_on: a.dueOn, created_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function getImprovementPlanAction(
  x: Reader,
  planId: number,
  actionId: number,
): Promise<{ id: number; doneOn: IsoDate | null } | undefined> {
  const r = await executorOf(x)
    .selectFrom('plan_actions')
    .select(['id', 'done_on'])
    .where('id', '=', actionId)
    .where('plan_id', '=', planId)
    .executeTakeFirst();
  return r && { id: r.id, doneOn: r.done_on };
}

export async function saveImprovementPlanActionDone(
  tx: Executor,
  actionId: number,
  done: { doneOn: IsoDate; doneBy: number | null; notes: string },
): Promise<void> {
  await tx
    .updateTable('plan_actions')
    .set({ done_on: done.doneOn, done_by: done.doneBy, notes: done.notes })
    .where('id', '=', actionId)
    .execute();
}

/**
 * Links an uploaded photo to a plan as evidence: only a photo of no visit,
 * already the plan's or not yet any plan's and uploaded by `uploaderId`.
 * False when the photo is not such a one.
 */
export async function linkEvidencePhoto(
  tx: Executor,
  planId: number,
  photoId: string,
  uploaderId: number,
): Promise<boolean> {
  const r = await tx
    .updateTable('photos')
    .set({ plan_id: planId })
    .where('id', '=', photoId)
    .where('visit_id', 'is', null)
    .where((eb) =>
      eb.or([eb('plan_id', '=', planId), eb.and([eb('plan_id', 'is', null), eb('uploaded_by', '=', uploaderId)])]),
    )
    .executeTakeFirst();
  return r.numUpdatedRows === 1n;
}

/** What core's lifecycle reads of a plan beyond its record: its actions' done days, evidence photos, and the current round's outcomes. */
export async function improvementPlanProgress(
  x: Reader,
  plan: { id: number; round: number },
): Promise<{
  actions: { doneOn: IsoDate | null }[];
  evidencePhotos: number;
  verifications: { outcome: VerificationOutcome | null }[];
}> {
  const k = executorOf(x);
  const [actions, photos, verifications] = await Promise.all([
    k.selectFrom('plan_actions').select('done_on').where('plan_id', '=', plan.id).execute(),
    k
      .selectFrom('photos')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('plan_id', '=', plan.id)
      .executeTakeFirstOrThrow(),
    k
      .selectFrom('plan_verifications')
      .select('outcome')
      .where('plan_id', '=', plan.id)
      .where('round', '=', plan.round)
      .execute(),
  ]);
  return {
    actions: actions.map((a) => ({ doneOn: a.done_on })),
    evidencePhotos: Number(photos.n),
    verifications: verifications.map((v) => ({ outcome: v.outcome })),
  };
}

/** A household that reported a common issue, with who looks after it and where it is. */
export type AffectedHousehold = { id: number; ownerEmployeeId: number | null; projectId: number; regionId: number };

/** Households that reported the issue; given a project, only that project's (a targeted plan fixes its own). */
export async function affectedHouseholds(
  x: Reader,
  commonIssueId: number,
  projectId: number | null,
): Promise<AffectedHousehold[]> {
  let q = executorOf(x)
    .selectFrom('common_issue_items as ci')
    .innerJoin('visit_issues as vi', 'vi.id', 'ci.item_id')
    .innerJoin('visit_households as vh', 'vh.visit_id', 'vi.visit_id')
    .innerJoin('households as h', 'h.id', 'vh.household_id')
    .innerJoin('projects as p', 'p.id', 'h.project_id')
    .select(['h.id', 'h.owner_employee_id', 'h.project_id', 'p.region_id'])
    .distinct()
    .where('ci.common_issue_id', '=', commonIssueId);
  if (projectId !== null) q = q.where('h.project_id', '=', projectId);
  const rows = await q.orderBy('h.id').execute();
  return rows.map((r) => ({
    id: r.id,
    ownerEmployeeId: r.owner_employee_id,
    projectId: r.project_id,
    regionId: r.region_id,
  }));
}

/** Active staff and project heads of a project, the people a revisit may go to (at most 50, by id). */
export async function verifierCandidates(x: Reader, projectId: number): Promise<number[]> {
  const rows = await executorOf(x)
    .selectFrom('employees')
    .select('id')
    .where('project_id', '=', projectId)
    .where('active', '=', 1)
    .where('position', 'in', ['staff', 'project_head'])
    .orderBy('id')
    .limit(50)
    .execute();
  return rows.map((r) => r.id);
}

/** A revisit: its duty (kind verification, due in a month's period) and its row in the plan's round. */
export async function insertVerificationRevisit(
  tx: Executor,
  v: {
    planId: number;
    round: number;
    householdId: number;
    employeeId: number;
    regionId: number;
    projectId: number;
    dueFrom: IsoDate;
    dueTo: IsoDate;
  },
  at: number,
): Promise<number> {
  const { id: dutyId } = await tx
    .insertInto('duties')
    .values({
      key: `verify:${v.planId}:${v.round}:${v.householdId}`,
      kind: 'verification',
      employee_id: v.employeeId,
      region_id: v.regionId,
      project_id: v.projectId,
      period_kind: 'month',
      period_key: v.dueTo.slice(0, 7),
      due_from: v.dueFrom,
      due_to: v.dueTo,
      household_id: v.householdId,
      status: 'planned',
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await tx
    .insertInto('plan_verifications')
    .values({
      plan_id: v.planId,
      round: v.round,
      duty_id: dutyId,
      household_id: v.householdId,
      employee_id: v.employeeId,
    })
    .execute();
  return dutyId;
}

export type VerificationRecord = {
  id: number;
  round: number;
  dutyId: number;
  employeeId: number;
  outcome: VerificationOutcome | null;
  deputyId: number | null;
  dutyStatus: DutyStatus;
};

export async function getVerification(
  x: Reader,
  planId: number,
  verificationId: number,
): Promise<VerificationRecord | undefined> {
  const r = await executorOf(x)
    .selectFrom('plan_verifications as v')
    .innerJoin('duties as d', 'd.id', 'v.duty_id')
    .select(['v.id', 'v.round', 'v.duty_id', 'v.employee_id', 'v.outcome', 'd.deputy_id', 'd.status'])
    .where('v.id', '=', verificationId)
    .where('v.plan_id', '=', planId)
    .executeTakeFirst();
  return (
    r && {
      id: r.id,
      round: r.round,
      dutyId: r.duty_id,
      employeeId: r.employee_id,
      outcome: r.outcome,
      deputyId: r.deputy_id,
      dutyStatus: oneOf(DUTY_STATUSES, r.status, 'duties.status'),
    }
  );
}

export async function saveVerificationOutcome(
  tx: Executor,
  verificationId: number,
  v: { outcome: VerificationOutcome; notes: string; visitedOn: IsoDate },
  at: number,
): Promise<void> {
  await tx
    .updateTable('plan_verifications')
    .set({ outcome: v.outcome, notes: v.notes, visited_on: v.visitedOn, recorded_at: at })
    .where('id', '=', verificationId)
    .execute();
}

/** The revisit's duty recorded done by the person who recorded the revisit. */
export async function saveVerificationDutyDone(
  tx: Executor,
  dutyId: number,
  done: { completedOn: IsoDate; attendedBy: number; notes: string },
  at: number,
): Promise<void> {
  await tx
    .updateTable('duties')
    .set({
      status: 'done',
      completed_on: done.completedOn,
      attended_by: done.attendedBy,
      notes: done.notes,
      updated_at: at,
    })
    .where('id', '=', dutyId)
    .execute();
}

export type LeaverRevisit = {
  id: number;
  planId: number;
  planTitle: string;
  planOwnerId: number;
  dutyId: number;
  dueTo: IsoDate;
  householdId: number;
  projectId: number;
  householdOwnerId: number | null;
};

/** Revisits still open of a person who has left (inactive): their plan, duty and household. */
export async function openRevisitsOfLeaver(x: Reader, employeeId: number): Promise<LeaverRevisit[]> {
  const rows = await executorOf(x)
    .selectFrom('plan_verifications as v')
    .innerJoin('duties as d', 'd.id', 'v.duty_id')
    .innerJoin('households as h', 'h.id', 'v.household_id')
    .innerJoin('improvement_plans as p', 'p.id', 'v.plan_id')
    .innerJoin('employees as e', 'e.id', 'v.employee_id')
    .select([
      'v.id',
      'v.plan_id',
      'p.title',
      'p.owner_id',
      'd.id as duty_id',
      'd.due_to',
      'h.id as household_id',
      'h.project_id',
      'h.owner_employee_id',
    ])
    .where('v.employee_id', '=', employeeId)
    .where('e.active', '=', 0)
    .where('v.outcome', 'is', null)
    .where('d.status', 'in', OPEN_STATUSES)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    planId: r.plan_id,
    planTitle: r.title,
    planOwnerId: r.owner_id,
    dutyId: r.duty_id,
    dueTo: r.due_to,
    householdId: r.household_id,
    projectId: r.project_id,
    householdOwnerId: r.owner_employee_id,
  }));
}

/** Gives a revisit (its duty and its row) to another employee. */
export async function reassignRevisit(
  tx: Executor,
  revisit: { id: number; dutyId: number },
  employeeId: number,
  at: number,
): Promise<void> {
  await tx
    .updateTable('duties')
    .set({ employee_id: employeeId, updated_at: at })
    .where('id', '=', revisit.dutyId)
    .execute();
  await tx.updateTable('plan_verifications').set({ employee_id: employeeId }).where('id', '=', revisit.id).execute();
}

export type ImprovementPlanFilter = {
  status?: PlanStatus;
  kind?: PlanKind;
  regionIds?: number[];
  projectIds?: number[];
  involving?: number;
};

/** Nothing matches an empty list of ids (a scope that covers no region). */
const NONE = sql<SqlBool>`1 = 0`;

/** The person owns the plan, owns one of its actions, or revisits for it. */
function involves(eb: ExpressionBuilder<Database & { p: Database['improvement_plans'] }, 'p'>, employeeId: number) {
  return eb.or([
    eb('p.owner_id', '=', employeeId),
    eb.exists(
      eb
        .selectFrom('plan_actions as a')
        .select('a.id')
        .whereRef('a.plan_id', '=', 'p.id')
        .where('a.owner_id', '=', employeeId),
    ),
    eb.exists(
      eb
        .selectFrom('plan_verifications as v')
        .select('v.id')
        .whereRef('v.plan_id', '=', 'p.id')
        .where('v.employee_id', '=', employeeId),
    ),
  ]);
}

function summaryQuery(x: Reader, today: IsoDate) {
  return executorOf(x)
    .selectFrom('improvement_plans as p')
    .innerJoin('common_issues as c', 'c.id', 'p.common_issue_id')
    .innerJoin('employees as e', 'e.id', 'p.owner_id')
    .leftJoin('projects as pr', 'pr.id', 'p.project_id')
    .selectAll('p')
    .select(['c.title as issue_title', 'c.category_id', 'e.name as owner_name', 'pr.name as project_name'])
    .select((eb) => [
      eb
        .selectFrom('plan_actions as a')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('a.plan_id', '=', 'p.id')
        .as('n_actions'),
      eb
        .selectFrom('plan_actions as a')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('a.plan_id', '=', 'p.id')
        .where('a.done_on', 'is not', null)
        .as('n_done'),
      eb
        .selectFrom('plan_actions as a')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('a.plan_id', '=', 'p.id')
        .where('a.done_on', 'is', null)
        .where('a.due_on', '<', today)
        .as('n_overdue'),
    ]);
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof summaryQuery>['executeTakeFirstOrThrow']>>;

function toSummary(r: SummaryRow): ImprovementPlanSummary {
  return {
    id: r.id,
    commonIssueId: r.common_issue_id,
    commonIssueTitle: r.issue_title,
    categoryId: r.category_id,
    kind: r.kind,
    title: r.title,
    status: r.status,
    ownerLine: line(r.owner_line),
    ownerId: r.owner_id,
    ownerName: r.owner_name,
    projectId: r.project_id,
    projectName: r.project_name,
    regionId: r.region_id,
    actions: Number(r.n_actions ?? 0),
    actionsDone: Number(r.n_done ?? 0),
    actionsOverdue: Number(r.n_overdue ?? 0),
    closedOn: r.closed_on,
    updatedAt: r.updated_at,
  };
}

/**
 * Plans in a scope: a plan belongs to its project's region, a plan spanning
 * regions to the group; `involving` adds the plans a person owns, acts in or
 * verifies. The most recently changed 500.
 */
export async function listImprovementPlans(
  x: Reader,
  f: ImprovementPlanFilter,
  today: IsoDate,
): Promise<ImprovementPlanSummary[]> {
  let q = summaryQuery(x, today);
  if (f.status) q = q.where('p.status', '=', f.status);
  if (f.kind) q = q.where('p.kind', '=', f.kind);
  const { regionIds, projectIds, involving } = f;
  if (regionIds || projectIds || involving !== undefined) {
    q = q.where((eb) =>
      eb.or([
        ...(regionIds ? [regionIds.length ? eb('p.region_id', 'in', regionIds) : NONE] : []),
        ...(projectIds ? [projectIds.length ? eb('p.project_id', 'in', projectIds) : NONE] : []),
        ...(involving !== undefined ? [involves(eb, involving)] : []),
      ]),
    );
  }
  const rows = await q.orderBy('p.updated_at', 'desc').orderBy('p.id', 'desc').limit(500).execute();
  return rows.map(toSummary);
}

/** One plan with its actions, evidence, revisits (newest round first) and history. */
export async function getImprovementPlan(x: Reader, id: number, today: IsoDate): Promise<ImprovementPlan | undefined> {
  const r = await summaryQuery(x, today).where('p.id', '=', id).executeTakeFirst();
  if (!r) return undefined;
  const k = executorOf(x);
  const [actions, photos, verifications, events] = await Promise.all([
    k
      .selectFrom('plan_actions as a')
      .innerJoin('employees as e', 'e.id', 'a.owner_id')
      .select(['a.id', 'a.title', 'a.owner_id', 'e.name as owner_name', 'a.due_on', 'a.done_on', 'a.notes'])
      .where('a.plan_id', '=', id)
      .orderBy('a.due_on')
      .orderBy('a.id')
      .execute(),
    k.selectFrom('photos').select('id').where('plan_id', '=', id).orderBy('created_at').execute(),
    k
      .selectFrom('plan_verifications as v')
      .innerJoin('employees as e', 'e.id', 'v.employee_id')
      .innerJoin('duties as d', 'd.id', 'v.duty_id')
      .select([
        'v.id',
        'v.round',
        'v.duty_id',
        'v.household_id',
        'v.employee_id',
        'e.name as employee_name',
        'v.outcome',
        'v.notes',
        'v.visited_on',
        'd.due_to',
      ])
      .where('v.plan_id', '=', id)
      .orderBy('v.round', 'desc')
      .orderBy('v.id')
      .execute(),
    k
      .selectFrom('plan_events as ev')
      .leftJoin('employees as e', 'e.id', 'ev.actor_id')
      .select(['ev.at', 'e.name as actor_name', 'ev.move', 'ev.from_status', 'ev.to_status', 'ev.note'])
      .where('ev.plan_id', '=', id)
      .orderBy('ev.at')
      .orderBy('ev.id')
      .execute(),
  ]);
  return {
    ...toSummary(r),
    description: r.description,
    cause: r.cause,
    standardChange: r.standard_change,
    sampleSize: r.sample_size,
    evidenceNotes: r.evidence_notes,
    round: r.round,
    createdBy: r.created_by,
    actionList: actions.map((a) => ({
      id: a.id,
      title: a.title,
      ownerId: a.owner_id,
      ownerName: a.owner_name,
      dueOn: a.due_on,
      doneOn: a.done_on,
      notes: a.notes,
      overdue: isActionOverdue({ dueOn: a.due_on, doneOn: a.done_on }, today),
    })),
    evidencePhotos: photos.map((p) => p.id),
    verifications: verifications.map((v) => ({
      id: v.id,
      round: v.round,
      dutyId: v.duty_id,
      householdId: v.household_id,
      employeeId: v.employee_id,
      employeeName: v.employee_name,
      outcome: v.outcome,
      notes: v.notes,
      visitedOn: v.visited_on,
      dueTo: v.due_to,
    })),
    events: events.map((e) => ({
      at: e.at,
      actorName: e.actor_name,
      move: e.move,
      from: e.from_status,
      to: e.to_status,
      note: readPlanEventNote(e.note),
    })),
  };
}

/** Whether a person takes part in a plan: owner, action owner or verifier. */
export async function involvedInImprovementPlan(x: Reader, planId: number, employeeId: number): Promise<boolean> {
  const r = await executorOf(x)
    .selectFrom('improvement_plans as p')
    .select('p.id')
    .where('p.id', '=', planId)
    .where((eb) => involves(eb, employeeId))
    .executeTakeFirst();
  return r !== undefined;
}

export type OpenAction = {
  id: number;
  planId: number;
  planTitle: string;
  title: string;
  dueOn: IsoDate;
  overdue: boolean;
};

/** A person's open plan actions, soonest first: they sit in "My duties" next to the visits owed. */
export async function openActionsOf(x: Reader, employeeId: number, today: IsoDate): Promise<OpenAction[]> {
  const rows = await executorOf(x)
    .selectFrom('plan_actions as a')
    .innerJoin('improvement_plans as p', 'p.id', 'a.plan_id')
    .select(['a.id', 'a.plan_id', 'p.title as plan_title', 'a.title', 'a.due_on'])
    .where('a.owner_id', '=', employeeId)
    .where('a.done_on', 'is', null)
    .where('p.status', 'in', WORKING_PLAN_STATUSES)
    .orderBy('a.due_on')
    .orderBy('a.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    planId: r.plan_id,
    planTitle: r.plan_title,
    title: r.title,
    dueOn: r.due_on,
    overdue: isActionOverdue({ dueOn: r.due_on, doneOn: null }, today),
  }));
}

export type OverdueAction = OpenAction & {
  ownerId: number;
  ownerName: string;
  regionId: number | null;
  projectId: number | null;
};

/** Overdue actions whose owner works in the scope, for the compliance board (at most 500). */
export async function overdueActions(
  x: Reader,
  today: IsoDate,
  scope: { regionIds?: number[]; projectIds?: number[] },
): Promise<OverdueAction[]> {
  let q = executorOf(x)
    .selectFrom('plan_actions as a')
    .innerJoin('improvement_plans as p', 'p.id', 'a.plan_id')
    .innerJoin('employees as e', 'e.id', 'a.owner_id')
    .select([
      'a.id',
      'a.plan_id',
      'p.title as plan_title',
      'a.title',
      'a.due_on',
      'a.owner_id',
      'e.name as owner_name',
      'e.region_id',
      'e.project_id',
    ])
    .where('a.done_on', 'is', null)
    .where('a.due_on', '<', today)
    .where('p.status', 'in', WORKING_PLAN_STATUSES);
  const { regionIds, projectIds } = scope;
  if (regionIds) q = q.where((eb) => (regionIds.length ? eb('e.region_id', 'in', regionIds) : NONE));
  if (projectIds) q = q.where((eb) => (projectIds.length ? eb('e.project_id', 'in', projectIds) : NONE));
  const rows = await q.orderBy('a.due_on').orderBy('a.id').limit(500).execute();
  return rows.map((r) => ({
    id: r.id,
    planId: r.plan_id,
    planTitle: r.plan_title,
    title: r.title,
    dueOn: r.due_on,
    overdue: true,
    ownerId: r.owner_id,
    ownerName: r.owner_name,
    regionId: r.region_id,
    projectId: r.project_id,
  }));
}

export type OpenVerification = {
  id: number;
  planId: number;
  planTitle: string;
  householdId: number;
  dueTo: IsoDate;
  dutyId: number;
};

/** Revisits a person still has to record (theirs, or delegated to them), soonest first. */
export async function openVerificationsOf(x: Reader, employeeId: number): Promise<OpenVerification[]> {
  const rows = await executorOf(x)
    .selectFrom('plan_verifications as v')
    .innerJoin('improvement_plans as p', 'p.id', 'v.plan_id')
    .innerJoin('duties as d', 'd.id', 'v.duty_id')
    .select(['v.id', 'v.plan_id', 'p.title', 'v.household_id', 'd.due_to', 'v.duty_id'])
    .where((eb) => eb.or([eb('v.employee_id', '=', employeeId), eb('d.deputy_id', '=', employeeId)]))
    .where('v.outcome', 'is', null)
    .whereRef('v.round', '=', 'p.round')
    .where('p.status', '=', 'awaiting_verification')
    .orderBy('d.due_to')
    .orderBy('v.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    planId: r.plan_id,
    planTitle: r.title,
    householdId: r.household_id,
    dueTo: r.due_to,
    dutyId: r.duty_id,
  }));
}

/** Closed plans of a common issue, with their owner's contact: the ones new reports may reopen. */
export async function closedImprovementPlansOf(
  x: Reader,
  commonIssueId: number,
): Promise<
  {
    id: number;
    title: string;
    closedOn: IsoDate;
    ownerId: number;
    ownerName: string;
    ownerEmail: string | null;
    ownerLocale: Locale;
  }[]
> {
  const rows = await executorOf(x)
    .selectFrom('improvement_plans as p')
    .innerJoin('employees as e', 'e.id', 'p.owner_id')
    .select(['p.id', 'p.title', 'p.closed_on', 'p.owner_id', 'e.name', 'e.email', 'e.language'])
    .where('p.common_issue_id', '=', commonIssueId)
    .where('p.status', '=', 'closed')
    .execute();
  // A closed plan always has its closing day; one without is left alone as a plan nothing can reopen.
  return rows.flatMap((r) =>
    r.closed_on === null
      ? []
      : [
          {
            id: r.id,
            title: r.title,
            closedOn: r.closed_on,
            ownerId: r.owner_id,
            ownerName: r.name,
            ownerEmail: r.email,
            ownerLocale: localeOf(r.language),
          },
        ],
  );
}
