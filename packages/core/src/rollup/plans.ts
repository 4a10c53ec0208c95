import type { IsoDate } from '../calendar/dates.ts';
import type { AppError, Result } from '../result.ts';
import { err, ok } from '../result.ts';

/**
 * Improvement plans (提升方案). A plan is closed only when customers confirm
 * the fix: the owner finishes every action and files evidence, the system
 * sends a different employee to revisit a sample of the affected households,
 * and the plan closes when every revisit finds the problem fixed. A failed
 * revisit sends it back to work; the same households reporting the problem
 * again after closing reopen it.
 */
export const PLAN_KINDS = ['targeted', 'future'] as const;
export type PlanKind = (typeof PLAN_KINDS)[number];
export const PLAN_KIND_LABELS: Record<PlanKind, { zh: string; en: string }> = {
  targeted: { zh: '专项提升方案', en: 'Targeted fix (this project)' },
  future: { zh: '后续项目提升方案', en: 'Change for future projects' },
};

export const PLAN_STATUSES = [
  'draft',
  'approved',
  'in_progress',
  'awaiting_verification',
  'closed',
  'reopened',
] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];
export const PLAN_STATUS_LABELS: Record<PlanStatus, { zh: string; en: string }> = {
  draft: { zh: '草稿', en: 'draft' },
  approved: { zh: '已批准', en: 'approved' },
  in_progress: { zh: '实施中', en: 'in progress' },
  awaiting_verification: { zh: '待回访验证', en: 'awaiting verification' },
  closed: { zh: '已关闭', en: 'closed' },
  reopened: { zh: '已重新打开', en: 'reopened' },
};

/** Plans being worked on: their actions may be done and sit on their owners' lists. */
export const WORKING_PLAN_STATUSES = ['approved', 'in_progress', 'reopened'] as const satisfies readonly PlanStatus[];

/** Moves people make; verify / fail / reopen are the system's, on revisits and new reports. */
export const PLAN_MOVES = ['approve', 'start', 'submit', 'verify', 'fail', 'reopen'] as const;
export type PlanMove = (typeof PLAN_MOVES)[number];
export const PLAN_MOVE_LABELS: Record<PlanMove, { zh: string; en: string }> = {
  approve: { zh: '批准', en: 'approve' },
  start: { zh: '开始实施', en: 'start' },
  submit: { zh: '提交回访验证', en: 'submit for verification' },
  verify: { zh: '验证通过', en: 'verified' },
  fail: { zh: '验证未通过', en: 'verification failed' },
  reopen: { zh: '重新打开', en: 'reopen' },
};

const MOVES: Record<PlanMove, { from: readonly PlanStatus[]; to: PlanStatus }> = {
  approve: { from: ['draft'], to: 'approved' },
  start: { from: ['approved', 'reopened'], to: 'in_progress' },
  submit: { from: ['in_progress', 'reopened'], to: 'awaiting_verification' },
  verify: { from: ['awaiting_verification'], to: 'closed' },
  fail: { from: ['awaiting_verification'], to: 'in_progress' },
  reopen: { from: ['closed'], to: 'reopened' },
};

/** What a move needs to know about the plan beyond its status. */
export type PlanFacts = {
  status: PlanStatus;
  actions: readonly { doneOn: IsoDate | null }[];
  evidenceNotes: string;
  evidencePhotos: number;
  affectedHouseholds: number;
  verifications: readonly { outcome: VerificationOutcome | null }[];
};

export const VERIFICATION_OUTCOMES = ['fixed', 'not_fixed'] as const;
export type VerificationOutcome = (typeof VERIFICATION_OUTCOMES)[number];

export function planMoveTarget(move: PlanMove): PlanStatus {
  return MOVES[move].to;
}

/** The moves people make by hand; the others follow from revisits and new reports. */
export const PEOPLE_PLAN_MOVES = ['approve', 'start', 'submit'] as const satisfies readonly PlanMove[];
export type PeoplePlanMove = (typeof PEOPLE_PLAN_MOVES)[number];

/**
 * The people's moves the lifecycle allows from a status. Whether the plan is
 * ready for one (actions done, evidence filed) is checked when it is made, so
 * the refusal can say what is missing.
 */
export function peopleMovesFrom(status: PlanStatus): PeoplePlanMove[] {
  return PEOPLE_PLAN_MOVES.filter((move) => MOVES[move].from.includes(status));
}

/** The status after a move, or why it is refused. */
export function applyPlanMove(plan: PlanFacts, move: PlanMove): Result<PlanStatus, AppError> {
  const rule = MOVES[move];
  if (!rule.from.includes(plan.status)) {
    return err({
      code: 'PLAN_TRANSITION',
      params: { from: PLAN_STATUS_LABELS[plan.status], action: PLAN_MOVE_LABELS[move] },
    });
  }
  if (move === 'submit') {
    const open = plan.actions.filter((a) => a.doneOn === null).length;
    if (plan.actions.length === 0) return err({ code: 'PLAN_NO_ACTIONS', fields: { actions: 'PLAN_NO_ACTIONS' } });
    if (open > 0)
      return err({
        code: 'PLAN_ACTIONS_OPEN',
        params: { count: open },
        fields: { actions: { code: 'PLAN_ACTIONS_OPEN', params: { count: open } } },
      });
    if (plan.evidenceNotes.trim() === '' && plan.evidencePhotos === 0)
      return err({ code: 'PLAN_NO_EVIDENCE', fields: { evidence: 'PLAN_NO_EVIDENCE' } });
    if (plan.affectedHouseholds === 0) return err({ code: 'PLAN_NO_HOUSEHOLDS' });
  }
  if (move === 'verify' && verificationState(plan.verifications) !== 'confirmed')
    return err({ code: 'PLAN_NOT_VERIFIED' });
  if (move === 'fail' && verificationState(plan.verifications) !== 'failed') return err({ code: 'PLAN_NOT_VERIFIED' });
  return ok(rule.to);
}

/** A round of revisits: pending until each is recorded; confirmed only when every one found it fixed. */
export function verificationState(
  verifications: readonly { outcome: VerificationOutcome | null }[],
): 'none' | 'pending' | 'confirmed' | 'failed' {
  if (verifications.length === 0) return 'none';
  if (verifications.some((v) => v.outcome === null)) return 'pending';
  return verifications.every((v) => v.outcome === 'fixed') ? 'confirmed' : 'failed';
}

/** FNV-1a: a stable, well-spread order for choosing sample households without a random source. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/**
 * Which affected households are revisited: a stable pseudo-random sample,
 * different for each plan and round, so the owner cannot pick the easy ones.
 */
export function sampleHouseholds(
  planId: number,
  round: number,
  householdIds: readonly number[],
  size: number,
): number[] {
  return [...new Set(householdIds)]
    .map((id) => ({ id, key: fnv1a(`${planId}:${round}:${id}`) }))
    .sort((a, b) => a.key - b.key || a.id - b.id)
    .slice(0, Math.max(0, size))
    .map((x) => x.id)
    .sort((a, b) => a - b);
}

/**
 * Who revisits a household: never the plan's owner. The household's own
 * employee when that is someone else, otherwise the first other candidate.
 */
export function verifierFor(
  ownerId: number,
  householdOwnerId: number | null,
  candidates: readonly number[],
): number | null {
  if (householdOwnerId !== null && householdOwnerId !== ownerId) return householdOwnerId;
  return [...candidates].sort((a, b) => a - b).find((c) => c !== ownerId) ?? null;
}

/**
 * A closed plan reopens when a household it was meant to fix reports the same
 * problem on a later visit than the plan's closing day.
 */
export function reopensPlan(
  plan: { status: PlanStatus; closedOn: IsoDate | null; householdIds: ReadonlySet<number> },
  report: { visitedOn: IsoDate; householdIds: readonly number[] },
): boolean {
  if (plan.status !== 'closed' || plan.closedOn === null) return false;
  return report.visitedOn > plan.closedOn && report.householdIds.some((h) => plan.householdIds.has(h));
}

/** An action still open after its due day. */
export function isActionOverdue(action: { dueOn: IsoDate; doneOn: IsoDate | null }, today: IsoDate): boolean {
  return action.doneOn === null && action.dueOn < today;
}
