import {
  addDaysIso,
  applyPlanMove,
  isSafeEmail,
  issueWords,
  OPEN_STATUSES,
  PLAN_STATUS_LABELS,
  planReopened,
  reopensPlan,
  sampleHouseholds,
  verificationAssigned,
  verificationState,
  verifierFor,
  WORKING_PLAN_STATUSES,
  writePlanEventNote,
  type Actor,
  type AppError,
  type IsoDate,
  type PeoplePlanMove,
  type PlanFacts,
  type PlanKind,
  type PlanMove,
  type PlanStatus,
  type Result,
  type VerificationOutcome,
} from '@frontline/core';
import {
  affectedHouseholds,
  closedImprovementPlansOf,
  commonIssueProjects,
  defectIdOfImprovementPlan,
  enqueueMail,
  getCommonIssueRecord,
  getEmployee,
  getImprovementPlan,
  getImprovementPlanAction,
  getImprovementPlanRecord,
  getVerification,
  improvementPlanProgress,
  insertDefect,
  insertImprovementPlan,
  insertImprovementPlanAction,
  insertImprovementPlanEvent,
  insertVerificationRevisit,
  involvedInImprovementPlan,
  issueCategoryLabels,
  linkEvidencePhoto,
  openRevisitsOfLeaver,
  reassignRevisit,
  Refusal,
  saveDefectWords,
  saveImprovementPlanActionDone,
  saveImprovementPlanEvidenceNotes,
  saveImprovementPlanRound,
  saveImprovementPlanStatus,
  saveVerificationDutyDone,
  saveVerificationOutcome,
  touchImprovementPlan,
  unitOfWork,
  updateDefect,
  updateImprovementPlanContent,
  verifierCandidates,
  writeAudit,
  type AffectedHousehold,
  type AuditContext,
  type Db,
  type Executor,
  type ImprovementPlan,
  type Reader,
  type ImprovementPlanContent,
  type ImprovementPlanRecord,
  type MailSettings,
  inTransaction,
  isUniqueOn,
} from '@frontline/db';
import { managesImprovementPlan } from './policy.ts';

/**
 * Improvement plans (提升方案) and their actions, evidence, events and
 * verification revisits. Every change is one unit of work with its event row
 * and audit entry; the lifecycle rules are core's (applyPlanMove), the
 * decisions that need data (where a plan applies, who revisits, when a round
 * is over) are made here.
 */

export type ImprovementPlanActionInput = { title: string; ownerId: number; dueOn: IsoDate };
/** A plan's content as the caller gives it; where it applies (its region) the service works out from the common issue's reports (placeOf). */
export type ImprovementPlanContentInput = Omit<ImprovementPlanContent, 'regionId'>;
export type ImprovementPlanInput = ImprovementPlanContentInput & {
  commonIssueId: number;
  kind: PlanKind;
  actions: ImprovementPlanActionInput[];
};

/** Days a verifier has to revisit. */
export const VERIFICATION_DAYS = 14;

/** The plan, if `actor` may see it: one their scope manages, or one they take part in. */
export async function visibleImprovementPlan(
  db: Db,
  actor: Actor,
  id: number,
  today: IsoDate,
): Promise<ImprovementPlan | undefined> {
  const plan = await getImprovementPlan(db, id, today);
  if (!plan) return undefined;
  return managesImprovementPlan(actor, plan) || (await involvedInImprovementPlan(db, id, actor.employeeId))
    ? plan
    : undefined;
}

async function improvementPlanRecord(tx: Executor, id: number): Promise<ImprovementPlanRecord> {
  const plan = await getImprovementPlanRecord(tx, id);
  if (!plan) throw new Refusal({ code: 'NOT_FOUND' });
  return plan;
}

async function requireActiveEmployee(tx: Executor, id: number, field: string): Promise<void> {
  const employee = await getEmployee(tx, id);
  if (!employee?.active) throw new Refusal({ code: 'EMPLOYEE_INVALID', fields: { [field]: 'EMPLOYEE_INVALID' } });
}

/**
 * Where a plan applies: a targeted fix on one of the projects that reported
 * the issue (and its region); a plan for future projects on the region of
 * the reports when they all came from one, else the group.
 */
async function placeOf(
  tx: Executor,
  p: ImprovementPlanContentInput,
  kind: PlanKind,
  commonIssueId: number,
): Promise<{ projectId: number | null; regionId: number | null }> {
  await requireActiveEmployee(tx, p.ownerId, 'ownerId');
  const projects = await commonIssueProjects(tx, commonIssueId);
  if (kind === 'targeted') {
    const project = projects.find((x) => x.id === p.projectId);
    if (!project) throw new Refusal({ code: 'VALIDATION_FAILED', fields: { projectId: 'VALIDATION_FAILED' } });
    return { projectId: project.id, regionId: project.regionId };
  }
  const regions = new Set(projects.map((x) => x.regionId));
  return { projectId: null, regionId: regions.size === 1 ? projects[0]!.regionId : null };
}

async function addAction(
  tx: Executor,
  planId: number,
  a: ImprovementPlanActionInput,
  at: number,
  field: string,
): Promise<number> {
  await requireActiveEmployee(tx, a.ownerId, field);
  return insertImprovementPlanAction(tx, planId, a, at);
}

/**
 * A status change with its history line and (unless the caller writes its
 * own) its audit entry: every move, by a person, a revisit or detection,
 * is saved through here. Refused as a conflict when the plan moved meanwhile.
 */
export async function saveImprovementPlanMove(
  tx: Executor,
  plan: { id: number; status: PlanStatus },
  change: {
    move: PlanMove;
    to: PlanStatus;
    closedOn: IsoDate | null;
    note?: string;
    auditAfter?: Record<string, unknown> | null;
  },
  ctx: AuditContext,
): Promise<void> {
  if (
    !(await saveImprovementPlanStatus(
      tx,
      plan.id,
      { from: plan.status, to: change.to, closedOn: change.closedOn },
      ctx.at,
    ))
  )
    throw new Refusal({ code: 'CONFLICT' });
  await insertImprovementPlanEvent(tx, {
    planId: plan.id,
    at: ctx.at,
    actorId: ctx.actorId,
    move: change.move,
    from: plan.status,
    to: change.to,
    note: change.note ?? '',
  });
  if (change.auditAfter === null) return;
  await writeAudit(tx, ctx, {
    action: `plan.${change.move}`,
    entity: 'improvement_plan',
    entityId: plan.id,
    before: { status: plan.status },
    after: { status: change.to, ...change.auditAfter },
  });
}

export async function createImprovementPlan(
  db: Db,
  p: ImprovementPlanInput,
  ctx: AuditContext,
): Promise<Result<number, AppError>> {
  return unitOfWork(
    db,
    async (tx) => {
      const issue = await getCommonIssueRecord(tx, p.commonIssueId);
      if (!issue) throw new Refusal({ code: 'NOT_FOUND', fields: { commonIssueId: 'NOT_FOUND' } });
      if (issue.status !== 'confirmed') {
        throw new Refusal({
          code: 'COMMON_ISSUE_STATUS',
          params: { status: { zh: '未确认', en: 'not confirmed' }, action: { zh: '制定方案', en: 'given a plan' } },
        });
      }
      const place = await placeOf(tx, p, p.kind, p.commonIssueId);
      const id = await insertImprovementPlan(tx, { ...p, ...place }, ctx);
      for (const [i, a] of p.actions.entries()) await addAction(tx, id, a, ctx.at, `actions.${i}.ownerId`);
      await insertImprovementPlanEvent(tx, {
        planId: id,
        at: ctx.at,
        actorId: ctx.actorId,
        move: 'create',
        from: null,
        to: 'draft',
        note: '',
      });
      await writeAudit(tx, ctx, {
        action: 'plan.create',
        entity: 'improvement_plan',
        entityId: id,
        after: {
          commonIssueId: p.commonIssueId,
          kind: p.kind,
          title: p.title,
          ownerId: p.ownerId,
          actions: p.actions.length,
        },
      });
      return id;
    },
    (v) => (isUniqueOn(v, 'improvement_plans') ? { code: 'PLAN_EXISTS', fields: { kind: 'PLAN_EXISTS' } } : undefined),
  );
}

/** A draft's content may change; once approved the plan is a commitment and only gains actions. */
export async function updateImprovementPlan(
  db: Db,
  id: number,
  p: ImprovementPlanContentInput,
  ctx: AuditContext,
): Promise<Result<void, AppError>> {
  return unitOfWork(db, async (tx) => {
    const plan = await improvementPlanRecord(tx, id);
    if (plan.status !== 'draft') throw new Refusal({ code: 'PLAN_LOCKED' });
    const place = await placeOf(tx, p, plan.kind, plan.commonIssueId);
    await updateImprovementPlanContent(tx, id, { ...p, ...place }, ctx.at);
    await writeAudit(tx, ctx, {
      action: 'plan.update',
      entity: 'improvement_plan',
      entityId: id,
      before: { title: plan.title, ownerId: plan.ownerId },
      after: { title: p.title, ownerId: p.ownerId },
    });
  });
}

export async function addImprovementPlanAction(
  db: Db,
  planId: number,
  a: ImprovementPlanActionInput,
  ctx: AuditContext,
): Promise<Result<number, AppError>> {
  return unitOfWork(db, async (tx) => {
    const plan = await improvementPlanRecord(tx, planId);
    if (plan.status === 'closed' || plan.status === 'awaiting_verification') {
      throw new Refusal({
        code: 'PLAN_TRANSITION',
        params: { from: PLAN_STATUS_LABELS[plan.status], action: { zh: '增加措施', en: 'gain actions' } },
      });
    }
    const id = await addAction(tx, planId, a, ctx.at, 'ownerId');
    await touchImprovementPlan(tx, planId, ctx.at);
    await writeAudit(tx, ctx, {
      action: 'plan.action.add',
      entity: 'improvement_plan',
      entityId: planId,
      after: { actionId: id, ...a },
    });
    return id;
  });
}

/** What core's lifecycle needs to know of a plan now. */
type FactsSource = Pick<
  ImprovementPlanRecord,
  'id' | 'round' | 'status' | 'evidenceNotes' | 'commonIssueId' | 'projectId'
>;

async function factsOf(tx: Reader, plan: FactsSource, households?: AffectedHousehold[]): Promise<PlanFacts> {
  const progress = await improvementPlanProgress(tx, plan);
  const affected = households ?? (await affectedHouseholds(tx, plan.commonIssueId, plan.projectId));
  return { status: plan.status, evidenceNotes: plan.evidenceNotes, affectedHouseholds: affected.length, ...progress };
}

/** Marks an action done; the first done action of an approved plan starts it. */
export async function completeImprovementPlanAction(
  db: Db,
  planId: number,
  actionId: number,
  notes: string,
  today: IsoDate,
  ctx: AuditContext,
): Promise<Result<void, AppError>> {
  return unitOfWork(db, async (tx) => {
    const plan = await improvementPlanRecord(tx, planId);
    if (!WORKING_PLAN_STATUSES.some((s) => s === plan.status)) {
      throw new Refusal({
        code: 'PLAN_TRANSITION',
        params: { from: PLAN_STATUS_LABELS[plan.status], action: { zh: '完成措施', en: 'complete actions' } },
      });
    }
    const action = await getImprovementPlanAction(tx, planId, actionId);
    if (!action) throw new Refusal({ code: 'NOT_FOUND' });
    if (action.doneOn !== null) return;
    await saveImprovementPlanActionDone(tx, actionId, { doneOn: today, doneBy: ctx.actorId, notes });
    if (plan.status === 'approved') {
      const started = applyPlanMove(await factsOf(tx, plan), 'start');
      if (!started.ok) throw new Refusal(started.error);
      // Starting is a consequence of the action, audited as the action done.
      await saveImprovementPlanMove(
        tx,
        plan,
        { move: 'start', to: started.value, closedOn: null, auditAfter: null },
        ctx,
      );
    } else {
      await touchImprovementPlan(tx, planId, ctx.at);
    }
    await writeAudit(tx, ctx, {
      action: 'plan.action.done',
      entity: 'improvement_plan',
      entityId: planId,
      after: { actionId, doneOn: today },
    });
  });
}

/** Evidence of the fix: notes and photos the caller uploaded (not used by a visit or another plan). */
export async function setImprovementPlanEvidence(
  db: Db,
  planId: number,
  notes: string,
  photoIds: readonly string[],
  ctx: AuditContext & { actorId: number },
): Promise<Result<void, AppError>> {
  return unitOfWork(db, async (tx) => {
    const plan = await improvementPlanRecord(tx, planId);
    if (plan.status === 'closed' || plan.status === 'awaiting_verification' || plan.status === 'draft') {
      throw new Refusal({
        code: 'PLAN_TRANSITION',
        params: { from: PLAN_STATUS_LABELS[plan.status], action: { zh: '提交证据', en: 'take evidence' } },
      });
    }
    for (const photo of photoIds) {
      if (!(await linkEvidencePhoto(tx, planId, photo, ctx.actorId)))
        throw new Refusal({ code: 'PHOTO_NOT_FOUND', fields: { photoIds: 'PHOTO_NOT_FOUND' } });
    }
    await saveImprovementPlanEvidenceNotes(tx, planId, notes, ctx.at);
    await writeAudit(tx, ctx, {
      action: 'plan.evidence',
      entity: 'improvement_plan',
      entityId: planId,
      after: { notes: notes.length, photos: photoIds.length },
    });
  });
}

/**
 * Who revisits a household for a plan: its own employee when that is not the
 * plan's owner, else an active colleague on its project (never a leaver).
 */
async function chooseVerifier(
  tx: Executor,
  planOwnerId: number,
  householdOwnerId: number | null,
  projectId: number,
): Promise<number | null> {
  const candidates = await verifierCandidates(tx, projectId);
  const owner = householdOwnerId !== null && candidates.includes(householdOwnerId) ? householdOwnerId : null;
  return verifierFor(planOwnerId, owner, candidates);
}

async function tellVerifier(
  tx: Executor,
  plan: { id: number; title: string },
  verifier: number,
  dutyId: number,
  dueTo: IsoDate,
  mail: MailSettings | null,
  at: number,
): Promise<void> {
  const person = await getEmployee(tx, verifier);
  if (mail && person?.email && isSafeEmail(person.email)) {
    const draft = verificationAssigned({
      to: { name: person.name, email: person.email, locale: person.language },
      planId: plan.id,
      planTitle: plan.title,
      dutyId,
      dueTo,
      link: `${mail.origin}/plans/${plan.id}`,
    });
    await enqueueMail(tx, { ...draft, employeeId: verifier }, at, mail.host);
  }
}

/**
 * A verification round: a sample of the affected households, each given to
 * an employee other than the owner as a verification duty, and a mail to each
 * verifier. Returns the history line's note.
 */
async function openVerificationRound(
  tx: Executor,
  plan: ImprovementPlanRecord,
  households: AffectedHousehold[],
  today: IsoDate,
  mail: MailSettings | null,
  at: number,
): Promise<string> {
  const round = plan.round + 1;
  const chosen = new Set(
    sampleHouseholds(
      plan.id,
      round,
      households.map((h) => h.id),
      plan.sampleSize,
    ),
  );
  const dueTo = addDaysIso(today, VERIFICATION_DAYS);
  for (const h of households.filter((x) => chosen.has(x.id))) {
    const verifier = await chooseVerifier(tx, plan.ownerId, h.ownerEmployeeId, h.projectId);
    if (verifier === null) throw new Refusal({ code: 'PLAN_NO_VERIFIER' });
    const dutyId = await insertVerificationRevisit(
      tx,
      {
        planId: plan.id,
        round,
        householdId: h.id,
        employeeId: verifier,
        regionId: h.regionId,
        projectId: h.projectId,
        dueFrom: today,
        dueTo,
      },
      at,
    );
    await tellVerifier(tx, plan, verifier, dutyId, dueTo, mail, at);
  }
  await saveImprovementPlanRound(tx, plan.id, round);
  return writePlanEventNote({ kind: 'round_opened', round, households: chosen.size });
}

/**
 * Of the moves the caller may make, those the plan is not ready for and why (actions still open, no
 * evidence filed): the page shows such a move held back with its reason beside it, instead of
 * offering it and refusing it after.
 */
export async function planMoveBlockers(
  db: Db,
  plan: FactsSource,
  moves: readonly PeoplePlanMove[],
): Promise<Partial<Record<PeoplePlanMove, AppError>>> {
  if (moves.length === 0) return {};
  const facts = await factsOf(db, plan);
  const blockers: Partial<Record<PeoplePlanMove, AppError>> = {};
  for (const move of moves) {
    const result = applyPlanMove(facts, move);
    if (!result.ok) blockers[move] = result.error;
  }
  return blockers;
}

/** People's moves: approve, start, submit. Submitting opens a verification round. */
export async function moveImprovementPlan(
  db: Db,
  planId: number,
  move: PeoplePlanMove,
  today: IsoDate,
  mail: MailSettings | null,
  ctx: AuditContext,
): Promise<Result<PlanStatus, AppError>> {
  return unitOfWork(db, async (tx) => {
    const plan = await improvementPlanRecord(tx, planId);
    const households = await affectedHouseholds(tx, plan.commonIssueId, plan.projectId);
    const next = applyPlanMove(await factsOf(tx, plan, households), move);
    if (!next.ok) throw new Refusal(next.error);
    const note = move === 'submit' ? await openVerificationRound(tx, plan, households, today, mail, ctx.at) : '';
    await saveImprovementPlanMove(tx, plan, { move, to: next.value, closedOn: null, note }, ctx);
    return next.value;
  });
}

/** A closed plan for future projects becomes a defect-library entry, indexed by its segmented words. */
async function addDefect(tx: Executor, plan: ImprovementPlanRecord, at: number): Promise<void> {
  const issue = (await getCommonIssueRecord(tx, plan.commonIssueId))!;
  const projects = await commonIssueProjects(tx, plan.commonIssueId);
  const content = {
    categoryId: issue.categoryId,
    title: plan.title,
    description: plan.description,
    cause: plan.cause,
    standardChange: plan.standardChange,
    projectIds: projects.map((p) => p.id),
  };
  // Reopened and closed again: the entry is brought up to date, not duplicated.
  const existing = await defectIdOfImprovementPlan(tx, plan.id);
  const id =
    existing ?? (await insertDefect(tx, { ...content, planId: plan.id, commonIssueId: plan.commonIssueId }, at));
  if (existing !== undefined) await updateDefect(tx, existing, content);
  const label = (await issueCategoryLabels(tx)).get(issue.categoryId)!.label;
  await saveDefectWords(
    tx,
    id,
    issueWords([label.zh, label.en, plan.title, plan.description, plan.cause, plan.standardChange].join(' ')),
  );
}

/**
 * A verifier's record of a revisit. It completes their duty; when the round is
 * all recorded, every "fixed" closes the plan (a plan for future projects then
 * enters the defect library) and any "not fixed" sends it back to work.
 */
export async function recordVerification(
  db: Db,
  planId: number,
  verificationId: number,
  v: { outcome: VerificationOutcome; notes: string; visitedOn: IsoDate },
  today: IsoDate,
  ctx: AuditContext & { actorId: number },
): Promise<Result<PlanStatus, AppError>> {
  return unitOfWork(db, async (tx) => {
    const plan = await improvementPlanRecord(tx, planId);
    const revisit = await getVerification(tx, planId, verificationId);
    if (!revisit) throw new Refusal({ code: 'NOT_FOUND' });
    if (revisit.employeeId !== ctx.actorId && revisit.deputyId !== ctx.actorId)
      throw new Refusal({ code: 'VERIFICATION_NOT_YOURS' });
    if (revisit.outcome !== null || revisit.round !== plan.round || plan.status !== 'awaiting_verification')
      throw new Refusal({ code: 'VERIFICATION_RECORDED' });
    if (v.visitedOn > today) throw new Refusal({ code: 'VISIT_IN_FUTURE', fields: { visitedOn: 'VISIT_IN_FUTURE' } });
    await saveVerificationOutcome(tx, verificationId, v, ctx.at);
    if ([...OPEN_STATUSES, 'missed'].includes(revisit.dutyStatus)) {
      await saveVerificationDutyDone(
        tx,
        revisit.dutyId,
        {
          completedOn: v.visitedOn,
          attendedBy: ctx.actorId,
          notes: `整改回访：${v.outcome === 'fixed' ? '已解决' : '未解决'}`,
        },
        ctx.at,
      );
      await writeAudit(tx, ctx, {
        action: 'duty.complete',
        entity: 'duty',
        entityId: revisit.dutyId,
        before: { status: revisit.dutyStatus },
        after: { status: 'done', verificationId },
      });
    }
    await writeAudit(tx, ctx, {
      action: 'plan.verification',
      entity: 'improvement_plan',
      entityId: planId,
      after: { verificationId, outcome: v.outcome },
    });
    const facts = await factsOf(tx, plan);
    const state = verificationState(facts.verifications);
    if (state === 'pending') return plan.status;
    const move = state === 'confirmed' ? 'verify' : 'fail';
    const next = applyPlanMove(facts, move);
    if (!next.ok) throw new Refusal(next.error);
    const notFixed = facts.verifications.filter((x) => x.outcome === 'not_fixed').length;
    const note = move === 'fail' ? writePlanEventNote({ kind: 'not_fixed', households: notFixed }) : '';
    await saveImprovementPlanMove(
      tx,
      plan,
      { move, to: next.value, closedOn: next.value === 'closed' ? today : null, note },
      ctx,
    );
    if (next.value === 'closed' && plan.kind === 'future') await addDefect(tx, plan, ctx.at);
    return next.value;
  });
}

/**
 * A leaver's open revisits go to whoever now looks after each household (or
 * a colleague on its project), with a mail; run after the re-plan that hands
 * their households on. Revisits nobody can take stay and are counted.
 */
export async function handOnVerifications(
  db: Db,
  employeeId: number,
  mail: MailSettings | null,
  ctx: AuditContext,
): Promise<{ moved: number; stranded: number }> {
  return inTransaction(db, async (tx) => {
    const open = await openRevisitsOfLeaver(tx, employeeId);
    let moved = 0;
    for (const v of open) {
      const verifier = await chooseVerifier(tx, v.planOwnerId, v.householdOwnerId, v.projectId);
      if (verifier === null) continue;
      await reassignRevisit(tx, v, verifier, ctx.at);
      await writeAudit(tx, ctx, {
        action: 'plan.verification-handed-on',
        entity: 'improvement_plan',
        entityId: v.planId,
        before: { verificationId: v.id, employeeId },
        after: { employeeId: verifier },
      });
      await tellVerifier(tx, { id: v.planId, title: v.planTitle }, verifier, v.dutyId, v.dueTo, mail, ctx.at);
      moved++;
    }
    return { moved, stranded: open.length - moved };
  });
}

/** New reports placed with a confirmed common issue, as detection attached them. */
export type AttachedReport = { id: number; visitedOn: IsoDate; householdIds: readonly number[] };

/**
 * Reopens the issue's closed plans that a household they were meant to fix
 * reported again after closing; tells each owner. Runs inside detection's
 * unit of work; returns how many reopened.
 */
export async function reopenImprovementPlans(
  tx: Executor,
  commonIssueId: number,
  reports: readonly AttachedReport[],
  householdsReportedBy: (closedOn: IsoDate) => Promise<Set<number>>,
  mail: MailSettings | null,
  ctx: AuditContext,
): Promise<number> {
  let reopened = 0;
  for (const p of await closedImprovementPlansOf(tx, commonIssueId)) {
    const households = await householdsReportedBy(p.closedOn);
    const again = reports.filter((r) =>
      reopensPlan({ status: 'closed', closedOn: p.closedOn, householdIds: households }, r),
    );
    if (again.length === 0) continue;
    const move = applyPlanMove(
      {
        status: 'closed',
        actions: [],
        evidenceNotes: '',
        evidencePhotos: 0,
        affectedHouseholds: households.size,
        verifications: [],
      },
      'reopen',
    );
    if (!move.ok) continue;
    const note = writePlanEventNote({ kind: 'reported_again', items: again.map((r) => r.id) });
    await saveImprovementPlanMove(
      tx,
      { id: p.id, status: 'closed' },
      { move: 'reopen', to: move.value, closedOn: null, note, auditAfter: { items: again.map((r) => r.id) } },
      ctx,
    );
    if (mail && p.ownerEmail && isSafeEmail(p.ownerEmail)) {
      const draft = planReopened({
        to: { name: p.ownerName, email: p.ownerEmail, locale: p.ownerLocale },
        planId: p.id,
        planTitle: p.title,
        reports: again.length,
        link: `${mail.origin}/plans/${p.id}`,
        at: ctx.at,
      });
      await enqueueMail(tx, { ...draft, employeeId: p.ownerId }, ctx.at, mail.host);
    }
    reopened++;
  }
  return reopened;
}
