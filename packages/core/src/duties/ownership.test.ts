import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planOwnership, type OwnedHousehold, type PoolMember } from './ownership.ts';

function apply(households: OwnedHousehold[], pool: PoolMember[]): OwnedHousehold[] {
  const moves = new Map(planOwnership(pool, households).map((m) => [m.householdId, m.to]));
  return households.map((h) => (moves.has(h.id) ? { ...h, ownerId: moves.get(h.id)! } : h));
}

const counts = (households: OwnedHousehold[]) => {
  const c = new Map<number, number>();
  for (const h of households) if (h.ownerId !== null) c.set(h.ownerId, (c.get(h.ownerId) ?? 0) + 1);
  return c;
};

const poolArb = fc
  .uniqueArray(fc.integer({ min: 1, max: 60 }), { minLength: 1, maxLength: 12 })
  .map((ids) => ids.map((employeeId) => ({ employeeId, weight: 1 })));
const householdsArb = fc
  .array(fc.option(fc.integer({ min: 1, max: 70 }), { nil: null }), { maxLength: 300 })
  .map((owners) => owners.map((ownerId, i) => ({ id: i + 1, ownerId })));

describe('household ownership', () => {
  it('gives every household an owner and keeps counts within one of each other', () => {
    fc.assert(
      fc.property(poolArb, householdsArb, (pool, households) => {
        const after = apply(households, pool);
        expect(after.every((h) => pool.some((m) => m.employeeId === h.ownerId))).toBe(true);
        const c = pool.map((m) => counts(after).get(m.employeeId) ?? 0);
        expect(Math.max(...c) - Math.min(...c)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('is stable: a second run moves nothing', () => {
    fc.assert(
      fc.property(poolArb, householdsArb, (pool, households) => {
        expect(planOwnership(pool, apply(households, pool))).toEqual([]);
      }),
    );
  });

  it('when one member leaves, only their households move', () => {
    fc.assert(
      fc.property(
        poolArb.filter((p) => p.length > 1),
        householdsArb,
        fc.nat(),
        (pool, households, pick) => {
          const balanced = apply(households, pool);
          const leaver = pool[pick % pool.length]!.employeeId;
          const moves = planOwnership(
            pool.filter((m) => m.employeeId !== leaver),
            balanced,
          );
          expect(moves.every((m) => m.from === leaver)).toBe(true);
          expect(moves).toHaveLength(balanced.filter((h) => h.ownerId === leaver).length);
        },
      ),
    );
  });

  it('when one member joins, only as many households move as they now take', () => {
    fc.assert(
      fc.property(poolArb, householdsArb, (pool, households) => {
        const balanced = apply(households, pool);
        const joiner = 1000;
        const bigger = [...pool, { employeeId: joiner, weight: 1 }];
        const moves = planOwnership(bigger, balanced);
        expect(moves.every((m) => m.to === joiner)).toBe(true);
        expect(moves.length).toBeLessThanOrEqual(Math.ceil(households.length / bigger.length));
      }),
    );
  });

  it('respects capacity weights and leaves weight-0 members (executives) out', () => {
    const households = Array.from({ length: 90 }, (_, i) => ({ id: i + 1, ownerId: null }));
    const pool = [
      { employeeId: 1, weight: 2 },
      { employeeId: 2, weight: 1 },
      { employeeId: 3, weight: 0 },
    ];
    const c = counts(apply(households, pool));
    expect([c.get(1), c.get(2), c.get(3)]).toEqual([60, 30, undefined]);
  });

  it('an empty pool releases households rather than keeping a leaver as owner', () => {
    expect(planOwnership([], [{ id: 1, ownerId: 9 }])).toEqual([{ householdId: 1, from: 9, to: null }]);
  });
});
