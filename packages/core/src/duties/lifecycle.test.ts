import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyDutyAction,
  completionDateProblem,
  DUTY_STATUSES,
  dutyOutcomeOfVisit,
  isOverdue,
  mayTransition,
  type DutyAction,
  type DutyState,
} from './lifecycle.ts';

const base: DutyState = {
  status: 'planned',
  employeeId: 7,
  scheduledOn: null,
  completedOn: null,
  attendedBy: null,
  deputyId: null,
  reason: null,
  notes: null,
  approvedBy: null,
};

const actions: DutyAction[] = [
  { type: 'schedule', on: '2026-12-01' },
  { type: 'complete', on: '2026-12-01', notes: 'ok', attendedBy: 7 },
  { type: 'miss' },
  { type: 'excuse', reason: '病假', approvedBy: 3 },
  { type: 'delegate', deputyId: 8, reason: '出差' },
];

describe('duty lifecycle', () => {
  it('follows planned → scheduled → done', () => {
    const scheduled = applyDutyAction(base, actions[0]!);
    expect(scheduled).toMatchObject({ ok: true, value: { status: 'scheduled', scheduledOn: '2026-12-01' } });
    if (!scheduled.ok) return;
    expect(applyDutyAction(scheduled.value, actions[1]!)).toMatchObject({
      ok: true,
      value: { status: 'done', attendedBy: 7 },
    });
  });

  it('done and excused are final; a missed duty can only be excused', () => {
    for (const status of ['done', 'excused'] as const) {
      for (const action of actions) {
        expect(applyDutyAction({ ...base, status }, action)).toMatchObject({
          ok: false,
          error: { code: 'DUTY_TRANSITION' },
        });
      }
    }
    expect(actions.filter((a) => mayTransition('missed', a.type)).map((a) => a.type)).toEqual(['excuse']);
  });

  it('any action either is allowed from the status or is refused without changing the duty', () => {
    fc.assert(
      fc.property(fc.constantFrom(...DUTY_STATUSES), fc.constantFrom(...actions), (status, action) => {
        const result = applyDutyAction({ ...base, status }, action);
        expect(result.ok).toBe(mayTransition(status, action.type));
      }),
    );
  });

  it('excusing and delegating need a reason; a deputy is someone else', () => {
    expect(applyDutyAction(base, { type: 'excuse', reason: '  ', approvedBy: 3 })).toMatchObject({
      ok: false,
      error: { code: 'REASON_REQUIRED' },
    });
    expect(applyDutyAction(base, { type: 'delegate', deputyId: 7, reason: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'DEPUTY_INVALID' },
    });
    const delegated = applyDutyAction(base, { type: 'delegate', deputyId: 8, reason: '出差' });
    expect(delegated).toMatchObject({ ok: true, value: { status: 'delegated', employeeId: 7, deputyId: 8 } });
  });

  it('open duties are overdue the day after their window', () => {
    expect(isOverdue({ status: 'scheduled', dueTo: '2026-11-30' }, '2026-11-30')).toBe(false);
    expect(isOverdue({ status: 'scheduled', dueTo: '2026-11-30' }, '2026-12-01')).toBe(true);
    expect(isOverdue({ status: 'done', dueTo: '2026-11-30' }, '2026-12-01')).toBe(false);
  });
});

describe('dutyOutcomeOfVisit', () => {
  const window = { dueFrom: '2026-11-01', dueTo: '2026-11-30' };
  it('completes an open or missed duty when the visit falls in its window, keeps a done or excused one', () => {
    for (const status of ['planned', 'scheduled', 'delegated', 'missed'] as const) {
      expect(dutyOutcomeOfVisit({ status, ...window }, '2026-11-30')).toEqual({ ok: true, value: 'complete' });
    }
    for (const status of ['done', 'excused'] as const)
      expect(dutyOutcomeOfVisit({ status, ...window }, '2026-11-01')).toEqual({ ok: true, value: 'keep' });
  });
  it('refuses a visit outside the window, on the visit date field', () => {
    const r = dutyOutcomeOfVisit({ status: 'planned', ...window }, '2026-12-01');
    expect(!r.ok && r.error.fields).toEqual({ visitedOn: 'DATE_OUTSIDE_WINDOW' });
  });
});

describe('the day a duty is recorded done on', () => {
  it('runs from the window’s start to today, late allowed, ahead refused', () => {
    const duty = { dueFrom: '2026-11-01' };
    expect(completionDateProblem(duty, '2026-11-01', '2026-12-05')).toBeNull();
    expect(completionDateProblem(duty, '2026-12-05', '2026-12-05')).toBeNull();
    expect(completionDateProblem(duty, '2026-12-06', '2026-12-05')?.code).toBe('DATE_OUTSIDE_WINDOW');
    expect(completionDateProblem(duty, '2026-10-31', '2026-12-05')).toMatchObject({
      params: { from: '2026-11-01', to: '2026-12-05' },
      fields: { date: 'DATE_OUTSIDE_WINDOW' },
    });
  });
});
