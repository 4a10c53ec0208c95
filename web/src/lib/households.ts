import { list, t } from '#lib/i18n/index.svelte.ts';
import type { Choice } from '#lib/ui/choices.ts';

/** What every screen needs of a household to name it (masked or revealed, as the API sent it). */
export type HouseholdName = { building: string; unit: string; room: string };
type WithOwners = HouseholdName & { id: number; owners?: { name: string }[] };

/** A household as every screen writes it: 1栋1单元3*1 / Bldg 1, unit 1, room 3*1. One format everywhere. */
export function householdText(h: HouseholdName): string {
  return t('household.building', { building: h.building, unit: h.unit, room: h.room });
}

/** A household in a picker: listed under its building, with its owners (masked as the viewer sees them) to tell rooms apart. */
export function householdChoice(h: WithOwners, options: { disabled?: boolean } = {}): Choice {
  const owners = list((h.owners ?? []).map((o) => o.name));
  return {
    value: String(h.id),
    label: t('household.unitRoom', { unit: h.unit, room: h.room }),
    group: t('household.buildingOnly', { building: h.building }),
    hint: owners || undefined,
    // found by any spelling of its address: "1-1-301", "1栋1单元", the room alone
    keywords: `${h.building}-${h.unit}-${h.room} ${householdText(h)}`,
    disabled: options.disabled,
  };
}

export { byAddress } from './household-order.ts';
