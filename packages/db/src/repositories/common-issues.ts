import {
  DEFAULT_DETECTION,
  DIMENSIONS,
  type CommonIssueStatus,
  type DetectionSettings,
  type Dimension,
  type GroupingItem,
  type IsoDate,
  type Label,
} from '@frontline/core';
import type { Selectable } from 'kysely';
import { z } from 'zod';
import type { CommonIssueTable } from '../schema.ts';
import { executorOf, type Executor, type Reader } from '../unit-of-work.ts';
import { issueCategoryLabels } from './analysis.ts';
import { oneOf } from './columns.ts';

/**
 * Common issues (共性问题) as stored: the issue, the issue items placed with
 * it, detection's settings and runs. Reads and plain writes; what detection
 * suggests is core's (detectCommonIssues), what review may do the
 * common-issues feature's.
 */

/** Projects the issue's items came from, with their regions, by id. */
export async function commonIssueProjects(
  x: Reader,
  commonIssueId: number,
): Promise<{ id: number; regionId: number }[]> {
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

// ——— detection: its settings, what it reads, what it writes ———

export type StoredDetectionSettings = DetectionSettings & { updatedAt: number | null };

/** The thresholds customer relations set, or core's defaults before they set any. */
export async function getDetectionSettings(x: Reader): Promise<StoredDetectionSettings> {
  const r = await executorOf(x)
    .selectFrom('rollup_settings')
    .select(['similarity', 'min_households', 'min_share', 'min_share_households', 'updated_at'])
    .where('id', '=', 1)
    .executeTakeFirst();
  if (!r) return { ...DEFAULT_DETECTION, updatedAt: null };
  return {
    similarity: r.similarity,
    minHouseholds: r.min_households,
    minShare: r.min_share,
    minShareHouseholds: r.min_share_households,
    updatedAt: r.updated_at,
  };
}

export async function saveDetectionSettings(
  tx: Executor,
  s: DetectionSettings,
  by: { actorId: number | null; at: number },
): Promise<void> {
  const values = {
    similarity: s.similarity,
    min_households: s.minHouseholds,
    min_share: s.minShare,
    min_share_households: s.minShareHouseholds,
    updated_at: by.at,
    updated_by: by.actorId,
  };
  await tx
    .insertInto('rollup_settings')
    .values({ id: 1, ...values })
    .onConflict((oc) => oc.column('id').doUpdateSet(values))
    .execute();
}

/** The households of each visit, by id, for issue items (a visit may be to several households). */
async function householdsOfVisits(x: Reader, visitIds: readonly number[]): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>();
  const unique = [...new Set(visitIds)];
  // In slices: a large group's window holds more visits than SQLite takes parameters.
  for (let i = 0; i < unique.length; i += 5000) {
    const rows = await executorOf(x)
      .selectFrom('visit_households')
      .select(['visit_id', 'household_id'])
      .where('visit_id', 'in', unique.slice(i, i + 5000))
      .orderBy('visit_id')
      .orderBy('household_id')
      .execute();
    for (const r of rows) out.set(r.visit_id, [...(out.get(r.visit_id) ?? []), r.household_id]);
  }
  return out;
}

/** What a run reads: issue items from `from` on not yet placed with a reviewed issue, with their households. */
export async function unplacedIssueItems(x: Reader, from: IsoDate): Promise<GroupingItem[]> {
  const rows = await executorOf(x)
    .selectFrom('visit_issues as vi')
    .leftJoin('common_issue_items as ci', 'ci.item_id', 'vi.id')
    .leftJoin('common_issues as c', 'c.id', 'ci.common_issue_id')
    .select([
      'vi.id',
      'vi.visit_id',
      'vi.category_id',
      'vi.project_id',
      'vi.checkpoint',
      'vi.visited_on',
      'vi.description',
    ])
    .where('vi.visited_on', '>=', from)
    .where((eb) => eb.or([eb('ci.item_id', 'is', null), eb('c.status', '=', 'suggested')]))
    .execute();
  const households = await householdsOfVisits(
    x,
    rows.map((r) => r.visit_id),
  );
  return rows.map((r) => ({
    id: r.id,
    categoryId: r.category_id,
    projectId: r.project_id,
    checkpoint: r.checkpoint,
    visitedOn: r.visited_on,
    description: r.description,
    householdIds: households.get(r.visit_id) ?? [],
  }));
}

/** Reviewed issues (confirmed or dismissed): new items attach to them by their fixed key words. */
export async function reviewedCommonIssues(
  x: Reader,
): Promise<{ id: number; categoryId: number; keywords: string[] }[]> {
  const rows = await executorOf(x)
    .selectFrom('common_issues')
    .select(['id', 'category_id', 'keywords'])
    .where('status', 'in', ['confirmed', 'dismissed'])
    .execute();
  return rows.map((r) => ({
    id: r.id,
    categoryId: r.category_id,
    keywords: keywordList.parse(JSON.parse(r.keywords)),
  }));
}

/** Households visited from `from` on, per project and checkpoint (`projectId:checkpoint`): the share thresholds' denominators. */
export async function respondentCounts(x: Reader, from: IsoDate): Promise<Map<string, number>> {
  const rows = await executorOf(x)
    .selectFrom('visits as v')
    .innerJoin('visit_households as vh', 'vh.visit_id', 'v.id')
    .select((eb) => ['v.project_id', 'v.checkpoint', eb.fn.count<number>('vh.household_id').distinct().as('n')])
    .where('v.visited_on', '>=', from)
    .groupBy(['v.project_id', 'v.checkpoint'])
    .execute();
  return new Map(rows.map((r) => [`${r.project_id}:${r.checkpoint}`, Number(r.n)]));
}

/** Where the last run placed items with suggestions (item → suggestion). */
export async function suggestionPlacements(x: Reader): Promise<Map<number, number>> {
  const rows = await executorOf(x)
    .selectFrom('common_issue_items as ci')
    .innerJoin('common_issues as c', 'c.id', 'ci.common_issue_id')
    .select(['ci.item_id', 'ci.common_issue_id'])
    .where('c.status', '=', 'suggested')
    .execute();
  return new Map(rows.map((r) => [r.item_id, r.common_issue_id]));
}

/** Takes every item out of the suggestions (a run places them afresh). */
export async function clearSuggestionPlacements(tx: Executor): Promise<void> {
  await tx
    .deleteFrom('common_issue_items')
    .where('common_issue_id', 'in', (eb) =>
      eb.selectFrom('common_issues').select('id').where('status', '=', 'suggested'),
    )
    .execute();
}

/**
 * Places items with issues, each unless it is placed already (the first
 * placement of an item wins); returns the items placed now. In slices, one
 * statement each: a run on a large group places tens of thousands.
 */
export async function placeIssueItems(
  tx: Executor,
  placements: readonly { itemId: number; commonIssueId: number; similarity: number }[],
  at: number,
): Promise<Set<number>> {
  const placed = new Set<number>();
  for (let i = 0; i < placements.length; i += 1000) {
    const rows = await tx
      .insertInto('common_issue_items')
      .values(
        placements.slice(i, i + 1000).map((p) => ({
          item_id: p.itemId,
          common_issue_id: p.commonIssueId,
          similarity: p.similarity,
          attached_at: at,
        })),
      )
      .onConflict((oc) => oc.column('item_id').doNothing())
      .returning('item_id')
      .execute();
    for (const r of rows) placed.add(r.item_id);
  }
  return placed;
}

export type SuggestionContent = {
  title: string;
  keywords: readonly string[];
  scope: CommonIssueScope;
  reason: unknown;
};

export async function insertSuggestion(
  tx: Executor,
  s: SuggestionContent & { categoryId: number; dimension: Dimension },
  at: number,
): Promise<number> {
  const { id } = await tx
    .insertInto('common_issues')
    .values({
      status: 'suggested',
      category_id: s.categoryId,
      dimension: s.dimension,
      title: s.title,
      keywords: JSON.stringify(s.keywords),
      scope: s.scope,
      reason: JSON.stringify(s.reason),
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** Rewrites a suggestion in place, only while it is still a suggestion; whether it was. */
export async function updateSuggestion(tx: Executor, id: number, s: SuggestionContent, at: number): Promise<boolean> {
  const r = await tx
    .updateTable('common_issues')
    .set({
      title: s.title,
      keywords: JSON.stringify(s.keywords),
      scope: s.scope,
      reason: JSON.stringify(s.reason),
      updated_at: at,
    })
    .where('id', '=', id)
    .where('status', '=', 'suggested')
    .executeTakeFirst();
  return r.numUpdatedRows === 1n;
}

/** Deletes a suggestion, only while it is still one (a reviewed issue is never deleted). */
export async function deleteSuggestion(tx: Executor, id: number): Promise<void> {
  await tx.deleteFrom('common_issues').where('id', '=', id).where('status', '=', 'suggested').execute();
}

export type DetectionReport = {
  runId: number;
  items: number;
  attached: number;
  suggestions: number;
  belowThreshold: number;
  reopened: number;
  ms: number;
};

export async function insertDetectionRun(
  tx: Executor,
  r: Omit<DetectionReport, 'runId'> & { settings: DetectionSettings },
  by: { actorId: number | null; at: number },
): Promise<number> {
  const { id } = await tx
    .insertInto('detection_runs')
    .values({
      started_at: by.at,
      ms: r.ms,
      items: r.items,
      attached: r.attached,
      suggestions: r.suggestions,
      below_threshold: r.belowThreshold,
      reopened: r.reopened,
      settings: JSON.stringify(r.settings),
      actor_id: by.actorId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function lastDetectionRun(x: Reader): Promise<(DetectionReport & { at: number }) | null> {
  const r = await executorOf(x)
    .selectFrom('detection_runs')
    .select(['id', 'started_at', 'ms', 'items', 'attached', 'suggestions', 'below_threshold', 'reopened'])
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r
    ? {
        runId: r.id,
        at: r.started_at,
        ms: r.ms,
        items: r.items,
        attached: r.attached,
        suggestions: r.suggestions,
        belowThreshold: r.below_threshold,
        reopened: r.reopened,
      }
    : null;
}

/** Households that reported the issue on a visit up to `date`. */
export async function householdsReportingUpTo(x: Reader, commonIssueId: number, date: IsoDate): Promise<Set<number>> {
  const rows = await executorOf(x)
    .selectFrom('common_issue_items as ci')
    .innerJoin('visit_issues as vi', 'vi.id', 'ci.item_id')
    .innerJoin('visit_households as vh', 'vh.visit_id', 'vi.visit_id')
    .select('vh.household_id')
    .distinct()
    .where('ci.common_issue_id', '=', commonIssueId)
    .where('vi.visited_on', '<=', date)
    .execute();
  return new Set(rows.map((r) => r.household_id));
}

// ——— review: confirm, dismiss, merge, split ———

export async function saveConfirmed(
  tx: Executor,
  id: number,
  title: string,
  by: { actorId: number | null; at: number },
): Promise<void> {
  await tx
    .updateTable('common_issues')
    .set({ status: 'confirmed', title, reviewed_by: by.actorId, reviewed_at: by.at, updated_at: by.at })
    .where('id', '=', id)
    .execute();
}

export async function saveDismissed(
  tx: Executor,
  id: number,
  reason: string,
  by: { actorId: number | null; at: number },
): Promise<void> {
  await tx
    .updateTable('common_issues')
    .set({
      status: 'dismissed',
      dismiss_reason: reason,
      reviewed_by: by.actorId,
      reviewed_at: by.at,
      updated_at: by.at,
    })
    .where('id', '=', id)
    .execute();
}

/** The merged issue stays as a pointer to the one it went into. */
export async function saveMerged(
  tx: Executor,
  id: number,
  intoId: number,
  by: { actorId: number | null; at: number },
): Promise<void> {
  await tx
    .updateTable('common_issues')
    .set({ status: 'merged', merged_into: intoId, reviewed_by: by.actorId, reviewed_at: by.at, updated_at: by.at })
    .where('id', '=', id)
    .execute();
}

/** A suggestion that absorbed a confirmed issue becomes confirmed by that review. */
export async function saveConfirmedByMerge(
  tx: Executor,
  id: number,
  by: { actorId: number | null; at: number },
): Promise<void> {
  await tx
    .updateTable('common_issues')
    .set({ status: 'confirmed', reviewed_by: by.actorId, reviewed_at: by.at })
    .where('id', '=', id)
    .execute();
}

export async function moveAllIssueItems(tx: Executor, fromId: number, intoId: number): Promise<void> {
  await tx
    .updateTable('common_issue_items')
    .set({ common_issue_id: intoId })
    .where('common_issue_id', '=', fromId)
    .execute();
}

export async function moveIssueItems(tx: Executor, itemIds: readonly number[], intoId: number): Promise<void> {
  if (itemIds.length === 0) return;
  await tx
    .updateTable('common_issue_items')
    .set({ common_issue_id: intoId })
    .where('item_id', 'in', [...itemIds])
    .execute();
}

export async function hasImprovementPlan(x: Reader, commonIssueId: number): Promise<boolean> {
  return (
    (await executorOf(x)
      .selectFrom('improvement_plans')
      .select('id')
      .where('common_issue_id', '=', commonIssueId)
      .executeTakeFirst()) !== undefined
  );
}

/** The ids of an issue's items. */
export async function issueItemIds(x: Reader, commonIssueId: number): Promise<Set<number>> {
  const rows = await executorOf(x)
    .selectFrom('common_issue_items')
    .select('item_id')
    .where('common_issue_id', '=', commonIssueId)
    .execute();
  return new Set(rows.map((r) => r.item_id));
}

/** A reviewed issue split off another (empty key words until they are computed from its items). */
export async function insertSplitIssue(
  tx: Executor,
  s: { status: CommonIssueStatus; categoryId: number; dimension: Dimension; title: string; fromId: number },
  by: { actorId: number | null; at: number },
): Promise<number> {
  const { id } = await tx
    .insertInto('common_issues')
    .values({
      status: s.status,
      category_id: s.categoryId,
      dimension: s.dimension,
      title: s.title,
      keywords: '[]',
      scope: 'project',
      reason: JSON.stringify({ kind: 'split', from: s.fromId }),
      reviewed_by: by.actorId,
      reviewed_at: by.at,
      created_at: by.at,
      updated_at: by.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** The descriptions of an issue's items and how many projects they came from. */
export async function issueItemTexts(
  x: Reader,
  commonIssueId: number,
): Promise<{ descriptions: string[]; projects: number }> {
  const rows = await executorOf(x)
    .selectFrom('common_issue_items as ci')
    .innerJoin('visit_issues as vi', 'vi.id', 'ci.item_id')
    .select(['vi.description', 'vi.project_id'])
    .where('ci.common_issue_id', '=', commonIssueId)
    .execute();
  return { descriptions: rows.map((r) => r.description), projects: new Set(rows.map((r) => r.project_id)).size };
}

export async function saveKeywords(
  tx: Executor,
  id: number,
  keywords: readonly string[],
  scope: CommonIssueScope,
  at: number,
): Promise<void> {
  await tx
    .updateTable('common_issues')
    .set({ keywords: JSON.stringify(keywords), scope, updated_at: at })
    .where('id', '=', id)
    .execute();
}

// ——— reads: issues with their figures, and their items ———

export type CommonIssueSummary = CommonIssueRecord & {
  categoryLabel: Label;
  items: number;
  households: number;
  projects: { id: number; name: string; regionId: number }[];
  firstReported: IsoDate | null;
  latestReported: IsoDate | null;
  plans: { id: number; kind: string; status: string; title: string }[];
};

/** Issues with their figures; without a status, every one but the merged pointers. */
export async function listCommonIssues(
  x: Reader,
  f: { status?: CommonIssueStatus | undefined; categoryId?: number | undefined },
): Promise<CommonIssueSummary[]> {
  let q = executorOf(x).selectFrom('common_issues').selectAll();
  q = f.status ? q.where('status', '=', f.status) : q.where('status', '!=', 'merged');
  if (f.categoryId) q = q.where('category_id', '=', f.categoryId);
  return summarise(x, (await q.execute()).map(toCommonIssueRecord));
}

export async function getCommonIssue(x: Reader, id: number): Promise<CommonIssueSummary | undefined> {
  const record = await getCommonIssueRecord(x, id);
  return record && (await summarise(x, [record]))[0];
}

async function summarise(x: Reader, records: CommonIssueRecord[]): Promise<CommonIssueSummary[]> {
  if (records.length === 0) return [];
  const k = executorOf(x);
  const ids = records.map((r) => r.id);
  const [figures, projectRows, householdRows, plans, labels] = await Promise.all([
    k
      .selectFrom('common_issue_items as ci')
      .innerJoin('visit_issues as vi', 'vi.id', 'ci.item_id')
      .select((eb) => [
        'ci.common_issue_id',
        eb.fn.countAll<number>().as('items'),
        eb.fn.min('vi.visited_on').as('first'),
        eb.fn.max('vi.visited_on').as('latest'),
      ])
      .where('ci.common_issue_id', 'in', ids)
      .groupBy('ci.common_issue_id')
      .execute(),
    k
      .selectFrom('common_issue_items as ci')
      .innerJoin('visit_issues as vi', 'vi.id', 'ci.item_id')
      .innerJoin('projects as p', 'p.id', 'vi.project_id')
      .select(['ci.common_issue_id', 'p.id', 'p.name', 'p.region_id'])
      .distinct()
      .where('ci.common_issue_id', 'in', ids)
      .orderBy('p.id')
      .execute(),
    k
      .selectFrom('common_issue_items as ci')
      .innerJoin('visit_issues as vi', 'vi.id', 'ci.item_id')
      .innerJoin('visit_households as vh', 'vh.visit_id', 'vi.visit_id')
      .select((eb) => ['ci.common_issue_id', eb.fn.count<number>('vh.household_id').distinct().as('n')])
      .where('ci.common_issue_id', 'in', ids)
      .groupBy('ci.common_issue_id')
      .execute(),
    k
      .selectFrom('improvement_plans')
      .select(['id', 'common_issue_id', 'kind', 'status', 'title'])
      .where('common_issue_id', 'in', ids)
      .orderBy('id')
      .execute(),
    issueCategoryLabels(k),
  ]);
  const figuresOf = new Map(figures.map((f) => [f.common_issue_id, f]));
  const householdsOf = new Map(householdRows.map((h) => [h.common_issue_id, Number(h.n)]));
  return records.map((r) => {
    const f = figuresOf.get(r.id);
    return {
      ...r,
      categoryLabel: labels.get(r.categoryId)!.label,
      items: Number(f?.items ?? 0),
      households: householdsOf.get(r.id) ?? 0,
      projects: projectRows
        .filter((p) => p.common_issue_id === r.id)
        .map((p) => ({ id: p.id, name: p.name, regionId: p.region_id })),
      firstReported: f?.first ?? null,
      latestReported: f?.latest ?? null,
      plans: plans
        .filter((p) => p.common_issue_id === r.id)
        .map(({ id, kind, status, title }) => ({ id, kind, status, title })),
    };
  });
}

export type CommonIssueItemRecord = {
  id: number;
  visitId: number;
  description: string;
  severity: string;
  projectId: number;
  projectName: string;
  checkpoint: number;
  visitedOn: IsoDate;
  householdIds: number[];
  similarity: number;
};

/** The items of a common issue, newest first (at most 2000). */
export async function commonIssueItems(x: Reader, id: number): Promise<CommonIssueItemRecord[]> {
  const rows = await executorOf(x)
    .selectFrom('common_issue_items as ci')
    .innerJoin('visit_issues as vi', 'vi.id', 'ci.item_id')
    .leftJoin('projects as p', 'p.id', 'vi.project_id')
    .select([
      'vi.id',
      'vi.visit_id',
      'vi.description',
      'vi.severity',
      'vi.project_id',
      'p.name as project_name',
      'vi.checkpoint',
      'vi.visited_on',
      'ci.similarity',
    ])
    .where('ci.common_issue_id', '=', id)
    .orderBy('vi.visited_on', 'desc')
    .orderBy('vi.id', 'desc')
    .limit(2000)
    .execute();
  const households = await householdsOfVisits(
    x,
    rows.map((r) => r.visit_id),
  );
  return rows.map((r) => ({
    id: r.id,
    visitId: r.visit_id,
    description: r.description,
    severity: r.severity,
    projectId: r.project_id,
    projectName: r.project_name ?? '',
    checkpoint: r.checkpoint,
    visitedOn: r.visited_on,
    householdIds: households.get(r.visit_id) ?? [],
    similarity: r.similarity,
  }));
}
