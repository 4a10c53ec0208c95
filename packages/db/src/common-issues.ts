import {
  addDaysIso,
  applyPlanMove,
  COMMON_ISSUE_STATUS_LABELS,
  DEFAULT_DETECTION,
  detectCommonIssues,
  explainMatch,
  groupKeywords,
  issueWords,
  isSafeEmail,
  planReopened,
  reopensPlan,
  type AppError,
  type CommonIssueStatus,
  type DetectionSettings,
  type Dimension,
  type GroupingItem,
  type IsoDate,
  type Label,
  type Result,
  type SuggestedGroup,
} from '@frontline/core';
import type BetterSqlite3 from 'better-sqlite3';
import { categoryLabels, projectNames } from './analysis.ts';
import { writeAuditSync, type AuditContext } from './audit.ts';
import { exclusive, type Db } from './open.ts';
import { enqueueMailSync } from './bulk/outbox.ts';
import type { MailSettings } from '@frontline/core';
import { Refusal, refusing } from './refusal.ts';

/**
 * Common issues (共性问题): detection runs over the issue items not yet
 * placed, attaching new reports to the issues customer relations reviewed and
 * replacing the unreviewed suggestions; review confirms, dismisses, merges
 * and splits. A run reads outside the write lock (it can take seconds on a
 * large group) and writes in one short transaction that only touches items
 * still unplaced, so a review made meanwhile is never undone.
 */

export type CommonIssueSummary = {
  id: number;
  status: CommonIssueStatus;
  categoryId: number;
  categoryLabel: Label;
  dimension: Dimension;
  title: string;
  keywords: string[];
  scope: 'project' | 'cross_project';
  reason: Record<string, unknown>;
  items: number;
  households: number;
  projects: { id: number; name: string; regionId: number }[];
  firstReported: IsoDate | null;
  latestReported: IsoDate | null;
  plans: { id: number; kind: string; status: string; title: string }[];
  dismissReason: string | null;
  mergedInto: number | null;
  reviewedAt: number | null;
  updatedAt: number;
};

export type CommonIssueItem = {
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
  words: string[];
  shared: string[];
};

export async function getDetectionSettings(db: Db): Promise<DetectionSettings & { updatedAt: number | null }> {
  const r = db.sqlite.prepare('select similarity, min_households, min_share, min_share_households, updated_at from rollup_settings where id = 1').get() as
    | { similarity: number; min_households: number; min_share: number; min_share_households: number; updated_at: number }
    | undefined;
  if (!r) return { ...DEFAULT_DETECTION, updatedAt: null };
  return { similarity: r.similarity, minHouseholds: r.min_households, minShare: r.min_share, minShareHouseholds: r.min_share_households, updatedAt: r.updated_at };
}

export async function saveDetectionSettings(db: Db, s: DetectionSettings, ctx: AuditContext): Promise<void> {
  const before = await getDetectionSettings(db);
  await exclusive(db, () => {
    db.sqlite
      .prepare(
        `insert into rollup_settings (id, similarity, min_households, min_share, min_share_households, updated_at, updated_by) values (1, ?, ?, ?, ?, ?, ?)
         on conflict (id) do update set similarity = excluded.similarity, min_households = excluded.min_households, min_share = excluded.min_share,
           min_share_households = excluded.min_share_households, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      )
      .run(s.similarity, s.minHouseholds, s.minShare, s.minShareHouseholds, ctx.at, ctx.actorId);
    writeAuditSync(db.sqlite, ctx, { action: 'rollup.settings', entity: 'rollup_settings', entityId: 1, before, after: s });
  });
}

export type DetectionReport = { runId: number; items: number; attached: number; suggestions: number; belowThreshold: number; reopened: number; ms: number };

type ItemRow = { id: number; category_id: number; project_id: number; checkpoint: number; visited_on: string; description: string; hh: string };

/** What a run reads: issue items of the window not yet placed with a reviewed issue, with their households. */
function readUnplaced(sqlite: BetterSqlite3.Database, from: IsoDate): GroupingItem[] {
  const rows = sqlite
    .prepare(
      `select vi.id, vi.category_id, vi.project_id, vi.checkpoint, vi.visited_on, vi.description,
         (select group_concat(vh.household_id) from visit_households vh where vh.visit_id = vi.visit_id) as hh
       from visit_issues vi
       left join common_issue_items ci on ci.item_id = vi.id
       left join common_issues c on c.id = ci.common_issue_id
       where vi.visited_on >= ? and (ci.item_id is null or c.status = 'suggested')`,
    )
    .all(from) as ItemRow[];
  return rows.map((r) => ({
    id: r.id,
    categoryId: r.category_id,
    projectId: r.project_id,
    checkpoint: r.checkpoint,
    visitedOn: r.visited_on,
    description: r.description,
    householdIds: r.hh ? r.hh.split(',').map(Number) : [],
  }));
}

/**
 * Runs detection over the last `windowDays` of issue items. New reports of a
 * confirmed issue whose plan is closed reopen that plan (and tell its owner)
 * when they come from households the plan was meant to fix.
 */
export async function runDetection(
  db: Db,
  o: { today: IsoDate; windowDays?: number; mail: MailSettings | null; onProgress?: (step: string) => void },
  ctx: AuditContext,
): Promise<DetectionReport> {
  const started = performance.now();
  const settings = await getDetectionSettings(db);
  const from = addDaysIso(o.today, -(o.windowDays ?? 365));
  o.onProgress?.('read');
  const items = readUnplaced(db.sqlite, from);
  const anchors = (db.sqlite.prepare(`select id, category_id, keywords from common_issues where status in ('confirmed', 'dismissed')`).all() as { id: number; category_id: number; keywords: string }[]).map(
    (a) => ({ id: a.id, categoryId: a.category_id, keywords: JSON.parse(a.keywords) as string[] }),
  );
  const respondentRows = db.sqlite
    .prepare(
      `select v.project_id as p, v.checkpoint as c, count(distinct vh.household_id) as n
       from visits v join visit_households vh on vh.visit_id = v.id where v.visited_on >= ? group by 1, 2`,
    )
    .all(from) as { p: number; c: number; n: number }[];
  const respondents = new Map(respondentRows.map((r) => [`${r.p}:${r.c}`, r.n]));
  o.onProgress?.('group');
  const detection = detectCommonIssues(items, anchors, (p, c) => respondents.get(`${p}:${c}`) ?? 0, settings);
  o.onProgress?.('write');
  const byId = new Map(items.map((i) => [i.id, i]));
  const labels = categoryLabels(db.sqlite);

  return exclusive(db, () => {
    const s = db.sqlite;
    const previous = s.prepare(`select ci.item_id, ci.common_issue_id from common_issue_items ci join common_issues c on c.id = ci.common_issue_id where c.status = 'suggested'`).all() as { item_id: number; common_issue_id: number }[];
    const oldOf = new Map(previous.map((r) => [r.item_id, r.common_issue_id]));
    s.prepare(`delete from common_issue_items where common_issue_id in (select id from common_issues where status = 'suggested')`).run();
    const link = s.prepare('insert into common_issue_items (item_id, common_issue_id, similarity, attached_at) values (?, ?, ?, ?) on conflict (item_id) do nothing');
    const stillAnchor = new Set((s.prepare(`select id from common_issues where status in ('confirmed', 'dismissed')`).pluck().all() as number[]));

    const attachedByAnchor = new Map<number, GroupingItem[]>();
    let attached = 0;
    for (const a of detection.attached) {
      if (!stillAnchor.has(a.anchorId)) continue;
      if (link.run(a.itemId, a.anchorId, a.similarity, ctx.at).changes === 0) continue;
      attached++;
      const list = attachedByAnchor.get(a.anchorId) ?? [];
      list.push(byId.get(a.itemId)!);
      attachedByAnchor.set(a.anchorId, list);
    }

    // A suggestion keeps its id when it is mostly the same items as before, so a reviewer's open page stays valid.
    const reused = new Set<number>();
    const insert = s.prepare(
      `insert into common_issues (status, category_id, dimension, title, keywords, scope, reason, created_at, updated_at) values ('suggested', ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const update = s.prepare(`update common_issues set title = ?, keywords = ?, scope = ?, reason = ?, updated_at = ? where id = ? and status = 'suggested'`);
    for (const g of detection.suggestions) {
      const votes = new Map<number, number>();
      for (const { id } of g.items) {
        const old = oldOf.get(id);
        if (old !== undefined && !reused.has(old)) votes.set(old, (votes.get(old) ?? 0) + 1);
      }
      const keep = [...votes].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0];
      const category = labels.get(g.categoryId)!;
      const title = suggestedTitle(category.label.zh, g);
      let id: number;
      if (keep !== undefined && update.run(title, JSON.stringify(g.keywords), g.scope, JSON.stringify(g.reason), ctx.at, keep).changes === 1) {
        id = keep;
        reused.add(keep);
      } else {
        id = Number(insert.run(g.categoryId, category.dimension, title, JSON.stringify(g.keywords), g.scope, JSON.stringify(g.reason), ctx.at, ctx.at).lastInsertRowid);
      }
      for (const item of g.items) link.run(item.id, id, item.similarity, ctx.at);
    }
    const stale = [...new Set(oldOf.values())].filter((id) => !reused.has(id));
    const drop = s.prepare(`delete from common_issues where id = ? and status = 'suggested'`);
    for (const id of stale) drop.run(id);

    const reopened = reopenPlans(s, attachedByAnchor, o.mail, ctx);
    const ms = Math.round(performance.now() - started);
    const runId = Number(
      s
        .prepare('insert into detection_runs (started_at, ms, items, attached, suggestions, below_threshold, reopened, settings, actor_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run(ctx.at, ms, items.length, attached, detection.suggestions.length, detection.belowThreshold, reopened, JSON.stringify(settings), ctx.actorId).lastInsertRowid,
    );
    return { runId, items: items.length, attached, suggestions: detection.suggestions.length, belowThreshold: detection.belowThreshold, reopened, ms };
  });
}

function suggestedTitle(category: string, g: SuggestedGroup): string {
  const words = g.keywords.slice(0, 3).join('、');
  return (words ? `${category}：${words}` : category).slice(0, 80);
}

/** Reopens closed plans whose households reported their issue again after closing; tells each owner. */
function reopenPlans(s: BetterSqlite3.Database, attachedByAnchor: Map<number, GroupingItem[]>, mail: MailSettings | null, ctx: AuditContext): number {
  let reopened = 0;
  const plansOf = s.prepare(`select p.id, p.title, p.closed_on, p.owner_id, e.name, e.email from improvement_plans p join employees e on e.id = p.owner_id where p.common_issue_id = ? and p.status = 'closed'`);
  const householdsBefore = s.prepare(
    `select distinct vh.household_id from common_issue_items ci join visit_issues vi on vi.id = ci.item_id join visit_households vh on vh.visit_id = vi.visit_id
     where ci.common_issue_id = ? and vi.visited_on <= ?`,
  );
  for (const [anchorId, items] of attachedByAnchor) {
    for (const p of plansOf.all(anchorId) as { id: number; title: string; closed_on: string; owner_id: number; name: string; email: string | null }[]) {
      const households = new Set(householdsBefore.pluck().all(anchorId, p.closed_on) as number[]);
      const plan = { status: 'closed' as const, closedOn: p.closed_on, householdIds: households };
      const reports = items.filter((i) => reopensPlan(plan, i));
      if (reports.length === 0) continue;
      const move = applyPlanMove({ status: 'closed', actions: [], evidenceNotes: '', evidencePhotos: 0, affectedHouseholds: households.size, verifications: [] }, 'reopen');
      if (!move.ok) continue;
      s.prepare(`update improvement_plans set status = ?, closed_on = null, updated_at = ? where id = ?`).run(move.value, ctx.at, p.id);
      const note = `再次反映 ${reports.length} 条（条目 ${reports.map((r) => r.id).join(', ')}）`;
      s.prepare('insert into plan_events (plan_id, at, actor_id, move, from_status, to_status, note) values (?, ?, ?, ?, ?, ?, ?)').run(p.id, ctx.at, ctx.actorId, 'reopen', 'closed', move.value, note);
      writeAuditSync(s, ctx, { action: 'plan.reopen', entity: 'improvement_plan', entityId: p.id, before: { status: 'closed' }, after: { status: move.value, items: reports.map((r) => r.id) } });
      if (mail && p.email && isSafeEmail(p.email)) {
        enqueueMailSync(s, { ...planReopened({ to: { name: p.name, email: p.email }, planId: p.id, planTitle: p.title, reports: reports.length, link: `${mail.origin}/plans/${p.id}`, at: ctx.at }), employeeId: p.owner_id }, ctx.at, mail.host);
      }
      reopened++;
    }
  }
  return reopened;
}

export type CommonIssueFilter = { status?: CommonIssueStatus; categoryId?: number; projectId?: number; regionIds?: number[]; projectIds?: number[] };

type IssueRow = {
  id: number; status: CommonIssueStatus; category_id: number; dimension: Dimension; title: string; keywords: string; scope: 'project' | 'cross_project';
  reason: string; dismiss_reason: string | null; merged_into: number | null; reviewed_at: number | null; updated_at: number;
};

/** The list shows the most recent issues; like plans and defects, it never grows with the whole history. */
const COMMON_ISSUE_LIST_LIMIT = 500;

/** Common issues with their figures, newest report first; scoped to those touching the caller's projects. */
export async function listCommonIssues(db: Db, f: CommonIssueFilter): Promise<CommonIssueSummary[]> {
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (f.status) {
    where.push('status = ?');
    params.push(f.status);
  }
  else where.push(`status != 'merged'`);
  if (f.categoryId) {
    where.push('category_id = ?');
    params.push(f.categoryId);
  }
  const rows = db.sqlite.prepare(`select * from common_issues where ${where.join(' and ')}`).all(...params) as IssueRow[];
  const summaries = summarise(db.sqlite, rows);
  return summaries
    .filter((s) => (f.projectId === undefined || s.projects.some((p) => p.id === f.projectId)) && commonIssueInScope(s, f))
    .sort((a, b) => (b.latestReported ?? '').localeCompare(a.latestReported ?? '') || b.households - a.households || b.id - a.id)
    .slice(0, COMMON_ISSUE_LIST_LIMIT);
}

/** A common issue is in a scope when any of its reports came from a project the scope covers. */
export function commonIssueInScope(s: Pick<CommonIssueSummary, 'projects'>, f: { regionIds?: number[]; projectIds?: number[] }): boolean {
  if (f.regionIds && !s.projects.some((p) => f.regionIds!.includes(p.regionId))) return false;
  if (f.projectIds && !s.projects.some((p) => f.projectIds!.includes(p.id))) return false;
  return true;
}

function summarise(s: BetterSqlite3.Database, rows: IssueRow[]): CommonIssueSummary[] {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const marks = ids.map(() => '?').join(', ');
  const figures = new Map(
    (s
      .prepare(
        `select ci.common_issue_id as id, count(*) as items, min(vi.visited_on) as first, max(vi.visited_on) as latest, group_concat(distinct vi.project_id) as projects
         from common_issue_items ci join visit_issues vi on vi.id = ci.item_id where ci.common_issue_id in (${marks}) group by 1`,
      )
      .all(...ids) as { id: number; items: number; first: string; latest: string; projects: string }[]).map((r) => [r.id, r]),
  );
  const households = new Map(
    (s
      .prepare(
        `select ci.common_issue_id as id, count(distinct vh.household_id) as n from common_issue_items ci join visit_issues vi on vi.id = ci.item_id
         join visit_households vh on vh.visit_id = vi.visit_id where ci.common_issue_id in (${marks}) group by 1`,
      )
      .all(...ids) as { id: number; n: number }[]).map((r) => [r.id, r.n]),
  );
  const plans = s.prepare(`select id, common_issue_id, kind, status, title from improvement_plans where common_issue_id in (${marks}) order by id`).all(...ids) as {
    id: number; common_issue_id: number; kind: string; status: string; title: string;
  }[];
  const projectIds = [...new Set([...figures.values()].flatMap((f) => f.projects.split(',').map(Number)))];
  const projects = new Map(
    projectIds.length === 0 ? [] : (s.prepare(`select id, name, region_id from projects where id in (${projectIds.map(() => '?').join(', ')})`).all(...projectIds) as { id: number; name: string; region_id: number }[]).map((p) => [p.id, { id: p.id, name: p.name, regionId: p.region_id }]),
  );
  const labels = categoryLabels(s);
  return rows.map((r) => {
    const f = figures.get(r.id);
    return {
      id: r.id,
      status: r.status,
      categoryId: r.category_id,
      categoryLabel: labels.get(r.category_id)!.label,
      dimension: r.dimension,
      title: r.title,
      keywords: JSON.parse(r.keywords) as string[],
      scope: r.scope,
      reason: JSON.parse(r.reason) as Record<string, unknown>,
      items: f?.items ?? 0,
      households: households.get(r.id) ?? 0,
      projects: f ? f.projects.split(',').map(Number).map((id) => projects.get(id)!).sort((a, b) => a.id - b.id) : [],
      firstReported: f?.first ?? null,
      latestReported: f?.latest ?? null,
      plans: plans.filter((p) => p.common_issue_id === r.id).map(({ id, kind, status, title }) => ({ id, kind, status, title })),
      dismissReason: r.dismiss_reason,
      mergedInto: r.merged_into,
      reviewedAt: r.reviewed_at,
      updatedAt: r.updated_at,
    };
  });
}

export async function getCommonIssue(db: Db, id: number): Promise<CommonIssueSummary | undefined> {
  const row = db.sqlite.prepare('select * from common_issues where id = ?').get(id) as IssueRow | undefined;
  return row && summarise(db.sqlite, [row])[0];
}

/** The items of a common issue, with the words each shares with the issue's key words (why it is there). */
export async function commonIssueItems(db: Db, id: number, keywords: readonly string[]): Promise<CommonIssueItem[]> {
  const rows = db.sqlite
    .prepare(
      `select vi.id, vi.visit_id, vi.description, vi.severity, vi.project_id, vi.checkpoint, vi.visited_on, ci.similarity,
         (select group_concat(vh.household_id) from visit_households vh where vh.visit_id = vi.visit_id) as hh
       from common_issue_items ci join visit_issues vi on vi.id = ci.item_id where ci.common_issue_id = ? order by vi.visited_on desc, vi.id desc limit 2000`,
    )
    .all(id) as { id: number; visit_id: number; description: string; severity: string; project_id: number; checkpoint: number; visited_on: string; similarity: number; hh: string | null }[];
  const names = projectNames(db.sqlite, [...new Set(rows.map((r) => r.project_id))]);
  return rows.map((r) => ({
    id: r.id,
    visitId: r.visit_id,
    description: r.description,
    severity: r.severity,
    projectId: r.project_id,
    projectName: names.get(r.project_id) ?? '',
    checkpoint: r.checkpoint,
    visitedOn: r.visited_on,
    householdIds: r.hh ? r.hh.split(',').map(Number) : [],
    similarity: r.similarity,
    ...explainMatch(r.description, keywords),
  }));
}

function issueOf(s: BetterSqlite3.Database, id: number): IssueRow {
  const row = s.prepare('select * from common_issues where id = ?').get(id) as IssueRow | undefined;
  if (!row) throw new Refusal({ code: 'NOT_FOUND' });
  return row;
}

const ACTION_LABELS = { confirm: { zh: '确认', en: 'confirmed' }, dismiss: { zh: '驳回', en: 'dismissed' }, merge: { zh: '合并', en: 'merged' }, split: { zh: '拆分', en: 'split' } };

function requireStatus(row: IssueRow, allowed: CommonIssueStatus[], action: keyof typeof ACTION_LABELS): void {
  if (!allowed.includes(row.status)) throw new Refusal({ code: 'COMMON_ISSUE_STATUS', params: { status: COMMON_ISSUE_STATUS_LABELS[row.status], action: ACTION_LABELS[action] } });
}

/** Key words recomputed from an issue's items, after a merge or split changed them. */
function refreshKeywords(s: BetterSqlite3.Database, id: number, at: number): void {
  const descriptions = s.prepare('select vi.description from common_issue_items ci join visit_issues vi on vi.id = ci.item_id where ci.common_issue_id = ?').pluck().all(id) as string[];
  const keywords = groupKeywords(descriptions.map((d) => issueWords(d)));
  const projects = s.prepare('select count(distinct vi.project_id) from common_issue_items ci join visit_issues vi on vi.id = ci.item_id where ci.common_issue_id = ?').pluck().get(id) as number;
  s.prepare('update common_issues set keywords = ?, scope = ?, updated_at = ? where id = ?').run(JSON.stringify(keywords), projects > 1 ? 'cross_project' : 'project', at, id);
}

export async function confirmCommonIssue(db: Db, id: number, title: string, ctx: AuditContext): Promise<Result<void, AppError>> {
  return refusing(() =>
    exclusive(db, () => {
      const row = issueOf(db.sqlite, id);
      requireStatus(row, ['suggested'], 'confirm');
      db.sqlite.prepare(`update common_issues set status = 'confirmed', title = ?, reviewed_by = ?, reviewed_at = ?, updated_at = ? where id = ?`).run(title, ctx.actorId, ctx.at, ctx.at, id);
      writeAuditSync(db.sqlite, ctx, { action: 'common_issue.confirm', entity: 'common_issue', entityId: id, before: { status: row.status, title: row.title }, after: { status: 'confirmed', title } });
    }),
  );
}

export async function dismissCommonIssue(db: Db, id: number, reason: string, ctx: AuditContext): Promise<Result<void, AppError>> {
  return refusing(() =>
    exclusive(db, () => {
      const row = issueOf(db.sqlite, id);
      requireStatus(row, ['suggested'], 'dismiss');
      db.sqlite.prepare(`update common_issues set status = 'dismissed', dismiss_reason = ?, reviewed_by = ?, reviewed_at = ?, updated_at = ? where id = ?`).run(reason, ctx.actorId, ctx.at, ctx.at, id);
      writeAuditSync(db.sqlite, ctx, { action: 'common_issue.dismiss', entity: 'common_issue', entityId: id, before: { status: row.status }, after: { status: 'dismissed', reason } });
    }),
  );
}

/** Moves every item of `id` into `intoId`; the merged issue stays as a pointer. Confirmed wins over suggested. */
export async function mergeCommonIssue(db: Db, id: number, intoId: number, ctx: AuditContext): Promise<Result<void, AppError>> {
  return refusing(() =>
    exclusive(db, () => {
      const s = db.sqlite;
      if (id === intoId) throw new Refusal({ code: 'COMMON_ISSUE_SELF', fields: { intoId: 'COMMON_ISSUE_SELF' } });
      const row = issueOf(s, id);
      const into = issueOf(s, intoId);
      requireStatus(row, ['suggested', 'confirmed'], 'merge');
      requireStatus(into, ['suggested', 'confirmed'], 'merge');
      if (row.category_id !== into.category_id) throw new Refusal({ code: 'COMMON_ISSUE_CATEGORY', fields: { intoId: 'COMMON_ISSUE_CATEGORY' } });
      if (s.prepare('select 1 from improvement_plans where common_issue_id = ?').get(id)) throw new Refusal({ code: 'COMMON_ISSUE_HAS_PLAN' });
      s.prepare('update common_issue_items set common_issue_id = ? where common_issue_id = ?').run(intoId, id);
      s.prepare(`update common_issues set status = 'merged', merged_into = ?, reviewed_by = ?, reviewed_at = ?, updated_at = ? where id = ?`).run(intoId, ctx.actorId, ctx.at, ctx.at, id);
      if (row.status === 'confirmed' && into.status === 'suggested') {
        s.prepare(`update common_issues set status = 'confirmed', reviewed_by = ?, reviewed_at = ? where id = ?`).run(ctx.actorId, ctx.at, intoId);
      }
      refreshKeywords(s, intoId, ctx.at);
      writeAuditSync(s, ctx, { action: 'common_issue.merge', entity: 'common_issue', entityId: id, before: { status: row.status }, after: { status: 'merged', into: intoId } });
    }),
  );
}

/** Moves some items of an issue to a new one of the same status; returns the new issue's id. */
export async function splitCommonIssue(db: Db, id: number, itemIds: readonly number[], title: string, ctx: AuditContext): Promise<Result<number, AppError>> {
  return refusing(() =>
    exclusive(db, () => {
      const s = db.sqlite;
      const row = issueOf(s, id);
      requireStatus(row, ['suggested', 'confirmed'], 'split');
      const own = new Set(s.prepare('select item_id from common_issue_items where common_issue_id = ?').pluck().all(id) as number[]);
      const chosen = [...new Set(itemIds)];
      if (chosen.length === 0 || chosen.length >= own.size || chosen.some((i) => !own.has(i))) throw new Refusal({ code: 'COMMON_ISSUE_SPLIT', fields: { itemIds: 'COMMON_ISSUE_SPLIT' } });
      const newId = Number(
        s
          .prepare(
            `insert into common_issues (status, category_id, dimension, title, keywords, scope, reason, reviewed_by, reviewed_at, created_at, updated_at)
             values (?, ?, ?, ?, '[]', 'project', ?, ?, ?, ?, ?)`,
          )
          .run(row.status, row.category_id, row.dimension, title, JSON.stringify({ kind: 'split', from: id }), ctx.actorId, ctx.at, ctx.at, ctx.at).lastInsertRowid,
      );
      const move = s.prepare('update common_issue_items set common_issue_id = ? where item_id = ?');
      for (const item of chosen) move.run(newId, item);
      refreshKeywords(s, id, ctx.at);
      refreshKeywords(s, newId, ctx.at);
      writeAuditSync(s, ctx, { action: 'common_issue.split', entity: 'common_issue', entityId: id, after: { into: newId, items: chosen.length } });
      return newId;
    }),
  );
}

export async function lastDetectionRun(db: Db): Promise<(DetectionReport & { at: number }) | null> {
  const r = db.sqlite.prepare('select id, started_at, ms, items, attached, suggestions, below_threshold, reopened from detection_runs order by id desc limit 1').get() as
    | { id: number; started_at: number; ms: number; items: number; attached: number; suggestions: number; below_threshold: number; reopened: number }
    | undefined;
  return r ? { runId: r.id, at: r.started_at, ms: r.ms, items: r.items, attached: r.attached, suggestions: r.suggestions, belowThreshold: r.below_threshold, reopened: r.reopened } : null;
}
