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
