import { mayRevealHousehold, mayViewHouseholds, type Actor, type HouseholdRef } from './access.ts';

/** Masking of customer personal data (PIPL): keep enough to recognise, not enough to use. */

/** 13812345678 → 138****5678; short or odd numbers keep only their last two digits. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\s+/g, '');
  if (/^1\d{10}$/.test(digits)) return `${digits.slice(0, 3)}****${digits.slice(7)}`;
  if (digits.length <= 2) return '*'.repeat(digits.length);
  return '*'.repeat(digits.length - 2) + digits.slice(-2);
}

/** 张三 → 张*, 欧阳娜娜 → 欧***; Latin names keep their first letter. */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length === 0) return '';
  return chars[0] + '*'.repeat(Math.max(chars.length - 1, 1));
}

/** Building and unit stay (they are needed to plan visits); the room keeps only its ends: 1502 → 1**2. */
export function maskRoom(room: string): string {
  const chars = Array.from(room);
  if (chars.length < 3) return '*'.repeat(Math.max(chars.length, 2));
  return chars[0] + '*'.repeat(chars.length - 2) + chars[chars.length - 1];
}

/**
 * Phone numbers as people type them into free text: mainland mobiles (with
 * or without +86, spaced or dashed 3-4-4) and landlines with an area code.
 * Digits glued to other digits are not a phone number.
 */
const PHONE_IN_TEXT =
  /(?<![\d])(?:(?:\+|00)?86[\s-]?)?1[3-9]\d(?:[\s-]?\d{4}){2}(?!\d)|(?<![\d])0\d{2,3}[\s-]?\d{7,8}(?!\d)/g;

/** The phone numbers in a text, as typed; for a warning where the text is entered. */
export function phoneNumbersIn(text: string): string[] {
  return text.match(PHONE_IN_TEXT) ?? [];
}

/**
 * Free text (an issue's description, a note) as someone who may not reveal
 * the household reads it: phone numbers masked, and the names of the
 * household's owners wherever they were typed.
 */
export function maskPersonalText(text: string, ownerNames: readonly string[] = []): string {
  let out = text.replace(PHONE_IN_TEXT, (phone) =>
    maskPhone(phone.replace(/[\s-]/g, '').replace(/^(\+|00)?86(?=1\d{10}$)/, '')),
  );
  // Longest first, so 欧阳娜娜 is masked before a shorter name inside it.
  for (const name of [...new Set(ownerNames.map((n) => n.trim()))]
    .filter((n) => Array.from(n).length >= 2)
    .sort((a, b) => b.length - a.length)) {
    out = out.split(name).join(maskName(name));
  }
  return out;
}

/** A building–unit–room address. */
export type Address = { building: string; unit: string; room: string };

/**
 * How a viewer sees households outside the logged reveal: masked (building
 * and unit, the room's ends), or not at all for those who work with no
 * customer records (HR). Full addresses leave the API only through reveal.
 */
export type HouseholdSight = 'masked' | 'none';

export function householdSight(actor: Actor): HouseholdSight {
  return mayViewHouseholds(actor) ? 'masked' : 'none';
}

/** 3-1-1502 → 3-1-1**2; null for a viewer who sees no household detail. */
export function householdLabel(address: Address, sight: HouseholdSight): string | null {
  return sight === 'none' ? null : `${address.building}-${address.unit}-${maskRoom(address.room)}`;
}

/** An issue item's location: the room masked as the household's is, nothing for a viewer who sees no households. */
export function maskLocation<T extends Address & { area: string }>(item: T, sight: HouseholdSight): T {
  if (sight === 'none') return { ...item, building: '', unit: '', room: '', area: '' };
  return { ...item, room: item.room ? maskRoom(item.room) : '' };
}

/**
 * The one place that decides what a viewer sees of the customer data on a
 * record about some households (a duty, a visit, a booking, an issue): the
 * address labels and locations always masked, and free text masked unless
 * the viewer may reveal every one of those households.
 */
export function privacyFor(
  actor: Actor,
  households: readonly (HouseholdRef & { owners?: readonly { name: string }[] })[],
) {
  const sight = householdSight(actor);
  const plain = households.length > 0 && households.every((h) => mayRevealHousehold(actor, h));
  const names = households.flatMap((h) => (h.owners ?? []).map((o) => o.name));
  return {
    sight,
    label: (address: Address | null) => (address ? householdLabel(address, sight) : null),
    location: <T extends Address & { area: string }>(item: T) => maskLocation(item, sight),
    text: (text: string | null) => (text === null ? null : plain ? text : maskPersonalText(text, names)),
  };
}
export type Privacy = ReturnType<typeof privacyFor>;
