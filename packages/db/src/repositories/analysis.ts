import {
  DIMENSIONS,
  monthsBetween,
  npsOf,
  previousPeriod,
  ratingSummary,
  type Dimension,
  type Label,
  type MonthKey,
} from '@frontline/core';
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { explainQueryPlan } from '../dialect/index.ts';
import type { Db } from '../open.ts';
import { executorOf, type Executor, type Reader } from '../unit-of-work.ts';
import { oneOf } from './columns.ts';

/**
 * The analysis views, read from the monthly totals (bulk/monthly-totals.ts
 * keeps them): a region's dashboard sums a few thousand cells however many
 * responses lie behind them; drill-down goes to the responses themselves.
 * Also what the roll-up reads to name its figures: issue categories and
 * project names.
 */

/** Every category's label and dimension (a few dozen rows), for naming figures. */
export async function issueCategoryLabels(x: Reader): Promise<Map<number, { label: Label; dimension: Dimension }>> {
  const rows = await executorOf(x)
    .selectFrom('issue_categories')
    .select(['id', 'name_zh', 'name_en', 'dimension'])
    .execute();
  return new Map(
    rows.map((r) => [
      r.id,
      {
        label: { zh: r.name_zh, en: r.name_en },
        dimension: oneOf(DIMENSIONS, r.dimension, 'issue_categories.dimension'),
      },
    ]),
  );
}

export async function projectNamesOf(x: Reader, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await executorOf(x)
    .selectFrom('projects')
    .select(['id', 'name'])
    .where('id', 'in', [...ids])
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export type AnalysisFilter = {
  from: MonthKey;
  to: MonthKey;
  regionId?: number | undefined;
  projectId?: number | undefined;
  checkpoint?: number | undefined;
  dimension?: Dimension | undefined;
  /** The caller's scope: the regions or projects they may see. */
  regionIds?: number[];
  projectIds?: number[];
};

type Figures = {
  average: number | null;
  satisfiedShare: number | null;
  ratings: number;
  nps: number | null;
  npsAnswers: number;
};
export type AnalysisView = {
  months: MonthKey[];
  previous: { from: MonthKey; to: MonthKey };
  summary: Figures & { visits: number; issues: number };
  byProject: (Figures & { projectId: number; projectName: string; visits: number; issues: number })[];
  byCheckpoint: (Figures & { checkpoint: number; visits: number })[];
  byDimension: (Figures & { dimension: string })[];
  trend: (Figures & { month: MonthKey; visits: number; issues: number })[];
  heatmap: {
    projects: { id: number; name: string }[];
    categories: { id: number; label: Label }[];
    cells: [number, number, number][];
  };
  topCategories: { categoryId: number; label: Label; dimension: Dimension; current: number; previous: number }[];
};

/** The cells a filter selects (every totals table has these columns); `month` is bounded by the given range. */
function cellsWhere(f: AnalysisFilter, from: MonthKey, to: MonthKey): RawBuilder<SqlBool> {
  const parts = [sql`month between ${from} and ${to}`];
  if (f.regionId !== undefined) parts.push(sql`region_id = ${f.regionId}`);
  if (f.projectId !== undefined) parts.push(sql`project_id = ${f.projectId}`);
  if (f.checkpoint !== undefined) parts.push(sql`checkpoint = ${f.checkpoint}`);
  if (f.regionIds) parts.push(f.regionIds.length ? sql`region_id in (${sql.join(f.regionIds)})` : sql`1 = 0`);
  if (f.projectIds) parts.push(f.projectIds.length ? sql`project_id in (${sql.join(f.projectIds)})` : sql`1 = 0`);
  return sql<SqlBool>`${sql.join(parts, sql` and `)}`;
}

/** Issue cells of the filter's dimension: their categories belong to it. */
function issueDimension(f: AnalysisFilter): RawBuilder<SqlBool> {
  return f.dimension
    ? sql<SqlBool>`category_id in (select id from issue_categories where dimension = ${f.dimension})`
    : sql<SqlBool>`1 = 1`;
}

/** What figures are grouped by: a column of the totals, or one constant group. */
type GroupKey = 'all' | 'project_id' | 'checkpoint' | 'month' | 'category_id';
const keyOf = (key: GroupKey) => (key === 'all' ? sql<string>`'all'` : sql<number | string>`${sql.ref(key)}`);

type FigureRow = { rs: number; rc: number; sat: number; pro: number; pas: number; det: number };

function figuresOf(r: FigureRow | undefined): Figures {
  const rating = ratingSummary({ sum: r?.rs ?? 0, count: r?.rc ?? 0, satisfied: r?.sat ?? 0 });
  const t = { promoters: r?.pro ?? 0, passives: r?.pas ?? 0, detractors: r?.det ?? 0 };
  return {
    average: rating.average,
    satisfiedShare: rating.satisfiedShare,
    ratings: rating.count,
    nps: npsOf(t),
    npsAnswers: t.promoters + t.passives + t.detractors,
  };
}

/**
 * Ratings of one dimension (the overall question when none is chosen) and NPS
 * from every NPS question, grouped by `key`.
 */
function figuresQuery(k: Executor, f: AnalysisFilter, key: GroupKey, ratingDimension: string) {
  const rated = (column: 'rating_sum' | 'rating_count' | 'rating_satisfied') =>
    sql<number>`sum(case when dimension = ${ratingDimension} then ${sql.ref(column)} else 0 end)`;
  return k
    .selectFrom('feedback_monthly')
    .select([
      keyOf(key).as('k'),
      rated('rating_sum').as('rs'),
      rated('rating_count').as('rc'),
      rated('rating_satisfied').as('sat'),
      sql<number>`sum(promoters)`.as('pro'),
      sql<number>`sum(passives)`.as('pas'),
      sql<number>`sum(detractors)`.as('det'),
    ])
    .where(cellsWhere(f, f.from, f.to))
    .groupBy(sql`1`);
}

async function figuresBy(
  k: Executor,
  f: AnalysisFilter,
  key: GroupKey,
  ratingDimension: string,
): Promise<Map<number | string, Figures>> {
  const rows = await figuresQuery(k, f, key, ratingDimension).execute();
  return new Map(rows.map((r) => [r.k, figuresOf(r)]));
}

function countsQuery(
  k: Executor,
  table: 'visit_monthly' | 'issue_monthly',
  f: AnalysisFilter,
  key: GroupKey,
  from: MonthKey,
  to: MonthKey,
) {
  const q = k.selectFrom(table).where(cellsWhere(f, from, to));
  return table === 'visit_monthly'
    ? q.select([keyOf(key).as('k'), sql<number>`sum(visits)`.as('n')]).groupBy(sql`1`)
    : q
        .select([keyOf(key).as('k'), sql<number>`sum(items)`.as('n')])
        .where(issueDimension(f))
        .groupBy(sql`1`);
}

async function countsBy(
  k: Executor,
  table: 'visit_monthly' | 'issue_monthly',
  f: AnalysisFilter,
  key: GroupKey,
  from = f.from,
  to = f.to,
): Promise<Map<number | string, number>> {
  const rows = await countsQuery(k, table, f, key, from, to).execute();
  return new Map(rows.map((r) => [r.k, r.n]));
}

function heatmapQuery(k: Executor, f: AnalysisFilter) {
  return k
    .selectFrom('issue_monthly')
    .select(['project_id as p', 'category_id as c', sql<number>`sum(items)`.as('n')])
    .where(cellsWhere(f, f.from, f.to))
    .where(issueDimension(f))
    .groupBy(['project_id', 'category_id']);
}

const sum = (m: Map<unknown, number>) => [...m.values()].reduce((a, b) => a + b, 0);
const numberKeys = (m: Map<number | string, unknown>) =>
  [...m.keys()].filter((k): k is number => typeof k === 'number');

/** Every figure of the analysis page for a filter, from the monthly totals. */
export async function analysisView(x: Reader, f: AnalysisFilter): Promise<AnalysisView> {
  const k = executorOf(x);
  const dim = f.dimension ?? 'overall';
  const months = monthsBetween(f.from, f.to);
  const previous = previousPeriod(f.from, f.to);

  const [
    totals,
    projectFigures,
    projectVisits,
    projectIssues,
    pointFigures,
    pointVisits,
    dimensionRows,
    monthFigures,
    monthVisits,
    monthIssues,
    cellRows,
    before,
    categories,
  ] = await Promise.all([
    figuresBy(k, f, 'all', dim),
    figuresBy(k, f, 'project_id', dim),
    countsBy(k, 'visit_monthly', f, 'project_id'),
    countsBy(k, 'issue_monthly', f, 'project_id'),
    figuresBy(k, f, 'checkpoint', dim),
    countsBy(k, 'visit_monthly', f, 'checkpoint'),
    k
      .selectFrom('feedback_monthly')
      .select([
        'dimension',
        sql<number>`sum(rating_sum)`.as('rs'),
        sql<number>`sum(rating_count)`.as('rc'),
        sql<number>`sum(rating_satisfied)`.as('sat'),
      ])
      .where(cellsWhere(f, f.from, f.to))
      .groupBy('dimension')
      .execute(),
    figuresBy(k, f, 'month', dim),
    countsBy(k, 'visit_monthly', f, 'month'),
    countsBy(k, 'issue_monthly', f, 'month'),
    heatmapQuery(k, f).execute(),
    countsBy(k, 'issue_monthly', f, 'category_id', previous.from, previous.to),
    issueCategoryLabels(k),
  ]);
  const total = totals.get('all') ?? figuresOf(undefined);

  const visits = sum(projectVisits);
  const issues = sum(projectIssues);
  const projectIds = [
    ...new Set([...numberKeys(projectFigures), ...numberKeys(projectVisits), ...numberKeys(projectIssues)]),
  ];
  const names = await projectNamesOf(k, projectIds);
  const byProject = projectIds
    .map((id) => ({
      projectId: id,
      projectName: names.get(id) ?? String(id),
      ...(projectFigures.get(id) ?? figuresOf(undefined)),
      visits: projectVisits.get(id) ?? 0,
      issues: projectIssues.get(id) ?? 0,
    }))
    .sort((a, b) => a.projectName.localeCompare(b.projectName, 'zh-CN'));

  const byCheckpoint = [1, 2, 3, 4, 5, 6, 7]
    .filter((c) => pointFigures.has(c) || pointVisits.has(c))
    .map((c) => ({ checkpoint: c, ...(pointFigures.get(c) ?? figuresOf(undefined)), visits: pointVisits.get(c) ?? 0 }));

  const byDimension = dimensionRows
    .filter((r) => r.dimension !== 'other' && r.rc > 0)
    .map((r) => ({ dimension: r.dimension, ...figuresOf({ ...r, pro: 0, pas: 0, det: 0 }) }));

  const trend = months.map((m) => ({
    month: m,
    ...(monthFigures.get(m) ?? figuresOf(undefined)),
    visits: monthVisits.get(m) ?? 0,
    issues: monthIssues.get(m) ?? 0,
  }));

  const current = new Map<number | string, number>();
  for (const r of cellRows) current.set(r.c, (current.get(r.c) ?? 0) + r.n);
  const heatProjects = [...new Set(cellRows.map((r) => r.p))]
    .map((id) => ({ id, name: names.get(id) ?? String(id) }))
    .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
  const heatCategories = [...new Set(cellRows.map((r) => r.c))]
    .sort((a, b) => (current.get(b) ?? 0) - (current.get(a) ?? 0) || a - b)
    .map((id) => ({ id, label: categories.get(id)!.label }));
  const pIndex = new Map(heatProjects.map((p, i) => [p.id, i]));
  const cIndex = new Map(heatCategories.map((c, i) => [c.id, i]));
  const topCategories = [...new Set([...numberKeys(current), ...numberKeys(before)])]
    .map((id) => ({
      categoryId: id,
      label: categories.get(id)!.label,
      dimension: categories.get(id)!.dimension,
      current: current.get(id) ?? 0,
      previous: before.get(id) ?? 0,
    }))
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
    heatmap: {
      projects: heatProjects,
      categories: heatCategories,
      cells: cellRows.map((r) => [pIndex.get(r.p)!, cIndex.get(r.c)!, r.n]),
    },
    topCategories,
  };
}

/** The query plans of the view's aggregations, for the benchmark's report. */
export async function analysisQueryPlans(db: Db, f: AnalysisFilter): Promise<Record<string, string[]>> {
  return {
    feedback: await explainQueryPlan(db.kysely, figuresQuery(db.kysely, f, 'project_id', 'overall').compile()),
    visits: await explainQueryPlan(
      db.kysely,
      countsQuery(db.kysely, 'visit_monthly', f, 'month', f.from, f.to).compile(),
    ),
    issues: await explainQueryPlan(db.kysely, heatmapQuery(db.kysely, f).compile()),
  };
}
