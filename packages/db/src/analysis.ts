import {
  monthsBetween,
  npsBand,
  npsOf,
  previousPeriod,
  ratingSummary,
  type Dimension,
  type Label,
  type MonthKey,
} from '@frontline/core';
import type BetterSqlite3 from 'better-sqlite3';
import type { Db } from './open.ts';

/**
 * Monthly feedback totals and the analysis views read from them. Every visit
 * adds to its month's cells in the same transaction that records it (see
 * visits.ts), so a region's dashboard sums a few thousand cells however many
 * responses lie behind them; drill-down goes to the responses themselves.
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
export function monthlyFigures(type: 'rating' | 'nps', value: number): [number, number, number, number, number, number] {
  if (type === 'rating') return [value, 1, value >= 4 ? 1 : 0, 0, 0, 0];
  const band = npsBand(value);
  return [0, 0, 0, band === 'promoters' ? 1 : 0, band === 'passives' ? 1 : 0, band === 'detractors' ? 1 : 0];
}

export type AnalysisFilter = {
  from: MonthKey;
  to: MonthKey;
  regionId?: number;
  projectId?: number;
  checkpoint?: number;
  dimension?: Dimension;
  /** The caller's scope: the regions or projects they may see. */
  regionIds?: number[];
  projectIds?: number[];
};

type Figures = { average: number | null; satisfiedShare: number | null; ratings: number; nps: number | null; npsAnswers: number };
export type AnalysisView = {
  months: MonthKey[];
  previous: { from: MonthKey; to: MonthKey };
  summary: Figures & { visits: number; issues: number };
  byProject: (Figures & { projectId: number; projectName: string; visits: number; issues: number })[];
  byCheckpoint: (Figures & { checkpoint: number; visits: number })[];
  byDimension: (Figures & { dimension: string })[];
  trend: (Figures & { month: MonthKey; visits: number; issues: number })[];
  heatmap: { projects: { id: number; name: string }[]; categories: { id: number; label: Label }[]; cells: [number, number, number][] };
  topCategories: { categoryId: number; label: Label; dimension: Dimension; current: number; previous: number }[];
};

type Where = { sql: string; params: (string | number)[] };

/** The cells a filter selects; `month` is bounded by the given range. */
function cellsWhere(f: AnalysisFilter, from: MonthKey, to: MonthKey, alias = ''): Where {
  const p = alias ? `${alias}.` : '';
  const parts = [`${p}month between ? and ?`];
  const params: (string | number)[] = [from, to];
  if (f.regionId !== undefined) {
    parts.push(`${p}region_id = ?`);
    params.push(f.regionId);
  }
  if (f.projectId !== undefined) {
    parts.push(`${p}project_id = ?`);
    params.push(f.projectId);
  }
  if (f.checkpoint !== undefined) {
    parts.push(`${p}checkpoint = ?`);
    params.push(f.checkpoint);
  }
  if (f.regionIds) {
    parts.push(`${p}region_id in (${f.regionIds.map(() => '?').join(', ') || 'null'})`);
    params.push(...f.regionIds);
  }
  if (f.projectIds) {
    parts.push(`${p}project_id in (${f.projectIds.map(() => '?').join(', ') || 'null'})`);
    params.push(...f.projectIds);
  }
  return { sql: parts.join(' and '), params };
}

type FigureRow = { k: number | string; rs: number; rc: number; sat: number; pro: number; pas: number; det: number };

function figuresOf(r: FigureRow | undefined): Figures {
  const rating = ratingSummary({ sum: r?.rs ?? 0, count: r?.rc ?? 0, satisfied: r?.sat ?? 0 });
  const t = { promoters: r?.pro ?? 0, passives: r?.pas ?? 0, detractors: r?.det ?? 0 };
  return { average: rating.average, satisfiedShare: rating.satisfiedShare, ratings: rating.count, nps: npsOf(t), npsAnswers: t.promoters + t.passives + t.detractors };
}

/**
 * Ratings of one dimension (the overall question when none is chosen) and NPS
 * from every NPS question, grouped by `key`; a single row when key is a constant.
 */
function figuresBy(sqlite: BetterSqlite3.Database, f: AnalysisFilter, key: string, ratingDimension: string | null): Map<number | string, Figures> {
  const w = cellsWhere(f, f.from, f.to);
  const dimension = ratingDimension === null ? '1' : 'dimension = ?';
  const rows = sqlite
    .prepare(
      `select ${key} as k, sum(case when ${dimension} then rating_sum else 0 end) as rs, sum(case when ${dimension} then rating_count else 0 end) as rc,
         sum(case when ${dimension} then rating_satisfied else 0 end) as sat, sum(promoters) as pro, sum(passives) as pas, sum(detractors) as det
       from feedback_monthly where ${w.sql} group by 1`,
    )
    .all(...(ratingDimension === null ? [] : [ratingDimension, ratingDimension, ratingDimension]), ...w.params) as FigureRow[];
  return new Map(rows.map((r) => [r.k, figuresOf(r)]));
}

/** Issue cells of the filter's dimension: their categories belong to it. */
function issueDimension(f: AnalysisFilter): Where {
  return f.dimension ? { sql: ' and category_id in (select id from issue_categories where dimension = ?)', params: [f.dimension] } : { sql: '', params: [] };
}

function countsBy(sqlite: BetterSqlite3.Database, table: 'visit_monthly' | 'issue_monthly', f: AnalysisFilter, key: string, from = f.from, to = f.to): Map<number | string, number> {
  const w = cellsWhere(f, from, to);
  const column = table === 'visit_monthly' ? 'visits' : 'items';
  const dimension = table === 'issue_monthly' ? issueDimension(f) : { sql: '', params: [] };
  const rows = sqlite
    .prepare(`select ${key} as k, sum(${column}) as n from ${table} where ${w.sql}${dimension.sql} group by 1`)
    .all(...w.params, ...dimension.params) as { k: number | string; n: number }[];
  return new Map(rows.map((r) => [r.k, r.n]));
}

const sum = (m: Map<unknown, number>) => [...m.values()].reduce((a, b) => a + b, 0);

/** Every figure of the analysis page for a filter, from the monthly totals. */
export function analysisView(db: Db, f: AnalysisFilter): AnalysisView {
  const sqlite = db.sqlite;
  const dim = f.dimension ?? 'overall';
  const months = monthsBetween(f.from, f.to);
  const previous = previousPeriod(f.from, f.to);

  const total = figuresBy(sqlite, f, `'all'`, dim).get('all') ?? figuresOf(undefined);

  const projectFigures = figuresBy(sqlite, f, 'project_id', dim);
  const projectVisits = countsBy(sqlite, 'visit_monthly', f, 'project_id');
  const projectIssues = countsBy(sqlite, 'issue_monthly', f, 'project_id');
  const visits = sum(projectVisits);
  const issues = sum(projectIssues);
  const projectIds = [...new Set([...projectFigures.keys(), ...projectVisits.keys(), ...projectIssues.keys()])] as number[];
  const names = projectNames(sqlite, projectIds);
  const byProject = projectIds
    .map((id) => ({ projectId: id, projectName: names.get(id) ?? String(id), ...(projectFigures.get(id) ?? figuresOf(undefined)), visits: projectVisits.get(id) ?? 0, issues: projectIssues.get(id) ?? 0 }))
    .sort((a, b) => a.projectName.localeCompare(b.projectName, 'zh-CN'));

  const pointFigures = figuresBy(sqlite, f, 'checkpoint', dim);
  const pointVisits = countsBy(sqlite, 'visit_monthly', f, 'checkpoint');
  const byCheckpoint = [1, 2, 3, 4, 5, 6, 7]
    .filter((c) => pointFigures.has(c) || pointVisits.has(c))
    .map((c) => ({ checkpoint: c, ...(pointFigures.get(c) ?? figuresOf(undefined)), visits: pointVisits.get(c) ?? 0 }));

  const w = cellsWhere(f, f.from, f.to);
  const dimensionRows = sqlite
    .prepare(`select dimension as k, sum(rating_sum) as rs, sum(rating_count) as rc, sum(rating_satisfied) as sat, 0 as pro, 0 as pas, 0 as det from feedback_monthly where ${w.sql} group by 1`)
    .all(...w.params) as FigureRow[];
  const byDimension = dimensionRows.filter((r) => r.k !== 'other' && r.rc > 0).map((r) => ({ dimension: String(r.k), ...figuresOf(r) }));

  const monthFigures = figuresBy(sqlite, f, 'month', dim);
  const monthVisits = countsBy(sqlite, 'visit_monthly', f, 'month');
  const monthIssues = countsBy(sqlite, 'issue_monthly', f, 'month');
  const trend = months.map((m) => ({ month: m, ...(monthFigures.get(m) ?? figuresOf(undefined)), visits: monthVisits.get(m) ?? 0, issues: monthIssues.get(m) ?? 0 }));

  const dimension = issueDimension(f);
  const cellRows = sqlite
    .prepare(`select project_id as p, category_id as c, sum(items) as n from issue_monthly where ${w.sql}${dimension.sql} group by 1, 2`)
    .all(...w.params, ...dimension.params) as { p: number; c: number; n: number }[];
  const current = new Map<number | string, number>();
  for (const r of cellRows) current.set(r.c, (current.get(r.c) ?? 0) + r.n);
  const before = countsBy(sqlite, 'issue_monthly', f, 'category_id', previous.from, previous.to);
  const categories = categoryLabels(sqlite);
  const heatProjects = [...new Set(cellRows.map((r) => r.p))].map((id) => ({ id, name: names.get(id) ?? String(id) })).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
  const heatCategories = [...new Set(cellRows.map((r) => r.c))].sort((a, b) => (current.get(b) ?? 0) - (current.get(a) ?? 0) || a - b).map((id) => ({ id, label: categories.get(id)!.label }));
  const pIndex = new Map(heatProjects.map((p, i) => [p.id, i]));
  const cIndex = new Map(heatCategories.map((c, i) => [c.id, i]));
  const topCategories = [...new Set([...current.keys(), ...before.keys()])]
    .map((id) => ({ categoryId: id as number, label: categories.get(id as number)!.label, dimension: categories.get(id as number)!.dimension, current: current.get(id) ?? 0, previous: before.get(id) ?? 0 }))
    .sort((a, b) => b.current - a.current || b.previous - a.previous || a.categoryId - b.categoryId)
    .slice(0, 10);

  return {
    months,
    previous,
    summary: { ...total, visits, issues },
    byProject,
    byCheckpoint,
    byDimension,
    trend,
    heatmap: { projects: heatProjects, categories: heatCategories, cells: cellRows.map((r) => [pIndex.get(r.p)!, cIndex.get(r.c)!, r.n]) },
    topCategories,
  };
}

export function projectNames(sqlite: BetterSqlite3.Database, ids: number[]): Map<number, string> {
  if (ids.length === 0) return new Map();
  const rows = sqlite.prepare(`select id, name from projects where id in (${ids.map(() => '?').join(', ')})`).all(...ids) as { id: number; name: string }[];
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Every category's label and dimension (a few dozen rows), for naming figures. */
export function categoryLabels(sqlite: BetterSqlite3.Database): Map<number, { label: Label; dimension: Dimension }> {
  const rows = sqlite.prepare('select id, name_zh, name_en, dimension from issue_categories').all() as { id: number; name_zh: string; name_en: string; dimension: Dimension }[];
  return new Map(rows.map((r) => [r.id, { label: { zh: r.name_zh, en: r.name_en }, dimension: r.dimension }]));
}

/** The query plans of the view's aggregations, for the benchmark's report. */
export function analysisQueryPlans(db: Db, f: AnalysisFilter): Record<string, string[]> {
  const w = cellsWhere(f, f.from, f.to);
  const plan = (q: string) => (db.sqlite.prepare(`explain query plan ${q}`).all(...w.params) as { detail: string }[]).map((r) => r.detail);
  return {
    feedback: plan(`select project_id, sum(rating_sum) from feedback_monthly where ${w.sql} group by 1`),
    visits: plan(`select month, sum(visits) from visit_monthly where ${w.sql} group by 1`),
    issues: plan(`select project_id, category_id, sum(items) from issue_monthly where ${w.sql} group by 1, 2`),
  };
}

/** Recomputes every monthly total from the responses (after a bulk load that bypassed recordVisit). */
export function rebuildMonthlyTotals(db: Db): void {
  db.sqlite.transaction(() => {
    for (const table of ['visit_monthly', 'feedback_monthly', 'issue_monthly']) db.sqlite.prepare(`delete from ${table}`).run();
    db.sqlite.prepare(`insert into visit_monthly (region_id, project_id, checkpoint, month, visits) select region_id, project_id, checkpoint, substr(visited_on, 1, 7), count(*) from visits group by 1, 2, 3, 4`).run();
    db.sqlite
      .prepare(
        `insert into feedback_monthly (region_id, project_id, checkpoint, dimension, month, rating_sum, rating_count, rating_satisfied, promoters, passives, detractors)
         select v.region_id, v.project_id, v.checkpoint, coalesce(a.dimension, case when a.question_key = 'overall' then 'overall' else 'other' end), substr(v.visited_on, 1, 7),
           sum(case when a.type = 'rating' then a.num else 0 end), sum(a.type = 'rating'), sum(a.type = 'rating' and a.num >= 4),
           sum(a.type = 'nps' and a.num >= 9), sum(a.type = 'nps' and a.num between 7 and 8), sum(a.type = 'nps' and a.num <= 6)
         from visit_answers a join visits v on v.id = a.visit_id where a.type in ('rating', 'nps') and a.num is not null group by 1, 2, 3, 4, 5`,
      )
      .run();
    db.sqlite
      .prepare(
        `insert into issue_monthly (region_id, project_id, checkpoint, category_id, month, items)
         select v.region_id, i.project_id, i.checkpoint, i.category_id, substr(i.visited_on, 1, 7), count(*) from visit_issues i join visits v on v.id = i.visit_id group by 1, 2, 3, 4, 5`,
      )
      .run();
  })();
}
