import { npsBand } from '@frontline/core';
import type BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery } from 'kysely';
import type { Db } from '../open.ts';

/**
 * The monthly feedback totals the analysis reads (see
 * repositories/analysis.ts), kept on the hot path: every visit adds to its
 * month's cells in the same transaction that records it (visits.ts), on
 * prepared statements, and a bulk load rebuilds them in three statements.
 */

/** Upserts that add one visit, answer or issue item to its month's cell. */
export function prepareMonthlyTotals(sqlite: BetterSqlite3.Database) {
  return {
    visitMonthly: sqlite.prepare(
      `insert into visit_monthly (region_id, project_id, checkpoint, month, visits) values (?, ?, ?, ?, 1)
       on conflict do update set visits = visits + 1`,
    ),
    feedbackMonthly: sqlite.prepare(
      `insert into feedback_monthly (region_id, project_id, checkpoint, dimension, month, rating_sum, rating_count, rating_satisfied, promoters, passives, detractors)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       on conflict do update set rating_sum = rating_sum + excluded.rating_sum, rating_count = rating_count + excluded.rating_count,
         rating_satisfied = rating_satisfied + excluded.rating_satisfied, promoters = promoters + excluded.promoters,
         passives = passives + excluded.passives, detractors = detractors + excluded.detractors`,
    ),
    issueMonthly: sqlite.prepare(
      `insert into issue_monthly (region_id, project_id, checkpoint, category_id, month, items) values (?, ?, ?, ?, ?, 1)
       on conflict do update set items = items + 1`,
    ),
  };
}

/** The cell a rating or NPS answer adds to: its dimension, the overall rating, or other questions. */
export function totalsDimension(a: { question_key: string; dimension: string | null }): string {
  return a.dimension ?? (a.question_key === 'overall' ? 'overall' : 'other');
}

/** rating_sum, rating_count, rating_satisfied, promoters, passives, detractors for one answer. */
export function monthlyFigures(
  type: 'rating' | 'nps',
  value: number,
): [number, number, number, number, number, number] {
  if (type === 'rating') return [value, 1, value >= 4 ? 1 : 0, 0, 0, 0];
  const band = npsBand(value);
  return [0, 0, 0, band === 'promoters' ? 1 : 0, band === 'passives' ? 1 : 0, band === 'detractors' ? 1 : 0];
}

/**
 * Recomputes every monthly total from the responses (after a bulk load that
 * bypassed recordVisit), in one transaction. Three set-based statements, the
 * same on both dialects (sums of conditions spelled as `case`, which
 * PostgreSQL needs and SQLite runs as fast), so it runs through Kysely.
 */
export async function rebuildMonthlyTotals(db: Db): Promise<void> {
  const count = (condition: string) => `sum(case when ${condition} then 1 else 0 end)`;
  await db.kysely.transaction().execute(async (tx) => {
    for (const table of ['visit_monthly', 'feedback_monthly', 'issue_monthly'])
      await tx.executeQuery(CompiledQuery.raw(`delete from ${table}`));
    await tx.executeQuery(
      CompiledQuery.raw(
        `insert into visit_monthly (region_id, project_id, checkpoint, month, visits) select region_id, project_id, checkpoint, substr(visited_on, 1, 7), count(*) from visits group by 1, 2, 3, 4`,
      ),
    );
    await tx.executeQuery(
      CompiledQuery.raw(
        `insert into feedback_monthly (region_id, project_id, checkpoint, dimension, month, rating_sum, rating_count, rating_satisfied, promoters, passives, detractors)
         select v.region_id, v.project_id, v.checkpoint, coalesce(a.dimension, case when a.question_key = 'overall' then 'overall' else 'other' end), substr(v.visited_on, 1, 7),
           sum(case when a.type = 'rating' then a.num else 0 end), ${count("a.type = 'rating'")}, ${count("a.type = 'rating' and a.num >= 4")},
           ${count("a.type = 'nps' and a.num >= 9")}, ${count("a.type = 'nps' and a.num between 7 and 8")}, ${count("a.type = 'nps' and a.num <= 6")}
         from visit_answers a join visits v on v.id = a.visit_id where a.type in ('rating', 'nps') and a.num is not null group by 1, 2, 3, 4, 5`,
      ),
    );
    await tx.executeQuery(
      CompiledQuery.raw(
        `insert into issue_monthly (region_id, project_id, checkpoint, category_id, month, items)
         select v.region_id, i.project_id, i.checkpoint, i.category_id, substr(i.visited_on, 1, 7), count(*) from visit_issues i join visits v on v.id = i.visit_id group by 1, 2, 3, 4, 5`,
      ),
    );
  });
}
