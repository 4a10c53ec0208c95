import type { DutyAction } from './duties/lifecycle.ts';
import { PLAN_MOVES } from './rollup/plans.ts';
import { TICKET_MOVES } from './tickets/lifecycle.ts';

/**
 * Every action the audit log records, and every kind of record an entry is about: the one list
 * the writers (`writeAudit`'s entry is typed by it), the audit filter and the labels the web app
 * shows all come from. A new audited change adds its code here first.
 */

/** Duty moves the API audits as `duty.<move>` (a duty becomes missed by the daily job, audited as one batch). */
export const AUDITED_DUTY_MOVES = ['schedule', 'complete', 'excuse', 'delegate'] as const satisfies readonly Exclude<
  DutyAction['type'],
  'miss'
>[];
export type AuditedDutyMove = (typeof AUDITED_DUTY_MOVES)[number];

export const AUDIT_ACTIONS = [
  'auth.sign-in',
  'auth.sign-in-failed',
  'auth.sign-out',
  'auth.password-change-failed',
  'employee.password-change',
  'employee.language',
  'employee.password-reset',
  'employee.enable',
  'employee.disable',
  'employee.ownership_weight',
  'employee.import-create',
  'employee.import-update',
  'import.employees',
  'import.households',
  'leave.create',
  'leave.delete',
  'feed.rotate',
  'feed.revoke',
  'api_token.create',
  'api_token.revoke',
  'household.reveal',
  'household.reveal_limited',
  'household.move',
  'calendar.year.create',
  'calendar.year.update',
  'rule.create',
  'rule.update',
  'participation.update',
  'event.create',
  'blackout.create',
  'blackout.delete',
  'schedule.run',
  'schedule.replan-failed',
  ...AUDITED_DUTY_MOVES.map((move) => `duty.${move}` as const),
  'duties.mark_missed',
  'reception.create',
  'reception.move',
  'reception.slots',
  'reception.cancel',
  'reception.date-off',
  'reception.assistant',
  'booking.create',
  'booking.cancel',
  'booking.rebook',
  'mail.retry',
  'form.draft',
  'form.publish',
  'form.discard',
  'category.create',
  'category.update',
  'visit.create',
  'rollup.settings',
  'common_issue.confirm',
  'common_issue.dismiss',
  'common_issue.merge',
  'common_issue.split',
  'plan.create',
  'plan.update',
  ...PLAN_MOVES.map((move) => `plan.${move}` as const),
  'plan.action.add',
  'plan.action.done',
  'plan.evidence',
  'plan.verification',
  'plan.verification-handed-on',
  'scheme.save',
  'scores.export',
  'scores.close',
  'scores.adjust',
  'ticket.accept',
  ...TICKET_MOVES.map((move) => `ticket.${move}` as const),
  'ticket.note',
  'ticket_route.save',
  'ticket_route.delete',
  'ticket_sla_limit.save',
  'warranty_period.save',
  'category_warranty.set',
  'project.service_hours',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_ENTITIES = [
  'employee',
  'household',
  'project',
  'calendar_year',
  'cadence_rule',
  'checkpoint_participation',
  'checkpoint_event',
  'schedule',
  'duty',
  'duties',
  'reception_day',
  'reception_booking',
  'outbox',
  'form',
  'issue_category',
  'visit',
  'rollup_settings',
  'common_issue',
  'improvement_plan',
  'score_scheme',
  'score_period',
  'score_result',
  'api_token',
  'ticket',
  'ticket_route',
  'ticket_sla_limit',
  'warranty_period',
] as const;
export type AuditEntity = (typeof AUDIT_ENTITIES)[number];

export function isAuditAction(code: string): code is AuditAction {
  return (AUDIT_ACTIONS as readonly string[]).includes(code);
}
