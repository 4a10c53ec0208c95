import { scoreInScope, type Actor } from '@frontline/core';

/**
 * Who reads whose score: staff their own, managers and HR those in their
 * scope (`scoreInScope`). Configuring schemes and closing periods are
 * group-wide (`scores.configure`); adjusting and exporting are HR's
 * (`scores.manage`), declared beside each route.
 */
export const mayReadScore = (
  actor: Actor,
  row: { employeeId: number; regionId: number | null; projectId: number | null },
): boolean => scoreInScope(actor, { id: row.employeeId, regionId: row.regionId, projectId: row.projectId });

/** Rows the caller may read; ranks were taken over the whole group first, so they do not depend on who looks. */
export const visibleTo = <T extends { employeeId: number; regionId: number | null; projectId: number | null }>(
  actor: Actor,
  rows: readonly T[],
): T[] => rows.filter((r) => mayReadScore(actor, r));
