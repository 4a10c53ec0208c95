import type { IsoDate } from '../calendar/dates.ts';
import type { AppError, Result } from '../result.ts';
import { err, ok } from '../result.ts';

/**
 * A duty's life: planned → scheduled (date set) → done; or missed when its
 * period ends, excused by a manager (with reason), delegated to a deputy (with
 * reason; the record keeps who was due and who attended).
 */
export const DUTY_STATUSES = ['planned', 'scheduled', 'done', 'missed', 'excused', 'delegated'] as const;
export type DutyStatus = (typeof DUTY_STATUSES)[number];

/** Statuses still owed: the daily job marks them missed once their window has passed. */
export const OPEN_STATUSES: readonly DutyStatus[] = ['planned', 'scheduled', 'delegated'];

export const DUTY_STATUS_LABELS: Record<DutyStatus, { zh: string; en: string }> = {
  planned: { zh: '待安排', en: 'planned' },
  scheduled: { zh: '已排期', en: 'scheduled' },
  done: { zh: '已完成', en: 'done' },
  missed: { zh: '已逾期未完成', en: 'missed' },
  excused: { zh: '已免除', en: 'excused' },
  delegated: { zh: '已委托代办', en: 'delegated' },
};

export type DutyAction =
  | { type: 'schedule'; on: IsoDate }
  | { type: 'complete'; on: IsoDate; notes: string; attendedBy: number }
  | { type: 'miss' }
  | { type: 'excuse'; reason: string; approvedBy: number }
  | { type: 'delegate'; deputyId: number; reason: string };

export const DUTY_ACTION_LABELS: Record<DutyAction['type'], { zh: string; en: string }> = {
  schedule: { zh: '排期', en: 'scheduled' },
  complete: { zh: '标记完成', en: 'completed' },
  miss: { zh: '标记逾期', en: 'marked missed' },
  excuse: { zh: '免除', en: 'excused' },
  delegate: { zh: '委托代办', en: 'delegated' },
};

const ALLOWED_FROM: Record<DutyAction['type'], readonly DutyStatus[]> = {
  schedule: ['planned', 'scheduled', 'delegated'],
  complete: ['planned', 'scheduled', 'delegated'],
  miss: OPEN_STATUSES,
  // An absence approved after the fact is still excused.
  excuse: ['planned', 'scheduled', 'delegated', 'missed'],
  delegate: ['planned', 'scheduled'],
};

export type DutyState = {
  status: DutyStatus;
  employeeId: number;
  scheduledOn: IsoDate | null;
  completedOn: IsoDate | null;
  attendedBy: number | null;
  deputyId: number | null;
  reason: string | null;
  notes: string | null;
  approvedBy: number | null;
};

/** The person due and their deputy act on a duty (schedule it, record its visit); others at most look. */
export function actsOnDuty(duty: { employeeId: number; deputyId: number | null }, employeeId: number): boolean {
  return duty.employeeId === employeeId || duty.deputyId === employeeId;
}

export function mayTransition(status: DutyStatus, action: DutyAction['type']): boolean {
  return ALLOWED_FROM[action].includes(status);
}

/** The state after an action, or why it is refused. Dates are checked by the caller's date rules. */
export function applyDutyAction(duty: DutyState, action: DutyAction): Result<DutyState, AppError> {
  if (!mayTransition(duty.status, action.type)) {
    return err({
      code: 'DUTY_TRANSITION',
      params: { from: DUTY_STATUS_LABELS[duty.status], action: DUTY_ACTION_LABELS[action.type] },
    });
  }
  switch (action.type) {
    case 'schedule':
      return ok({ ...duty, status: duty.status === 'delegated' ? 'delegated' : 'scheduled', scheduledOn: action.on });
    case 'complete':
      return ok({
        ...duty,
        status: 'done',
        completedOn: action.on,
        notes: action.notes,
        attendedBy: action.attendedBy,
      });
    case 'miss':
      return ok({ ...duty, status: 'missed' });
    case 'excuse':
      if (!action.reason.trim()) return err({ code: 'REASON_REQUIRED', fields: { reason: 'REASON_REQUIRED' } });
      return ok({ ...duty, status: 'excused', reason: action.reason.trim(), approvedBy: action.approvedBy });
    case 'delegate':
      if (!action.reason.trim()) return err({ code: 'REASON_REQUIRED', fields: { reason: 'REASON_REQUIRED' } });
      if (action.deputyId === duty.employeeId)
        return err({ code: 'DEPUTY_INVALID', fields: { deputyId: 'DEPUTY_INVALID' } });
      return ok({ ...duty, status: 'delegated', deputyId: action.deputyId, reason: action.reason.trim() });
  }
}

export function isOverdue(duty: { status: DutyStatus; dueTo: IsoDate }, today: IsoDate): boolean {
  return OPEN_STATUSES.includes(duty.status) && duty.dueTo < today;
}

/**
 * What a visit on `on` does to its duty. A visit inside the duty's window
 * completes it, even one the daily job already marked missed (a visit
 * recorded offline can sync after the period closed); a duty already done or
 * excused keeps its status and just gains the record. A visit outside the
 * window is refused, so the device can say so before the record is made.
 */
export function dutyOutcomeOfVisit(
  duty: { status: DutyStatus; dueFrom: IsoDate; dueTo: IsoDate },
  on: IsoDate,
): Result<'complete' | 'keep', AppError> {
  if (on < duty.dueFrom || on > duty.dueTo) {
    return err({
      code: 'DATE_OUTSIDE_WINDOW',
      params: { from: duty.dueFrom, to: duty.dueTo },
      fields: { visitedOn: 'DATE_OUTSIDE_WINDOW' },
    });
  }
  return ok(duty.status === 'done' || duty.status === 'excused' ? 'keep' : 'complete');
}

/**
 * The day a duty is recorded done on: from its window's start up to today.
 * After the window is fine (it counts as late), ahead of today is not.
 */
export function completionDateProblem(duty: { dueFrom: IsoDate }, on: IsoDate, today: IsoDate): AppError | null {
  if (on <= today && on >= duty.dueFrom) return null;
  return {
    code: 'DATE_OUTSIDE_WINDOW',
    params: { from: duty.dueFrom, to: today },
    fields: { date: 'DATE_OUTSIDE_WINDOW' },
  };
}
