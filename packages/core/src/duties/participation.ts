import type { Line } from '../org.ts';
import type { FieldCodes } from '../result.ts';

/**
 * Which functional lines take part in each dated checkpoint, and how many of
 * their staff an event needs: one per `householdsPerStaff` expected
 * households, at least one. Editable; the default follows DOMAIN §2.
 */
export type ParticipationCell = { checkpoint: number; line: Line; householdsPerStaff: number };

export const DEFAULT_PARTICIPATION: readonly ParticipationCell[] = [
  { checkpoint: 1, line: 'investment', householdsPerStaff: 50 },
  { checkpoint: 1, line: 'marketing', householdsPerStaff: 50 },
  { checkpoint: 1, line: 'president_office', householdsPerStaff: 200 },
  { checkpoint: 2, line: 'design', householdsPerStaff: 40 },
  { checkpoint: 2, line: 'marketing', householdsPerStaff: 40 },
  { checkpoint: 3, line: 'marketing', householdsPerStaff: 30 },
  { checkpoint: 3, line: 'customer_relations', householdsPerStaff: 60 },
  { checkpoint: 4, line: 'engineering', householdsPerStaff: 50 },
  { checkpoint: 4, line: 'customer_relations', householdsPerStaff: 60 },
  { checkpoint: 5, line: 'engineering', householdsPerStaff: 30 },
  { checkpoint: 5, line: 'customer_relations', householdsPerStaff: 50 },
  { checkpoint: 5, line: 'property', householdsPerStaff: 40 },
];

export function staffNeeded(expectedHouseholds: number, householdsPerStaff: number): number {
  return Math.max(1, Math.ceil(expectedHouseholds / Math.max(1, householdsPerStaff)));
}

/** The matrix is one table: each checkpoint and line at most once. */
export function checkParticipation(cells: readonly ParticipationCell[]): FieldCodes {
  const keys = new Set(cells.map((c) => `${c.checkpoint}:${c.line}`));
  return keys.size === cells.length ? {} : { cells: 'PARTICIPATION_DUPLICATE_CELL' };
}
