import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DUTY_STATUSES } from './lifecycle.ts';
import { reconcilePlan, type StoredPlannedDuty } from './reconcile.ts';
import type { PlannedDuty } from './schedule.ts';

const date = fc.constantFrom('2026-12-01', '2026-12-08', '2026-12-15', '2027-01-05');
const plannedArb = (key: string) =>
  fc.record({
    key: fc.constant(key),
    kind: fc.constantFrom('reception' as const, 'home_visit' as const),
    ruleId: fc.constant(1),
    eventId: fc.constant(null),
    employeeId: fc.integer({ min: 1, max: 3 }),
    projectId: fc.option(fc.integer({ min: 1, max: 2 }), { nil: null }),
    periodKind: fc.constant('month' as const),
    periodKey: fc.constant('2026-12'),
    dueFrom: fc.constant('2026-12-01'),
    dueTo: date,
    proposedOn: fc.option(date, { nil: null }),
  });

/** A stored world and a new plan over overlapping keys k0…k7. */
const worldArb = fc
  .tuple(
    fc.subarray(['k0', 'k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7']),
    fc.subarray(['k0', 'k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7']),
  )
  .chain(([storedKeys, planKeys]) =>
    fc.tuple(
      fc.tuple(
        ...storedKeys.map((k, i) =>
          fc.tuple(plannedArb(k), fc.constantFrom(...DUTY_STATUSES)).map(([d, status]) => toStored(d, status, i + 1)),
        ),
      ),
      fc.tuple(...planKeys.map((k) => plannedArb(k))),
    ),
  );

function toStored(d: PlannedDuty, status: StoredPlannedDuty['status'], id: number): StoredPlannedDuty {
  return {
    id,
    key: d.key,
    status,
    employeeId: d.employeeId,
    projectId: d.projectId,
    dueFrom: d.dueFrom,
    dueTo: d.dueTo,
    proposedOn: d.proposedOn,
  };
}

/** What the store holds after the reconciliation is written (every removal allowed). */
function applied(stored: readonly StoredPlannedDuty[], plan: readonly PlannedDuty[]): StoredPlannedDuty[] {
  const r = reconcilePlan(stored, plan);
  const updates = new Map(r.updates.map((u) => [u.id, u.duty]));
  const kept = stored
    .filter((s) => !r.removals.includes(s.id))
    .map((s) => (updates.has(s.id) ? toStored(updates.get(s.id)!, s.status, s.id) : s));
  return [...kept, ...r.inserts.map((d, i) => toStored(d, 'planned', 1000 + i))];
}

describe('reconciling a new plan with the stored duties', () => {
  it('never changes or removes a duty somebody acted on, other than a scheduled one the plan dropped', () => {
    fc.assert(
      fc.property(worldArb, ([stored, plan]) => {
        const r = reconcilePlan(stored, plan);
        const planKeys = new Set(plan.map((d) => d.key));
        for (const s of stored) {
          if (r.updates.some((u) => u.id === s.id)) expect(s.status).toBe('planned');
          if (r.removals.includes(s.id))
            expect(['planned', 'scheduled'].includes(s.status) && !planKeys.has(s.key)).toBe(true);
        }
      }),
    );
  });

  it('accounts for every planned duty once: inserted, updated, unchanged or kept', () => {
    fc.assert(
      fc.property(worldArb, ([stored, plan]) => {
        const r = reconcilePlan(stored, plan);
        expect(r.inserts.length + r.updates.length + r.unchanged + r.kept).toBe(plan.length);
        expect(r.inserts.every((d) => !stored.some((s) => s.key === d.key))).toBe(true);
      }),
    );
  });

  it('changes nothing when the same plan is written again', () => {
    fc.assert(
      fc.property(worldArb, ([stored, plan]) => {
        const again = reconcilePlan(applied(stored, plan), plan);
        expect(again.inserts).toEqual([]);
        expect(again.updates).toEqual([]);
        expect(again.removals).toEqual([]);
        expect(again.moves).toEqual([]);
      }),
    );
  });

  it('reports a move only for a planned duty that had a date and got another', () => {
    const stored: StoredPlannedDuty[] = [
      {
        id: 1,
        key: 'a',
        status: 'planned',
        employeeId: 1,
        projectId: 1,
        dueFrom: '2026-12-01',
        dueTo: '2026-12-31',
        proposedOn: '2026-12-08',
      },
      {
        id: 2,
        key: 'b',
        status: 'planned',
        employeeId: 1,
        projectId: 1,
        dueFrom: '2026-12-01',
        dueTo: '2026-12-31',
        proposedOn: null,
      },
      {
        id: 3,
        key: 'c',
        status: 'scheduled',
        employeeId: 1,
        projectId: 1,
        dueFrom: '2026-12-01',
        dueTo: '2026-12-31',
        proposedOn: '2026-12-08',
      },
    ];
    const plan = (key: string, proposedOn: string): PlannedDuty => ({
      key,
      kind: 'reception',
      ruleId: 1,
      eventId: null,
      employeeId: 1,
      projectId: 1,
      periodKind: 'month',
      periodKey: '2026-12',
      dueFrom: '2026-12-01',
      dueTo: '2026-12-31',
      proposedOn,
    });
    const r = reconcilePlan(stored, [plan('a', '2026-12-15'), plan('b', '2026-12-15'), plan('c', '2026-12-15')]);
    expect(r.moves).toEqual([{ dutyId: 1, employeeId: 1, kind: 'reception', from: '2026-12-08', to: '2026-12-15' }]);
    expect(r.updates.map((u) => u.id)).toEqual([1, 2]);
    expect(r.kept).toBe(1);
  });
});
