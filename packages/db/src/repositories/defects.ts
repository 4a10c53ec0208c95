import { issueWords, type Label } from '@frontline/core';
import { z } from 'zod';
import { wordsMatch } from '../dialect/index.ts';
import { executorOf, type Executor, type Reader } from '../unit-of-work.ts';
import { issueCategoryLabels, projectNamesOf } from './analysis.ts';

/**
 * The defect library (缺陷库): closed plans for future projects, searchable by
 * category and by words, for design reviews to consult before new projects
 * are drawn. Search words are segmented the same way the entries were, so
 * "渗水" finds an entry written as "漏水"; all words must match.
 */
export type Defect = {
  id: number;
  planId: number;
  commonIssueId: number;
  categoryId: number;
  categoryLabel: Label;
  title: string;
  description: string;
  cause: string;
  standardChange: string;
  projects: { id: number; name: string }[];
  /** How often the issue was reported: items and distinct households. */
  occurrences: number;
  households: number;
  photos: string[];
  createdAt: number;
};

/** defects.project_ids: the source projects' ids as a JSON array. */
const projectIdList = z.array(z.number().int());
const projectIdsOf = (text: string) => projectIdList.parse(JSON.parse(text));

export type DefectContent = {
  categoryId: number;
  title: string;
  description: string;
  cause: string;
  standardChange: string;
  projectIds: number[];
};

export async function defectIdOfImprovementPlan(x: Reader, planId: number): Promise<number | undefined> {
  const r = await executorOf(x).selectFrom('defects').select('id').where('plan_id', '=', planId).executeTakeFirst();
  return r?.id;
}

function contentColumns(c: DefectContent) {
  return {
    category_id: c.categoryId,
    title: c.title,
    description: c.description,
    cause: c.cause,
    standard_change: c.standardChange,
    project_ids: JSON.stringify(c.projectIds),
  };
}

export async function insertDefect(
  tx: Executor,
  d: DefectContent & { planId: number; commonIssueId: number },
  at: number,
): Promise<number> {
  const { id } = await tx
    .insertInto('defects')
    .values({ plan_id: d.planId, common_issue_id: d.commonIssueId, ...contentColumns(d), created_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function updateDefect(tx: Executor, id: number, c: DefectContent): Promise<void> {
  await tx.updateTable('defects').set(contentColumns(c)).where('id', '=', id).execute();
}

/** The words a defect is found by (its FTS row), replacing any it had. */
export async function saveDefectWords(tx: Executor, id: number, words: readonly string[]): Promise<void> {
  await tx.deleteFrom('defects_fts').where('rowid', '=', id).execute();
  await tx
    .insertInto('defects_fts')
    .values({ rowid: id, words: words.join(' ') })
    .execute();
}

/** Entries matching every word of `q` (segmented) and the category, most reported first; at most 200. */
export async function searchDefects(
  x: Reader,
  q: { q?: string | undefined; categoryId?: number | undefined },
): Promise<Defect[]> {
  const k = executorOf(x);
  const words = q.q ? issueWords(q.q) : [];
  let query = k
    .selectFrom('defects as d')
    .selectAll('d')
    .select((eb) => [
      eb
        .selectFrom('common_issue_items as ci')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('ci.common_issue_id', '=', 'd.common_issue_id')
        .as('occurrences'),
      eb
        .selectFrom('common_issue_items as ci')
        .innerJoin('visit_issues as vi', 'vi.id', 'ci.item_id')
        .innerJoin('visit_households as vh', 'vh.visit_id', 'vi.visit_id')
        .select((sub) => sub.fn.count<number>('vh.household_id').distinct().as('n'))
        .whereRef('ci.common_issue_id', '=', 'd.common_issue_id')
        .as('households'),
    ]);
  if (words.length) query = query.where((eb) => wordsMatch(k, eb.ref('d.id'), words));
  if (q.categoryId) query = query.where('d.category_id', '=', q.categoryId);
  const rows = await query.orderBy('occurrences', 'desc').orderBy('d.id', 'desc').limit(200).execute();
  const projectIds = new Map(rows.map((r) => [r.id, projectIdsOf(r.project_ids)]));
  const [labels, names, photos] = await Promise.all([
    issueCategoryLabels(k),
    projectNamesOf(k, [...new Set([...projectIds.values()].flat())]),
    rows.length === 0
      ? []
      : k
          .selectFrom('photos')
          .select(['id', 'plan_id'])
          .where(
            'plan_id',
            'in',
            rows.map((r) => r.plan_id),
          )
          .orderBy('created_at')
          .execute(),
  ]);
  return rows.map((r) => ({
    id: r.id,
    planId: r.plan_id,
    commonIssueId: r.common_issue_id,
    categoryId: r.category_id,
    categoryLabel: labels.get(r.category_id)!.label,
    title: r.title,
    description: r.description,
    cause: r.cause,
    standardChange: r.standard_change,
    projects: projectIds.get(r.id)!.map((id) => ({ id, name: names.get(id) ?? String(id) })),
    occurrences: Number(r.occurrences ?? 0),
    households: Number(r.households ?? 0),
    photos: photos.filter((p) => p.plan_id === r.plan_id).map((p) => p.id),
    createdAt: r.created_at,
  }));
}
