import { privacyFor, projectInScope, scopeOf, type Actor, type Household } from '@frontline/core';
import type { CommonIssueItemRecord, CommonIssueSummary } from '@frontline/db';
import { householdsInScope } from '../../routes/views.ts';

/** A common issue as a caller sees it: the projects of their scope by name, the others counted. */
export function commonIssueView(actor: Actor, issue: CommonIssueSummary) {
  const scope = scopeOf(actor);
  const projects = issue.projects.filter((p) => projectInScope(scope, p));
  return { ...issue, projects, otherProjects: issue.projects.length - projects.length };
}

/**
 * One issue with its reports. An issue may span regions: the caller sees the
 * reports of their scope and only counts of the rest. Each report's
 * description is free text about its households: masked unless the caller
 * may reveal them.
 */
export function commonIssueDetailView<I extends CommonIssueItemRecord>(
  actor: Actor,
  issue: CommonIssueSummary,
  all: I[],
  every: Household[],
) {
  const scope = scopeOf(actor);
  const region = new Map(issue.projects.map((p) => [p.id, p.regionId]));
  const inScope = all.filter((i) =>
    projectInScope(scope, { id: i.projectId, regionId: region.get(i.projectId) ?? -1 }),
  );
  const { households, householdsOutOfScope } = householdsInScope(actor, every);
  const byId = new Map(every.map((h) => [h.id, h]));
  const items = inScope.map((i) => ({
    ...i,
    description:
      privacyFor(
        actor,
        i.householdIds.flatMap((id) => byId.get(id) ?? []),
      ).text(i.description) ?? '',
  }));
  return {
    issue: commonIssueView(actor, issue),
    items,
    households,
    outOfScope: { items: all.length - items.length, households: householdsOutOfScope },
  };
}
