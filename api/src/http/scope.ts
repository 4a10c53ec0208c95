import { scopeOf, type Actor } from '@frontline/core';

/**
 * The caller's scope as the region or project lists that db filters take:
 * nothing for the group, one region or one project, and an empty region list
 * (nothing at all) for a personal scope.
 */
export function scopeRefs(actor: Actor): { regionIds?: number[]; projectIds?: number[] } {
  const scope = scopeOf(actor);
  switch (scope.kind) {
    case 'group':
      return {};
    case 'region':
      return { regionIds: [scope.regionId] };
    case 'project':
      return { projectIds: [scope.projectId] };
    case 'own':
      return { regionIds: [] };
  }
}
