import {
  addDaysIso,
  applyPlanMove,
  isActionOverdue,
  isSafeEmail,
  issueWords,
  OPEN_STATUSES,
  PLAN_STATUS_LABELS,
  sampleHouseholds,
  verificationAssigned,
  verificationState,
  verifierFor,
  type AppError,
  type DutyStatus,
  type IsoDate,
  type Line,
  type PlanFacts,
  type PlanKind,
  type PlanMove,
  type PlanStatus,
  type Result,
  type VerificationOutcome,
} from '@frontline/core';
import type BetterSqlite3 from 'better-sqlite3';
import { categoryLabels } from './analysis.ts';
import { writeAuditSync, type AuditContext } from './audit.ts';
import { exclusive, type Db } from './open.ts';
import { enqueueMailSync } from './bulk/outbox.ts';
import type { MailSettings } from '@frontline/core';
import { Refusal, refusing } from './refusal.ts';

/**
 * Improvement plans (提升方案) and their actions, evidence, events and
 * verification revisits. Every change is one transaction with its event row
 * and audit entry; the lifecycle rules are core's (applyPlanMove).
 */

export type PlanActionInput = { title: string; ownerId: number; dueOn: IsoDate };
export type PlanInput = {
  commonIssueId: number;
  kind: PlanKind;
  title: string;
  description: string;
  cause: string;
  standardChange: string;
  ownerLine: Line;
  ownerId: number;
  projectId: number | null;
  sampleSize: number;
  actions: PlanActionInput[];
};

export type PlanAction = { id: number; title: string; ownerId: number; ownerName: string; dueOn: IsoDate; doneOn: IsoDate | null; notes: string; overdue: boolean };
export type PlanVerification = {
  id: number; round: number; dutyId: number; householdId: number; employeeId: number; employeeName: string;
  outcome: VerificationOutcome | null; notes: string; visitedOn: IsoDate | null; dueTo: IsoDate;
};
export type PlanSummary = {
  id: number; commonIssueId: number; commonIssueTitle: string; categoryId: number; kind: PlanKind; title: string; status: PlanStatus;
  ownerLine: Line; ownerId: number; ownerName: string; projectId: number | null; projectName: string | null; regionId: number | null;
  actions: number; actionsDone: number; actionsOverdue: number; closedOn: IsoDate | null; updatedAt: number;
};
export type Plan = PlanSummary & {
  description: string; cause: string; standardChange: string; sampleSize: number; evidenceNotes: string; round: number;
  actionList: PlanAction[];
  evidencePhotos: string[];
  verifications: PlanVerification[];
  events: { at: number; actorName: string | null; move: string; from: string | null; to: string; note: string }[];
  createdBy: number | null;
};

type PlanRow = {
  id: number; common_issue_id: number; kind: PlanKind; title: string; description: string; cause: string; standard_change: string; owner_line: Line; owner_id: number;
  project_id: number | null; region_id: number | null; sample_size: number; status: PlanStatus; evidence_notes: string; round: number; closed_on: string | null;
  created_by: number | null; created_at: number; updated_at: number;
};

function planRow(s: BetterSqlite3.Database, id: number): PlanRow {
  const row = s.prepare('select * from improvement_plans where id = ?').get(id) as PlanRow | undefined;
  if (!row) throw new Refusal({ code: 'NOT_FOUND' });
  return row;
}

function event(s: BetterSqlite3.Database, planId: number, ctx: AuditContext, move: string, from: PlanStatus | null, to: PlanStatus, note = ''): void {
  s.prepare('insert into plan_events (plan_id, at, actor_id, move, from_status, to_status, note) values (?, ?, ?, ?, ?, ?, ?)').run(planId, ctx.at, ctx.actorId, move, from, to, note);
}

function requireActiveEmployee(s: BetterSqlite3.Database, id: number, field: string): void {
  if (!s.prepare('select 1 from employees where id = ? and active = 1').get(id)) throw new Refusal({ code: 'EMPLOYEE_INVALID', fields: { [field]: 'EMPLOYEE_INVALID' } });
}

/** Projects the issue's items came from, with their regions. */
function issueProjects(s: BetterSqlite3.Database, commonIssueId: number): { id: number; region_id: number }[] {
  return s
    .prepare(`select distinct p.id, p.region_id from common_issue_items ci join visit_issues vi on vi.id = ci.item_id join projects p on p.id = vi.project_id where ci.common_issue_id = ? order by p.id`)
    .all(commonIssueId) as { id: number; region_id: number }[];
}

function checkPlanInput(s: BetterSqlite3.Database, p: Omit<PlanInput, 'actions' | 'commonIssueId' | 'kind'>, kind: PlanKind, commonIssueId: number): { projectId: number | null; regionId: number | null } {
  requireActiveEmployee(s, p.ownerId, 'ownerId');
  const projects = issueProjects(s, commonIssueId);
  if (kind === 'targeted') {
    // A targeted fix is on one of the projects that reported the issue.
    const project = projects.find((x) => x.id === p.projectId);
    if (!project) throw new Refusal({ code: 'VALIDATION_FAILED', fields: { projectId: 'VALIDATION_FAILED' } });
    return { projectId: project.id, regionId: project.region_id };
  }
  const regions = new Set(projects.map((x) => x.region_id));
  return { projectId: null, regionId: regions.size === 1 ? projects[0]!.region_id : null };
}

function insertAction(s: BetterSqlite3.Database, planId: number, a: PlanActionInput, at: number, field: string): number {
  requireActiveEmployee(s, a.ownerId, field);
  return Number(s.prepare('insert into plan_actions (plan_id, title, owner_id, due_on, created_at) values (?, ?, ?, ?, ?)').run(planId, a.title, a.ownerId, a.dueOn, at).lastInsertRowid);
}

export async function createPlan(db: Db, p: PlanInput, ctx: AuditContext): Promise<Result<number, AppError>> {
  return refusing(
    () =>
      exclusive(db, () => {
        const s = db.sqlite;
        const issue = s.prepare('select status from common_issues where id = ?').get(p.commonIssueId) as { status: string } | undefined;
        if (!issue) throw new Refusal({ code: 'NOT_FOUND', fields: { commonIssueId: 'NOT_FOUND' } });
        if (issue.status !== 'confirmed') {
          throw new Refusal({ code: 'COMMON_ISSUE_STATUS', params: { status: { zh: '未确认', en: 'not confirmed' }, action: { zh: '制定方案', en: 'given a plan' } } });
        }
        const where = checkPlanInput(s, p, p.kind, p.commonIssueId);
        const id = Number(
          s
            .prepare(
              `insert into improvement_plans (common_issue_id, kind, title, description, cause, standard_change, owner_line, owner_id, project_id, region_id, sample_size, status, created_by, created_at, updated_at)
               values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?, ?)`,
            )
            .run(p.commonIssueId, p.kind, p.title, p.description, p.cause, p.standardChange, p.ownerLine, p.ownerId, where.projectId, where.regionId, p.sampleSize, ctx.actorId, ctx.at, ctx.at).lastInsertRowid,
        );
        p.actions.forEach((a, i) => insertAction(s, id, a, ctx.at, `actions.${i}.ownerId`));
        event(s, id, ctx, 'create', null, 'draft');
        writeAuditSync(s, ctx, { action: 'plan.create', entity: 'improvement_plan', entityId: id, after: { commonIssueId: p.commonIssueId, kind: p.kind, title: p.title, ownerId: p.ownerId, actions: p.actions.length } });
        return id;
      }),
    (code, message) => (code === 'SQLITE_CONSTRAINT_UNIQUE' && message.includes('improvement_plans') ? { code: 'PLAN_EXISTS', fields: { kind: 'PLAN_EXISTS' } } : undefined),
  );
}

/** A draft's content may change; once approved the plan is a commitment and only gains actions. */
export async function updatePlan(db: Db, id: number, p: Omit<PlanInput, 'actions' | 'commonIssueId' | 'kind'>, ctx: AuditContext): Promise<Result<void, AppError>> {
  return refusing(() =>
    exclusive(db, () => {
      const s = db.sqlite;
      const row = planRow(s, id);
      if (row.status !== 'draft') throw new Refusal({ code: 'PLAN_LOCKED' });
      const where = checkPlanInput(s, p, row.kind, row.common_issue_id);
      s.prepare(
        `update improvement_plans set title = ?, description = ?, cause = ?, standard_change = ?, owner_line = ?, owner_id = ?, project_id = ?, region_id = ?, sample_size = ?, updated_at = ? where id = ?`,
      ).run(p.title, p.description, p.cause, p.standardChange, p.ownerLine, p.ownerId, where.projectId, where.regionId, p.sampleSize, ctx.at, id);
      writeAuditSync(s, ctx, { action: 'plan.update', entity: 'improvement_plan', entityId: id, before: { title: row.title, ownerId: row.owner_id }, after: { title: p.title, ownerId: p.ownerId } });
    }),
  );
}

export async function addPlanAction(db: Db, planId: number, a: PlanActionInput, ctx: AuditContext): Promise<Result<number, AppError>> {
  return refusing(() =>
    exclusive(db, () => {
      const s = db.sqlite;
      const row = planRow(s, planId);
      if (row.status === 'closed' || row.status === 'awaiting_verification') {
        throw new Refusal({ code: 'PLAN_TRANSITION', params: { from: PLAN_STATUS_LABELS[row.status], action: { zh: '增加措施', en: 'gain actions' } } });
      }
      const id = insertAction(s, planId, a, ctx.at, 'ownerId');
      s.prepare('update improvement_plans set updated_at = ? where id = ?').run(ctx.at, planId);
      writeAuditSync(s, ctx, { action: 'plan.action.add', entity: 'improvement_plan', entityId: planId, after: { actionId: id, ...a } });
      return id;
    }),
  );
}

/** Marks an action done; the first done action of an approved plan starts it. */
export async function completePlanAction(db: Db, planId: number, actionId: number, notes: string, today: IsoDate, ctx: AuditContext): Promise<Result<void, AppError>> {
  return refusing(() =>
    exclusive(db, () => {
      const s = db.sqlite;
      const row = planRow(s, planId);
      if (!['approved', 'in_progress', 'reopened'].includes(row.status)) {
        throw new Refusal({ code: 'PLAN_TRANSITION', params: { from: PLAN_STATUS_LABELS[row.status], action: { zh: '完成措施', en: 'complete actions' } } });
      }
      const action = s.prepare('select done_on from plan_actions where id = ? and plan_id = ?').get(actionId, planId) as { done_on: string | null } | undefined;
      if (!action) throw new Refusal({ code: 'NOT_FOUND' });
      if (action.done_on !== null) return;
      s.prepare('update plan_actions set done_on = ?, done_by = ?, notes = ? where id = ?').run(today, ctx.actorId, notes, actionId);
      if (row.status === 'approved') {
        const started = applyPlanMove(factsOf(s, row), 'start');
        if (!started.ok) throw new Refusal(started.error);
        s.prepare('update improvement_plans set status = ?, updated_at = ? where id = ?').run(started.value, ctx.at, planId);
        event(s, planId, ctx, 'start', row.status, started.value);
      } else {
        s.prepare('update improvement_plans set updated_at = ? where id = ?').run(ctx.at, planId);
      }
      writeAuditSync(s, ctx, { action: 'plan.action.done', entity: 'improvement_plan', entityId: planId, after: { actionId, doneOn: today } });
    }),
  );
}

/** Evidence of the fix: notes and photos the caller uploaded (not used by a visit or another plan). */
export async function setPlanEvidence(db: Db, planId: number, notes: string, photoIds: readonly string[], ctx: AuditContext & { actorId: number }): Promise<Result<void, AppError>> {
  return refusing(() =>
    exclusive(db, () => {
      const s = db.sqlite;
      const row = planRow(s, planId);
      if (row.status === 'closed' || row.status === 'awaiting_verification' || row.status === 'draft') {
        throw new Refusal({ code: 'PLAN_TRANSITION', params: { from: PLAN_STATUS_LABELS[row.status], action: { zh: '提交证据', en: 'take evidence' } } });
      }
      const link = s.prepare('update photos set plan_id = ? where id = ? and visit_id is null and (plan_id = ? or (plan_id is null and uploaded_by = ?))');
      for (const photo of photoIds) {
        if (link.run(planId, photo, planId, ctx.actorId).changes !== 1) throw new Refusal({ code: 'PHOTO_NOT_FOUND', fields: { photoIds: 'PHOTO_NOT_FOUND' } });
      }
      s.prepare('update improvement_plans set evidence_notes = ?, updated_at = ? where id = ?').run(notes, ctx.at, planId);
      writeAuditSync(s, ctx, { action: 'plan.evidence', entity: 'improvement_plan', entityId: planId, after: { notes: notes.length, photos: photoIds.length } });
    }),
  );
}

function factsOf(s: BetterSqlite3.Database, row: PlanRow, households = affectedHouseholds(s, row)): PlanFacts {
  const actions = s.prepare('select done_on as doneOn from plan_actions where plan_id = ?').all(row.id) as { doneOn: string | null }[];
  const photos = s.prepare('select count(*) from photos where plan_id = ?').pluck().get(row.id) as number;
  const verifications = s.prepare('select outcome from plan_verifications where plan_id = ? and round = ?').all(row.id, row.round) as { outcome: VerificationOutcome | null }[];
  return { status: row.status, actions, evidenceNotes: row.evidence_notes, evidencePhotos: photos, affectedHouseholds: households.length, verifications };
}

/** Households that reported the plan's issue; a targeted plan fixes its own project's. */
type AffectedHousehold = { id: number; owner: number | null; project_id: number; region_id: number };

function affectedHouseholds(s: BetterSqlite3.Database, row: PlanRow): AffectedHousehold[] {
  return s
    .prepare(
      `select distinct h.id, h.owner_employee_id as owner, h.project_id, p.region_id from common_issue_items ci
       join visit_issues vi on vi.id = ci.item_id join visit_households vh on vh.visit_id = vi.visit_id
       join households h on h.id = vh.household_id join projects p on p.id = h.project_id
       where ci.common_issue_id = ? and (? is null or h.project_id = ?) order by h.id`,
    )
    .all(row.common_issue_id, row.project_id, row.project_id) as AffectedHousehold[];
}

/** Days a verifier has to revisit. */
export const VERIFICATION_DAYS = 14;

/**
 * People's moves: approve, start, submit. Submitting opens a verification
 * round: a sample of affected households, each given to an employee other
 * than the owner as a verification duty, and a mail to each verifier.
 */
export async function movePlan(db: Db, planId: number, move: Extract<PlanMove, 'approve' | 'start' | 'submit'>, today: IsoDate, mail: MailSettings | null, ctx: AuditContext): Promise<Result<PlanStatus, AppError>> {
  return refusing(() =>
    exclusive(db, () => {
      const s = db.sqlite;
      const row = planRow(s, planId);
      const households = affectedHouseholds(s, row);
      const next = applyPlanMove(factsOf(s, row, households), move);
      if (!next.ok) throw new Refusal(next.error);
      s.prepare('update improvement_plans set status = ?, updated_at = ? where id = ?').run(next.value, ctx.at, planId);
      let note = '';
      if (move === 'submit') note = openVerificationRound(s, row, households, today, mail, ctx);
      event(s, planId, ctx, move, row.status, next.value, note);
      writeAuditSync(s, ctx, { action: `plan.${move}`, entity: 'improvement_plan', entityId: planId, before: { status: row.status }, after: { status: next.value } });
      return next.value;
    }),
  );
}

/**
 * Who revisits a household for a plan: its own employee when that is not the
 * plan's owner, else an active colleague on its project (never a leaver).
 */
function chooseVerifier(s: BetterSqlite3.Database, planOwnerId: number, householdOwnerId: number | null, projectId: number): number | null {
  const candidates = s
    .prepare(`select id from employees where project_id = ? and active = 1 and position in ('staff', 'project_head') order by id limit 50`)
    .pluck()
    .all(projectId) as number[];
  const owner = householdOwnerId !== null && candidates.includes(householdOwnerId) ? householdOwnerId : null;
  return verifierFor(planOwnerId, owner, candidates);
}

function tellVerifier(s: BetterSqlite3.Database, plan: { id: number; title: string }, verifier: number, dutyId: number, dueTo: IsoDate, mail: MailSettings | null, ctx: AuditContext) {
  const p = s.prepare('select name, email from employees where id = ?').get(verifier) as { name: string; email: string | null };
  if (mail && p.email && isSafeEmail(p.email)) {
    enqueueMailSync(s, { ...verificationAssigned({ to: { name: p.name, email: p.email }, planId: plan.id, planTitle: plan.title, dutyId, dueTo, link: `${mail.origin}/plans/${plan.id}` }), employeeId: verifier }, ctx.at, mail.host);
  }
}

/**
 * A leaver's open revisits go to whoever now looks after each household (or
 * a colleague on its project), with a mail; run after the re-plan that hands
 * their households on. Revisits nobody can take stay and are counted.
 */
export async function handOnVerifications(db: Db, employeeId: number, mail: MailSettings | null, ctx: AuditContext): Promise<{ moved: number; stranded: number }> {
  return exclusive(db, () => {
    const s = db.sqlite;
    const open = s
      .prepare(
        `select v.id, v.plan_id, d.id as duty_id, d.due_to, h.id as household_id, h.project_id, h.owner_employee_id, p.owner_id, p.title
         from plan_verifications v join duties d on d.id = v.duty_id join households h on h.id = v.household_id join improvement_plans p on p.id = v.plan_id
         join employees e on e.id = v.employee_id
         where v.employee_id = ? and e.active = 0 and v.outcome is null and d.status in (${OPEN_STATUSES.map((x) => `'${x}'`).join(', ')})`,
      )
      .all(employeeId) as { id: number; plan_id: number; duty_id: number; due_to: string; household_id: number; project_id: number; owner_employee_id: number | null; owner_id: number; title: string }[];
    let moved = 0;
    for (const v of open) {
      const verifier = chooseVerifier(s, v.owner_id, v.owner_employee_id, v.project_id);
      if (verifier === null) continue;
      s.prepare('update duties set employee_id = ?, updated_at = ? where id = ?').run(verifier, ctx.at, v.duty_id);
      s.prepare('update plan_verifications set employee_id = ? where id = ?').run(verifier, v.id);
      writeAuditSync(s, ctx, { action: 'plan.verification-handed-on', entity: 'improvement_plan', entityId: v.plan_id, before: { verificationId: v.id, employeeId }, after: { employeeId: verifier } });
      tellVerifier(s, { id: v.plan_id, title: v.title }, verifier, v.duty_id, v.due_to, mail, ctx);
      moved++;
    }
    return { moved, stranded: open.length - moved };
  });
}

function openVerificationRound(s: BetterSqlite3.Database, row: PlanRow, households: AffectedHousehold[], today: IsoDate, mail: MailSettings | null, ctx: AuditContext): string {
  const round = row.round + 1;
  const chosen = new Set(sampleHouseholds(row.id, round, households.map((h) => h.id), row.sample_size));
  const dueTo = addDaysIso(today, VERIFICATION_DAYS);
  const insertDuty = s.prepare(
    `insert into duties (key, kind, employee_id, region_id, project_id, period_kind, period_key, due_from, due_to, household_id, status, updated_at)
     values (?, 'verification', ?, ?, ?, 'month', ?, ?, ?, ?, 'planned', ?)`,
  );
  const insertVerification = s.prepare('insert into plan_verifications (plan_id, round, duty_id, household_id, employee_id) values (?, ?, ?, ?, ?)');
  for (const h of households.filter((x) => chosen.has(x.id))) {
    const verifier = chooseVerifier(s, row.owner_id, h.owner, h.project_id);
    if (verifier === null) throw new Refusal({ code: 'PLAN_NO_VERIFIER' });
    const dutyId = Number(insertDuty.run(`verify:${row.id}:${round}:${h.id}`, verifier, h.region_id, h.project_id, dueTo.slice(0, 7), today, dueTo, h.id, ctx.at).lastInsertRowid);
    insertVerification.run(row.id, round, dutyId, h.id, verifier);
    tellVerifier(s, { id: row.id, title: row.title }, verifier, dutyId, dueTo, mail, ctx);
  }
  s.prepare('update improvement_plans set round = ? where id = ?').run(round, row.id);
  return `第 ${round} 轮回访：${chosen.size} 户 / round ${round}: ${chosen.size} household(s)`;
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
  return refusing(() =>
    exclusive(db, () => {
      const s = db.sqlite;
      const row = planRow(s, planId);
      const ver = s
        .prepare('select v.round, v.duty_id, v.employee_id, v.outcome, d.deputy_id, d.status from plan_verifications v join duties d on d.id = v.duty_id where v.id = ? and v.plan_id = ?')
        .get(verificationId, planId) as { round: number; duty_id: number; employee_id: number; outcome: string | null; deputy_id: number | null; status: string } | undefined;
      if (!ver) throw new Refusal({ code: 'NOT_FOUND' });
      if (ver.employee_id !== ctx.actorId && ver.deputy_id !== ctx.actorId) throw new Refusal({ code: 'VERIFICATION_NOT_YOURS' });
      if (ver.outcome !== null || ver.round !== row.round || row.status !== 'awaiting_verification') throw new Refusal({ code: 'VERIFICATION_RECORDED' });
      if (v.visitedOn > today) throw new Refusal({ code: 'VISIT_IN_FUTURE', fields: { visitedOn: 'VISIT_IN_FUTURE' } });
      s.prepare('update plan_verifications set outcome = ?, notes = ?, visited_on = ?, recorded_at = ? where id = ?').run(v.outcome, v.notes, v.visitedOn, ctx.at, verificationId);
      if ([...OPEN_STATUSES, 'missed'].includes(ver.status as DutyStatus)) {
        s.prepare(`update duties set status = 'done', completed_on = ?, attended_by = ?, notes = ?, updated_at = ? where id = ?`).run(v.visitedOn, ctx.actorId, `整改回访：${v.outcome === 'fixed' ? '已解决' : '未解决'}`, ctx.at, ver.duty_id);
        writeAuditSync(s, ctx, { action: 'duty.complete', entity: 'duty', entityId: ver.duty_id, before: { status: ver.status }, after: { status: 'done', verificationId } });
      }
      writeAuditSync(s, ctx, { action: 'plan.verification', entity: 'improvement_plan', entityId: planId, after: { verificationId, outcome: v.outcome } });
      const facts = factsOf(s, row);
      const state = verificationState(facts.verifications);
      if (state === 'pending') return row.status;
      const move = state === 'confirmed' ? 'verify' : 'fail';
      const next = applyPlanMove(facts, move);
      if (!next.ok) throw new Refusal(next.error);
      s.prepare('update improvement_plans set status = ?, closed_on = ?, updated_at = ? where id = ?').run(next.value, next.value === 'closed' ? today : null, ctx.at, planId);
      const notFixed = facts.verifications.filter((x) => x.outcome === 'not_fixed').length;
      event(s, planId, ctx, move, row.status, next.value, move === 'fail' ? `${notFixed} 户反馈未解决 / ${notFixed} household(s) not fixed` : '');
      writeAuditSync(s, ctx, { action: `plan.${move}`, entity: 'improvement_plan', entityId: planId, before: { status: row.status }, after: { status: next.value } });
      if (next.value === 'closed' && row.kind === 'future') addDefect(s, row, ctx.at);
      return next.value;
    }),
  );
}

/** A closed plan for future projects becomes a defect-library entry, indexed by its segmented words. */
function addDefect(s: BetterSqlite3.Database, row: PlanRow, at: number): void {
  const issue = s.prepare('select category_id from common_issues where id = ?').get(row.common_issue_id) as { category_id: number };
  const projects = issueProjects(s, row.common_issue_id).map((p) => p.id);
  const existing = s.prepare('select id from defects where plan_id = ?').pluck().get(row.id) as number | undefined;
  const fields = [issue.category_id, row.title, row.description, row.cause, row.standard_change, JSON.stringify(projects)] as const;
  let id: number;
  if (existing) {
    // Reopened and closed again: the entry is brought up to date, not duplicated.
    s.prepare('update defects set category_id = ?, title = ?, description = ?, cause = ?, standard_change = ?, project_ids = ? where id = ?').run(...fields, existing);
    s.prepare('delete from defects_fts where rowid = ?').run(existing);
    id = existing;
  } else {
    id = Number(
      s.prepare('insert into defects (plan_id, common_issue_id, category_id, title, description, cause, standard_change, project_ids, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run(row.id, row.common_issue_id, ...fields, at).lastInsertRowid,
    );
  }
  const label = categoryLabels(s).get(issue.category_id)!.label;
  const words = issueWords([label.zh, label.en, row.title, row.description, row.cause, row.standard_change].join(' '));
  s.prepare('insert into defects_fts (rowid, words) values (?, ?)').run(id, words.join(' '));
}

export type PlanFilter = { status?: PlanStatus; kind?: PlanKind; regionIds?: number[]; projectIds?: number[]; involving?: number };

const SUMMARY_SQL = `
  select p.*, c.title as issue_title, c.category_id, e.name as owner_name, pr.name as project_name,
    (select count(*) from plan_actions a where a.plan_id = p.id) as n_actions,
    (select count(*) from plan_actions a where a.plan_id = p.id and a.done_on is not null) as n_done,
    (select count(*) from plan_actions a where a.plan_id = p.id and a.done_on is null and a.due_on < ?) as n_overdue
  from improvement_plans p join common_issues c on c.id = p.common_issue_id join employees e on e.id = p.owner_id
  left join projects pr on pr.id = p.project_id`;

type SummaryRow = PlanRow & { issue_title: string; category_id: number; owner_name: string; project_name: string | null; n_actions: number; n_done: number; n_overdue: number };

function toSummary(r: SummaryRow): PlanSummary {
  return {
    id: r.id, commonIssueId: r.common_issue_id, commonIssueTitle: r.issue_title, categoryId: r.category_id, kind: r.kind, title: r.title, status: r.status,
    ownerLine: r.owner_line, ownerId: r.owner_id, ownerName: r.owner_name, projectId: r.project_id, projectName: r.project_name, regionId: r.region_id,
    actions: r.n_actions, actionsDone: r.n_done, actionsOverdue: r.n_overdue, closedOn: r.closed_on, updatedAt: r.updated_at,
  };
}

/**
 * Plans in a scope: a plan belongs to its project's region, a plan spanning
 * regions to the group; `involving` adds the plans a person owns, acts in or
 * verifies.
 */
export async function listPlans(db: Db, f: PlanFilter, today: IsoDate): Promise<PlanSummary[]> {
  const where: string[] = [];
  const params: (string | number)[] = [today];
  if (f.status) {
    where.push('p.status = ?');
    params.push(f.status);
  }
  if (f.kind) {
    where.push('p.kind = ?');
    params.push(f.kind);
  }
  const scope: string[] = [];
  if (f.regionIds) {
    scope.push(`p.region_id in (${f.regionIds.map(() => '?').join(', ') || 'null'})`);
    params.push(...f.regionIds);
  }
  if (f.projectIds) {
    scope.push(`p.project_id in (${f.projectIds.map(() => '?').join(', ') || 'null'})`);
    params.push(...f.projectIds);
  }
  if (f.involving !== undefined) {
    scope.push(`(p.owner_id = ? or exists (select 1 from plan_actions a where a.plan_id = p.id and a.owner_id = ?) or exists (select 1 from plan_verifications v where v.plan_id = p.id and v.employee_id = ?))`);
    params.push(f.involving, f.involving, f.involving);
  }
  if (scope.length) where.push(`(${scope.join(' or ')})`);
  const rows = db.sqlite.prepare(`${SUMMARY_SQL} ${where.length ? `where ${where.join(' and ')}` : ''} order by p.updated_at desc, p.id desc limit 500`).all(...params) as SummaryRow[];
  return rows.map(toSummary);
}

export async function getPlan(db: Db, id: number, today: IsoDate): Promise<Plan | undefined> {
  const s = db.sqlite;
  const r = s.prepare(`${SUMMARY_SQL} where p.id = ?`).get(today, id) as SummaryRow | undefined;
  if (!r) return undefined;
  const actions = s.prepare('select a.*, e.name as owner_name from plan_actions a join employees e on e.id = a.owner_id where a.plan_id = ? order by a.due_on, a.id').all(id) as {
    id: number; title: string; owner_id: number; owner_name: string; due_on: string; done_on: string | null; notes: string;
  }[];
  const verifications = s
    .prepare('select v.*, e.name as employee_name, d.due_to from plan_verifications v join employees e on e.id = v.employee_id join duties d on d.id = v.duty_id where v.plan_id = ? order by v.round desc, v.id')
    .all(id) as { id: number; round: number; duty_id: number; household_id: number; employee_id: number; employee_name: string; outcome: VerificationOutcome | null; notes: string; visited_on: string | null; due_to: string }[];
  const events = s.prepare('select ev.*, e.name as actor_name from plan_events ev left join employees e on e.id = ev.actor_id where ev.plan_id = ? order by ev.at, ev.id').all(id) as {
    at: number; actor_name: string | null; move: string; from_status: string | null; to_status: string; note: string;
  }[];
  return {
    ...toSummary(r),
    description: r.description, cause: r.cause, standardChange: r.standard_change, sampleSize: r.sample_size, evidenceNotes: r.evidence_notes, round: r.round, createdBy: r.created_by,
    actionList: actions.map((a) => ({ id: a.id, title: a.title, ownerId: a.owner_id, ownerName: a.owner_name, dueOn: a.due_on, doneOn: a.done_on, notes: a.notes, overdue: isActionOverdue({ dueOn: a.due_on, doneOn: a.done_on }, today) })),
    evidencePhotos: s.prepare('select id from photos where plan_id = ? order by created_at').pluck().all(id) as string[],
    verifications: verifications.map((v) => ({ id: v.id, round: v.round, dutyId: v.duty_id, householdId: v.household_id, employeeId: v.employee_id, employeeName: v.employee_name, outcome: v.outcome, notes: v.notes, visitedOn: v.visited_on, dueTo: v.due_to })),
    events: events.map((e) => ({ at: e.at, actorName: e.actor_name, move: e.move, from: e.from_status, to: e.to_status, note: e.note })),
  };
}

export type OpenAction = { id: number; planId: number; planTitle: string; title: string; dueOn: IsoDate; overdue: boolean };

/** A person's open plan actions, soonest first: they sit in "My duties" next to the visits owed. */
export async function openActionsOf(db: Db, employeeId: number, today: IsoDate): Promise<OpenAction[]> {
  const rows = db.sqlite
    .prepare(
      `select a.id, a.plan_id, p.title as plan_title, a.title, a.due_on from plan_actions a join improvement_plans p on p.id = a.plan_id
       where a.owner_id = ? and a.done_on is null and p.status in ('approved', 'in_progress', 'reopened') order by a.due_on, a.id`,
    )
    .all(employeeId) as { id: number; plan_id: number; plan_title: string; title: string; due_on: string }[];
  return rows.map((r) => ({ id: r.id, planId: r.plan_id, planTitle: r.plan_title, title: r.title, dueOn: r.due_on, overdue: isActionOverdue({ dueOn: r.due_on, doneOn: null }, today) }));
}

export type OverdueAction = OpenAction & { ownerId: number; ownerName: string; regionId: number | null; projectId: number | null };

/** Overdue actions whose owner works in the scope, for the compliance board. */
export async function overdueActions(db: Db, today: IsoDate, scope: { regionIds?: number[]; projectIds?: number[] }): Promise<OverdueAction[]> {
  const where = ['a.done_on is null', 'a.due_on < ?', `p.status in ('approved', 'in_progress', 'reopened')`];
  const params: (string | number)[] = [today];
  if (scope.regionIds) {
    where.push(`e.region_id in (${scope.regionIds.map(() => '?').join(', ') || 'null'})`);
    params.push(...scope.regionIds);
  }
  if (scope.projectIds) {
    where.push(`e.project_id in (${scope.projectIds.map(() => '?').join(', ') || 'null'})`);
    params.push(...scope.projectIds);
  }
  const rows = db.sqlite
    .prepare(
      `select a.id, a.plan_id, p.title as plan_title, a.title, a.due_on, a.owner_id, e.name as owner_name, e.region_id, e.project_id
       from plan_actions a join improvement_plans p on p.id = a.plan_id join employees e on e.id = a.owner_id where ${where.join(' and ')} order by a.due_on, a.id limit 500`,
    )
    .all(...params) as { id: number; plan_id: number; plan_title: string; title: string; due_on: string; owner_id: number; owner_name: string; region_id: number | null; project_id: number | null }[];
  return rows.map((r) => ({ id: r.id, planId: r.plan_id, planTitle: r.plan_title, title: r.title, dueOn: r.due_on, overdue: true, ownerId: r.owner_id, ownerName: r.owner_name, regionId: r.region_id, projectId: r.project_id }));
}

/** Whether a person takes part in a plan: owner, action owner or verifier. */
export async function involvedInPlan(db: Db, planId: number, employeeId: number): Promise<boolean> {
  return (
    db.sqlite
      .prepare(
        `select 1 from improvement_plans p where p.id = ? and (p.owner_id = ? or exists (select 1 from plan_actions a where a.plan_id = p.id and a.owner_id = ?)
           or exists (select 1 from plan_verifications v where v.plan_id = p.id and v.employee_id = ?))`,
      )
      .get(planId, employeeId, employeeId, employeeId) !== undefined
  );
}

/** Affected households of a plan (for its page: how many, and which were sampled). */
export async function planHouseholdCount(db: Db, planId: number): Promise<number> {
  const s = db.sqlite;
  return affectedHouseholds(s, planRow(s, planId)).length;
}

export type OpenVerification = { id: number; planId: number; planTitle: string; householdId: number; dueTo: IsoDate; dutyId: number };

/** Revisits a person still has to record (theirs, or delegated to them), soonest first. */
export async function openVerificationsOf(db: Db, employeeId: number): Promise<OpenVerification[]> {
  const rows = db.sqlite
    .prepare(
      `select v.id, v.plan_id, p.title, v.household_id, d.due_to, v.duty_id from plan_verifications v join improvement_plans p on p.id = v.plan_id join duties d on d.id = v.duty_id
       where (v.employee_id = ? or d.deputy_id = ?) and v.outcome is null and v.round = p.round and p.status = 'awaiting_verification' order by d.due_to, v.id`,
    )
    .all(employeeId, employeeId) as { id: number; plan_id: number; title: string; household_id: number; due_to: string; duty_id: number }[];
  return rows.map((r) => ({ id: r.id, planId: r.plan_id, planTitle: r.title, householdId: r.household_id, dueTo: r.due_to, dutyId: r.duty_id }));
}
