import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyPlanMove,
  isActionOverdue,
  peopleMovesFrom,
  PLAN_MOVES,
  PLAN_STATUSES,
  reopensPlan,
  sampleHouseholds,
  verificationState,
  verifierFor,
  type PlanFacts,
} from './plans.ts';
import { monthRangeDates, monthsBetween, npsOf, previousPeriod } from './analysis.ts';

const ready: PlanFacts = {
  status: 'in_progress',
  actions: [{ doneOn: '2026-11-01' }],
  evidenceNotes: '已更换 3 号楼全部外窗密封条',
  evidencePhotos: 0,
  affectedHouseholds: 8,
  verifications: [],
};

describe('plan lifecycle', () => {
  it('goes draft → approved → in progress → awaiting verification → closed', () => {
    expect(applyPlanMove({ ...ready, status: 'draft' }, 'approve')).toEqual({ ok: true, value: 'approved' });
    expect(applyPlanMove({ ...ready, status: 'approved' }, 'start')).toEqual({ ok: true, value: 'in_progress' });
    expect(applyPlanMove(ready, 'submit')).toEqual({ ok: true, value: 'awaiting_verification' });
    const awaiting = {
      ...ready,
      status: 'awaiting_verification' as const,
      verifications: [{ outcome: 'fixed' as const }, { outcome: 'fixed' as const }],
    };
    expect(applyPlanMove(awaiting, 'verify')).toEqual({ ok: true, value: 'closed' });
  });

  it('refuses moves out of order, naming the status', () => {
    const r = applyPlanMove({ ...ready, status: 'draft' }, 'submit');
    expect(r).toMatchObject({ ok: false, error: { code: 'PLAN_TRANSITION', params: { from: { zh: '草稿' } } } });
    for (const status of PLAN_STATUSES)
      for (const move of PLAN_MOVES) {
        const result = applyPlanMove({ ...ready, status, verifications: [{ outcome: 'fixed' }] }, move);
        if (status === 'closed' && move !== 'reopen') expect(result.ok).toBe(false);
        if (move === 'approve' && status !== 'draft') expect(result.ok).toBe(false);
      }
  });

  it('offers people the moves the lifecycle allows from each status', () => {
    expect(peopleMovesFrom('draft')).toEqual(['approve']);
    expect(peopleMovesFrom('approved')).toEqual(['start']);
    expect(peopleMovesFrom('in_progress')).toEqual(['submit']);
    expect(peopleMovesFrom('reopened')).toEqual(['start', 'submit']);
    expect(peopleMovesFrom('awaiting_verification')).toEqual([]);
    expect(peopleMovesFrom('closed')).toEqual([]);
    for (const status of PLAN_STATUSES)
      for (const move of peopleMovesFrom(status)) expect(applyPlanMove({ ...ready, status }, move).ok).toBe(true);
  });

  it('submits for verification only with every action done, evidence and households to revisit', () => {
    expect(applyPlanMove({ ...ready, actions: [] }, 'submit')).toMatchObject({
      ok: false,
      error: { code: 'PLAN_NO_ACTIONS' },
    });
    expect(
      applyPlanMove({ ...ready, actions: [{ doneOn: null }, { doneOn: null }, { doneOn: '2026-11-01' }] }, 'submit'),
    ).toMatchObject({ ok: false, error: { code: 'PLAN_ACTIONS_OPEN', params: { count: 2 } } });
    expect(applyPlanMove({ ...ready, evidenceNotes: ' ' }, 'submit')).toMatchObject({
      ok: false,
      error: { code: 'PLAN_NO_EVIDENCE' },
    });
    expect(applyPlanMove({ ...ready, evidenceNotes: '', evidencePhotos: 2 }, 'submit').ok).toBe(true);
    expect(applyPlanMove({ ...ready, affectedHouseholds: 0 }, 'submit')).toMatchObject({
      ok: false,
      error: { code: 'PLAN_NO_HOUSEHOLDS' },
    });
  });

  it('closes only when every revisit found it fixed; one failure sends it back to work', () => {
    const awaiting = (outcomes: ('fixed' | 'not_fixed' | null)[]) => ({
      ...ready,
      status: 'awaiting_verification' as const,
      verifications: outcomes.map((outcome) => ({ outcome })),
    });
    expect(applyPlanMove(awaiting(['fixed', null]), 'verify').ok).toBe(false);
    expect(applyPlanMove(awaiting([]), 'verify').ok).toBe(false);
    expect(applyPlanMove(awaiting(['fixed', 'not_fixed']), 'verify').ok).toBe(false);
    expect(applyPlanMove(awaiting(['fixed', 'not_fixed']), 'fail')).toEqual({ ok: true, value: 'in_progress' });
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('fixed' as const, 'not_fixed' as const, null), { maxLength: 8 }),
        (outcomes) => {
          const state = verificationState(outcomes.map((outcome) => ({ outcome })));
          if (state === 'confirmed') expect(outcomes.length > 0 && outcomes.every((o) => o === 'fixed')).toBe(true);
          expect(applyPlanMove(awaiting(outcomes), 'verify').ok).toBe(state === 'confirmed');
        },
      ),
    );
  });

  it('reopens a closed plan when one of its households reports the problem after closing', () => {
    const closed = { status: 'closed' as const, closedOn: '2026-11-10', householdIds: new Set([1, 2, 3]) };
    expect(reopensPlan(closed, { visitedOn: '2026-11-12', householdIds: [2] })).toBe(true);
    expect(reopensPlan(closed, { visitedOn: '2026-11-10', householdIds: [2] })).toBe(false);
    expect(reopensPlan(closed, { visitedOn: '2026-11-12', householdIds: [9] })).toBe(false);
    expect(reopensPlan({ ...closed, status: 'in_progress' }, { visitedOn: '2026-11-12', householdIds: [2] })).toBe(
      false,
    );
    expect(applyPlanMove({ ...ready, status: 'closed' }, 'reopen')).toEqual({ ok: true, value: 'reopened' });
    expect(applyPlanMove({ ...ready, status: 'reopened' }, 'submit')).toEqual({
      ok: true,
      value: 'awaiting_verification',
    });
  });
});

describe('verification sample', () => {
  it('is a stable subset of the affected households, of the asked size', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 10_000 }), { maxLength: 40 }),
        fc.integer({ min: 0, max: 12 }),
        fc.nat(),
        (ids, size, plan) => {
          const sample = sampleHouseholds(plan, 1, ids, size);
          expect(sample).toHaveLength(Math.min(size, ids.length));
          for (const h of sample) expect(ids).toContain(h);
          expect(sampleHouseholds(plan, 1, [...ids].reverse(), size)).toEqual(sample);
        },
      ),
    );
  });
  it('never sends the plan owner', () => {
    expect(verifierFor(5, 8, [5, 6])).toBe(8);
    expect(verifierFor(5, 5, [5, 6, 7])).toBe(6);
    expect(verifierFor(5, null, [5])).toBeNull();
    fc.assert(
      fc.property(fc.nat(20), fc.option(fc.nat(20)), fc.array(fc.nat(20)), (owner, household, candidates) => {
        expect(verifierFor(owner, household, candidates)).not.toBe(owner);
      }),
    );
  });
  it('counts an action overdue the day after it was due, while open', () => {
    expect(isActionOverdue({ dueOn: '2026-11-20', doneOn: null }, '2026-11-20')).toBe(false);
    expect(isActionOverdue({ dueOn: '2026-11-20', doneOn: null }, '2026-11-21')).toBe(true);
    expect(isActionOverdue({ dueOn: '2026-11-20', doneOn: '2026-11-22' }, '2026-11-23')).toBe(false);
  });
});

describe('analysis figures', () => {
  it('computes NPS as promoters minus detractors, in points', () => {
    expect(npsOf({ promoters: 6, passives: 2, detractors: 2 })).toBe(40);
    expect(npsOf({ promoters: 0, passives: 0, detractors: 0 })).toBeNull();
  });
  it('compares a period with the same length just before it', () => {
    expect(previousPeriod('2026-10', '2026-12')).toEqual({ from: '2026-07', to: '2026-09' });
    expect(previousPeriod('2026-01', '2026-01')).toEqual({ from: '2025-12', to: '2025-12' });
    expect(monthsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthRangeDates('2026-01', '2026-02')).toEqual({ from: '2026-01-01', to: '2026-02-28' });
  });
});
