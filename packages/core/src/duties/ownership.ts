/**
 * Household ownership (对接客户) within one project's pool.
 *
 * Balanced: each member's target is their weighted share of the households,
 * rounded by largest remainder, so with equal weights counts differ by at most
 * one. Stable: members keep what they have up to their target; only the excess
 * of over-target members, and households whose owner left the pool, move.
 */
import type { ProjectStage } from '../org.ts';

/** Households are given owners once their project is delivering or occupied. */
export const OWNERSHIP_STAGES: readonly ProjectStage[] = ['delivery', 'occupied'];

/** Why a household changed hands: first assignment, its owner left, balancing, or by hand. */
export const ASSIGNMENT_REASONS = ['initial', 'leaver', 'rebalance', 'manual'] as const;
export type AssignmentReason = (typeof ASSIGNMENT_REASONS)[number];

export type PoolMember = { employeeId: number; weight: number };
export type OwnedHousehold = { id: number; ownerId: number | null };
export type OwnershipMove = { householdId: number; from: number | null; to: number | null };

/** Why a planned move happens: a household's first owner, its owner having left the pool, or balancing. */
export function assignmentReason(move: OwnershipMove, leavers: ReadonlySet<number>): AssignmentReason {
  if (move.from === null) return 'initial';
  return leavers.has(move.from) ? 'leaver' : 'rebalance';
}

/** Default capacity weight by position: executives take no households unless configured. */
export function defaultOwnershipWeight(position: string): number {
  return position === 'staff' ? 1 : 0;
}

export function ownershipTargets(
  pool: readonly PoolMember[],
  total: number,
  current: ReadonlyMap<number, number>,
): Map<number, number> {
  const members = pool.filter((m) => m.weight > 0);
  const targets = new Map<number, number>();
  const weightSum = members.reduce((s, m) => s + m.weight, 0);
  if (weightSum === 0) return targets;
  let assigned = 0;
  const shares = members.map((m) => {
    const exact = (total * m.weight) / weightSum;
    const base = Math.floor(exact + 1e-9);
    assigned += base;
    targets.set(m.employeeId, base);
    return { id: m.employeeId, fraction: exact - base, current: current.get(m.employeeId) ?? 0 };
  });
  // The remainder goes to the largest fractions; on ties to whoever already holds more (fewer moves), then by id.
  shares.sort((a, b) => b.fraction - a.fraction || b.current - a.current || a.id - b.id);
  for (let i = 0; i < total - assigned; i++) {
    const s = shares[i % shares.length]!;
    targets.set(s.id, targets.get(s.id)! + 1);
  }
  return targets;
}

export function planOwnership(pool: readonly PoolMember[], households: readonly OwnedHousehold[]): OwnershipMove[] {
  const current = new Map<number, number[]>();
  const free: OwnedHousehold[] = [];
  const inPool = new Set(pool.filter((m) => m.weight > 0).map((m) => m.employeeId));
  for (const h of households) {
    if (h.ownerId !== null && inPool.has(h.ownerId)) {
      const list = current.get(h.ownerId);
      if (list) list.push(h.id);
      else current.set(h.ownerId, [h.id]);
    } else {
      free.push(h);
    }
  }
  const counts = new Map([...current].map(([id, list]) => [id, list.length]));
  const targets = ownershipTargets(pool, households.length, counts);
  const moves: OwnershipMove[] = [];

  if (targets.size === 0) {
    for (const h of free) if (h.ownerId !== null) moves.push({ householdId: h.id, from: h.ownerId, to: null });
    return moves;
  }

  // Over-target members give up their most recently added households.
  const released: OwnedHousehold[] = [];
  for (const [ownerId, list] of [...current].sort((a, b) => a[0] - b[0])) {
    const excess = list.length - targets.get(ownerId)!;
    if (excess <= 0) continue;
    const sorted = [...list].sort((a, b) => a - b);
    for (const id of sorted.slice(sorted.length - excess)) released.push({ id, ownerId });
  }
  const toPlace = [...free, ...released].sort((a, b) => a.id - b.id);
  let next = 0;
  const receivers = [...targets].sort((a, b) => a[0] - b[0]);
  for (const [employeeId, target] of receivers) {
    let room = target - (counts.get(employeeId) ?? 0);
    while (room > 0 && next < toPlace.length) {
      const h = toPlace[next++]!;
      moves.push({ householdId: h.id, from: h.ownerId, to: employeeId });
      room--;
    }
  }
  return moves;
}
