import { DIMENSIONS, type CommonIssueStatus, type Dimension } from '@frontline/core';
import type { Selectable } from 'kysely';
import { z } from 'zod';
import type { CommonIssueTable } from '../schema.ts';
import { executorOf, type Reader } from '../unit-of-work.ts';
import { oneOf } from './columns.ts';

/**
 * Common issues (共性问题) as stored: the issue, the issue items placed with
 * it, detection's settings and runs. Reads and plain writes; what detection
 * suggests is core's (detectCommonIssues), what review may do the
 * common-issues feature's.
 */

/** Projects the issue's items came from, with their regions, by id. */
export async function commonIssueProjects(x: Reader, commonIssueId: number): Promise<{ id: number; regionId: number }[]> {
  const rows = await executorOf(x)
    .selectFrom('common_issue_items as ci')
    .innerJoin('visit_issues as vi', 'vi.id', 'ci.item_id')
    .innerJoin('projects as p', 'p.id', 'vi.project_id')
    .select(['p.id', 'p.region_id'])
    .distinct()
    .where('ci.common_issue_id', '=', commonIssueId)
    .orderBy('p.id')
    .execute();
  return rows.map((r) => ({ id: r.id, regionId: r.region_id }));
}

export const COMMON_ISSUE_SCOPES = ['project', 'cross_project'] as const;
export type CommonIssueScope = (typeof COMMON_ISSUE_SCOPES)[number];

export type CommonIssueRecord = {
  id: number;
  status: CommonIssueStatus;
  categoryId: number;
  dimension: Dimension;
  title: string;
  keywords: string[];
  scope: CommonIssueScope;
  reason: Record<string, unknown>;
  dismissReason: string | null;
  mergedInto: number | null;
  reviewedAt: number | null;
  updatedAt: number;
};

/** common_issues.keywords and .reason: a JSON array of words, a JSON object saying why. */
const keywordList = z.array(z.string());
const reasonObject = z.record(z.string(), z.unknown());

export function toCommonIssueRecord(r: Selectable<CommonIssueTable>): CommonIssueRecord {
  return {
    id: r.id,
    status: r.status,
    categoryId: r.category_id,
    dimension: oneOf(DIMENSIONS, r.dimension, 'common_issues.dimension'),
    title: r.title,
    keywords: keywordList.parse(JSON.parse(r.keywords)),
    scope: oneOf(COMMON_ISSUE_SCOPES, r.scope, 'common_issues.scope'),
    reason: reasonObject.parse(JSON.parse(r.reason)),
    dismissReason: r.dismiss_reason,
    mergedInto: r.merged_into,
    reviewedAt: r.reviewed_at,
    updatedAt: r.updated_at,
  };
}

export async function getCommonIssueRecord(x: Reader, id: number): Promise<CommonIssueRecord | undefined> {
  const r = await executorOf(x).selectFrom('common_issues').selectAll().where('id', '=', id).executeTakeFirst();
  return r && toCommonIssueRecord(r);
}
