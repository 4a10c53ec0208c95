import {
  formatMessage,
  privacyFor,
  type Actor,
  type AppError,
  type Household,
  type Locale,
  type PeoplePlanMove,
} from '@frontline/core';
import type { ImprovementPlan } from '@frontline/db';
import { householdsInScope } from '../../routes/views.ts';
import { allowedMoves } from './policy.ts';

/**
 * A plan as the caller sees it, with the moves they may make on it now. A
 * plan may span regions: its revisits' households of the caller's scope, the
 * rest counted; a revisit's notes are free text about its household, masked
 * unless the caller may reveal it.
 */
export function improvementPlanView(
  actor: Actor,
  plan: ImprovementPlan,
  households: Household[],
  blockers: Partial<Record<PeoplePlanMove, AppError>>,
  locale: Locale,
) {
  const byId = new Map(households.map((h) => [h.id, h]));
  const verifications = plan.verifications.map((v) => ({
    ...v,
    notes: privacyFor(actor, byId.has(v.householdId) ? [byId.get(v.householdId)!] : []).text(v.notes) ?? '',
  }));
  return {
    plan: { ...plan, verifications },
    allowedMoves: allowedMoves(actor, plan),
    /** Moves the caller may make once the plan is ready, with what is missing, in the caller's language. */
    blockedMoves: Object.entries(blockers).map(([move, e]) => ({
      move: move as PeoplePlanMove,
      code: e.code,
      message: formatMessage(e.code, locale, e.params),
    })),
    ...householdsInScope(actor, households),
  };
}
