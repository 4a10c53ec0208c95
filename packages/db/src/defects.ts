import { issueWords, type Label } from '@frontline/core';
import { categoryLabels, projectNames } from './analysis.ts';
import type { Db } from './open.ts';

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

export async function searchDefects(db: Db, q: { q?: string; categoryId?: number }): Promise<Defect[]> {
  const s = db.sqlite;
  const where: string[] = [];
  const params: (string | number)[] = [];
  const words = q.q ? issueWords(q.q) : [];
  if (words.length) {
    where.push('d.id in (select rowid from defects_fts where defects_fts match ?)');
    params.push(words.map((w) => `"${w.replaceAll('"', '""')}"`).join(' '));
  }
  if (q.categoryId) {
    where.push('d.category_id = ?');
    params.push(q.categoryId);
  }
  const rows = s
    .prepare(
      `select d.*,
         (select count(*) from common_issue_items ci where ci.common_issue_id = d.common_issue_id) as occurrences,
         (select count(distinct vh.household_id) from common_issue_items ci join visit_issues vi on vi.id = ci.item_id join visit_households vh on vh.visit_id = vi.visit_id
           where ci.common_issue_id = d.common_issue_id) as households
       from defects d ${where.length ? `where ${where.join(' and ')}` : ''} order by occurrences desc, d.id desc limit 200`,
    )
    .all(...params) as {
    id: number; plan_id: number; common_issue_id: number; category_id: number; title: string; description: string; cause: string; standard_change: string;
    project_ids: string; occurrences: number; households: number; created_at: number;
  }[];
  const labels = categoryLabels(s);
  const names = projectNames(s, [...new Set(rows.flatMap((r) => JSON.parse(r.project_ids) as number[]))]);
  const photos = s.prepare('select id from photos where plan_id = ? order by created_at');
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
    projects: (JSON.parse(r.project_ids) as number[]).map((id) => ({ id, name: names.get(id) ?? String(id) })),
    occurrences: r.occurrences,
    households: r.households,
    photos: photos.pluck().all(r.plan_id) as string[],
    createdAt: r.created_at,
  }));
}
