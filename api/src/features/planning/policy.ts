import { projectInScope, scopeOf, type Actor, type Project } from '@frontline/core';
import { forbidden } from '../../http/errors.ts';

/**
 * Who plans what. Planning is regional work: a regional customer-relations
 * admin plans, reads the runs of and marks missed duties in their own
 * region; group-level callers act on every region (null). Anyone signed in
 * reads the cadence rules and the participation matrix; events and blackouts
 * are a project's, seen and changed only within the caller's scope.
 */
export const RUN = 'schedule.run' as const;
export const MANAGE_RULES = 'rules.manage' as const;
export const MANAGE_EVENTS = 'events.manage' as const;

/** The region a planning caller acts on, or null for the whole group; others may not plan. */
export function planningRegionOf(actor: Actor): number | null {
  const scope = scopeOf(actor);
  if (scope.kind === 'group') return null;
  if (scope.kind === 'region') return scope.regionId;
  throw forbidden();
}

/** A run is visible to a regional caller if it covered their region (their own or a group-wide run). */
export function mayReadRun(regionId: number | null, run: { regionIds: number[] | null }): boolean {
  return regionId === null || run.regionIds === null || run.regionIds.includes(regionId);
}

export function projectVisible(actor: Actor, project: Project): boolean {
  return projectInScope(scopeOf(actor), project);
}
