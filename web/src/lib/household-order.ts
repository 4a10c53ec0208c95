import type { HouseholdName } from './households.ts';

/** Households in building, unit, room order (numbers as numbers: 2栋 before 10栋). */
export function byAddress<T extends HouseholdName>(households: readonly T[]): T[] {
  const collator = new Intl.Collator('zh-CN', { numeric: true });
  return [...households].sort(
    (a, b) =>
      collator.compare(a.building, b.building) || collator.compare(a.unit, b.unit) || collator.compare(a.room, b.room),
  );
}
