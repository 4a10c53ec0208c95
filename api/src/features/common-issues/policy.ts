import type { Actor } from '@frontline/core';
import { scopeRefs } from '../../http/scope.ts';

/**
 * Who may do what with common issues: holders of `responses.view` see those
 * touching their scope; customer relations (`rollup.manage`) review them;
 * detection and its thresholds (`detection.manage`) are group-wide.
 */
export const VIEW = 'responses.view' as const;
export const REVIEW = 'rollup.manage' as const;
export const DETECT = 'detection.manage' as const;

/** A common issue is in a scope when any of its reports came from a project the scope covers. */
export function commonIssueInScope(
  issue: { projects: readonly { id: number; regionId: number }[] },
  scope: { regionIds?: number[]; projectIds?: number[] },
): boolean {
  const { regionIds, projectIds } = scope;
  if (regionIds && !issue.projects.some((p) => regionIds.includes(p.regionId))) return false;
  if (projectIds && !issue.projects.some((p) => projectIds.includes(p.id))) return false;
  return true;
}

export const visible = (actor: Actor, issue: { projects: readonly { id: number; regionId: number }[] }): boolean =>
  commonIssueInScope(issue, scopeRefs(actor));
