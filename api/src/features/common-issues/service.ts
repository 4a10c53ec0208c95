import {
  addDaysIso,
  COMMON_ISSUE_STATUS_LABELS,
  detectCommonIssues,
  explainMatch,
  groupKeywords,
  issueWords,
  type Actor,
  type AppError,
  type CommonIssueStatus,
  type DetectionSettings,
  type GroupingItem,
  type IsoDate,
  type Result,
  type SuggestedGroup,
} from '@frontline/core';
import {
  clearSuggestionPlacements,
  commonIssueItems,
  deleteSuggestion,
  getCommonIssue,
  getCommonIssueRecord,
  getDetectionSettings,
  hasImprovementPlan,
  householdsReportingUpTo,
  insertDetectionRun,
  insertSplitIssue,
  insertSuggestion,
  issueCategoryLabels,
  issueItemIds,
  issueItemTexts,
  listCommonIssues,
  moveAllIssueItems,
  moveIssueItems,
  placeIssueItems,
  Refusal,
  respondentCounts,
  reviewedCommonIssues,
  saveConfirmed,
  saveConfirmedByMerge,
  saveDetectionSettings,
  saveDismissed,
  saveKeywords,
  saveMerged,
  suggestionPlacements,
  unitOfWork,
  unplacedIssueItems,
  updateSuggestion,
  writeAudit,
  type AuditContext,
  type CommonIssueRecord,
  type CommonIssueSummary,
  type Db,
  type DetectionReport,
  withLease,
  type LeaseHolder,
  type Executor,
  type MailSettings,
  inTransaction,
} from '@frontline/db';
import { randomUUID } from 'node:crypto';
import { reopenImprovementPlans } from '../improvement-plans/service.ts';
import { commonIssueInScope, visible } from './policy.ts';

/**
 * Common issues (共性问题): detection runs over the issue items not yet
 * placed, attaching new reports to the issues customer relations reviewed and
 * replacing the unreviewed suggestions; review confirms, dismisses, merges
 * and splits. A run reads before its transaction (it can take seconds on a
 * large group) and writes in one short transaction that only touches items
 * still unplaced, so a review made meanwhile is never undone.
 */

/** The common issue, if it touches the caller's scope. */
export async function visibleCommonIssue(db: Db, actor: Actor, id: number): Promise<CommonIssueSummary | undefined> {
  const issue = await getCommonIssue(db, id);
  return issue && visible(actor, issue) ? issue : undefined;
}

export type CommonIssueFilter = {
  status?: CommonIssueStatus | undefined;
  categoryId?: number | undefined;
  projectId?: number | undefined;
  regionIds?: number[];
  projectIds?: number[];
};

/** The list shows the most recent issues; like plans and defects, it never grows with the whole history. */
const COMMON_ISSUE_LIST_LIMIT = 500;

/** Common issues with their figures, newest report first; those touching the given scope (and project). */
export async function listCommonIssuesIn(db: Db, f: CommonIssueFilter): Promise<CommonIssueSummary[]> {
  const issues = await listCommonIssues(db, f);
  return issues
    .filter(
      (s) => (f.projectId === undefined || s.projects.some((p) => p.id === f.projectId)) && commonIssueInScope(s, f),
    )
    .sort(
      (a, b) =>
        (b.latestReported ?? '').localeCompare(a.latestReported ?? '') || b.households - a.households || b.id - a.id,
    )
    .slice(0, COMMON_ISSUE_LIST_LIMIT);
}

/** The items of a common issue, each with the words it shares with the issue's key words (why it is there). */
export async function explainedItems(db: Db, issue: { id: number; keywords: readonly string[] }) {
  return (await commonIssueItems(db, issue.id)).map((i) => ({ ...i, ...explainMatch(i.description, issue.keywords) }));
}

export async function changeDetectionSettings(db: Db, s: DetectionSettings, ctx: AuditContext): Promise<void> {
  await inTransaction(db, async (tx) => {
    const before = await getDetectionSettings(tx);
    await saveDetectionSettings(tx, s, ctx);
    await writeAudit(tx, ctx, { action: 'rollup.settings', entity: 'rollup_settings', entityId: 1, before, after: s });
  });
}

function suggestedTitle(category: string, g: SuggestedGroup): string {
  const words = g.keywords.slice(0, 3).join('、');
  return (words ? `${category}：${words}` : category).slice(0, 80);
}

/** The lease detection runs under: one run at a time across every app server (the daily job and the button). */
export const DETECTION_LEASE = 'common-issue-detection';

/**
 * Runs detection over the last `windowDays` of issue items. New reports of a
 * confirmed issue whose plan is closed reopen that plan (and tell its owner)
 * when they come from households the plan was meant to fix. Null when
 * detection is already running (on this server or another): two runs at
 * once would each rebuild the suggestions from the same reads.
 */
export async function runDetection(
  db: Db,
  o: { today: IsoDate; windowDays?: number; mail: MailSettings | null; onProgress?: (step: string) => void },
  ctx: AuditContext,
  // Which app server asks; a fresh holder and the audit time by default.
  lease: LeaseHolder = { holder: randomUUID(), now: () => ctx.at },
): Promise<DetectionReport | null> {
  const r = await withLease(db, { name: DETECTION_LEASE, ...lease }, () => detect(db, o, ctx));
  return r.ran ? r.value : null;
}

async function detect(
  db: Db,
  o: { today: IsoDate; windowDays?: number; mail: MailSettings | null; onProgress?: (step: string) => void },
  ctx: AuditContext,
): Promise<DetectionReport> {
  const started = performance.now();
  const settings = await getDetectionSettings(db);
  const from = addDaysIso(o.today, -(o.windowDays ?? 365));
  o.onProgress?.('read');
  const [items, anchors, respondents, labels] = await Promise.all([
    unplacedIssueItems(db, from),
    reviewedCommonIssues(db),
    respondentCounts(db, from),
    issueCategoryLabels(db),
  ]);
  o.onProgress?.('group');
  const detection = detectCommonIssues(items, anchors, (p, c) => respondents.get(`${p}:${c}`) ?? 0, settings);
  o.onProgress?.('write');
  const byId = new Map(items.map((i) => [i.id, i]));

  return inTransaction(db, async (tx) => {
    const oldOf = await suggestionPlacements(tx);
    await clearSuggestionPlacements(tx);
    // A review made since the read may have merged an anchor away: only issues still reviewed take reports.
    const stillAnchor = new Set((await reviewedCommonIssues(tx)).map((a) => a.id));

    const attaching = detection.attached.filter((a) => stillAnchor.has(a.anchorId));
    const placed = await placeIssueItems(
      tx,
      attaching.map((a) => ({ itemId: a.itemId, commonIssueId: a.anchorId, similarity: a.similarity })),
      ctx.at,
    );
    const attachedByAnchor = new Map<number, GroupingItem[]>();
    for (const a of attaching) {
      // An item placed now goes with the first anchor it was matched to, as its placement did.
      if (!placed.delete(a.itemId)) continue;
      attachedByAnchor.set(a.anchorId, [...(attachedByAnchor.get(a.anchorId) ?? []), byId.get(a.itemId)!]);
    }
    const attached = [...attachedByAnchor.values()].reduce((n, items) => n + items.length, 0);

    // A suggestion keeps its id when it is mostly the same items as before, so a reviewer's open page stays valid.
    const reused = new Set<number>();
    for (const g of detection.suggestions) {
      const votes = new Map<number, number>();
      for (const { id } of g.items) {
        const old = oldOf.get(id);
        if (old !== undefined && !reused.has(old)) votes.set(old, (votes.get(old) ?? 0) + 1);
      }
      const keep = [...votes].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0];
      const category = labels.get(g.categoryId)!;
      const content = {
        title: suggestedTitle(category.label.zh, g),
        keywords: g.keywords,
        scope: g.scope,
        reason: g.reason,
      };
      let id: number;
      if (keep !== undefined && (await updateSuggestion(tx, keep, content, ctx.at))) {
        id = keep;
        reused.add(keep);
      } else {
        id = await insertSuggestion(
          tx,
          { ...content, categoryId: g.categoryId, dimension: category.dimension },
          ctx.at,
        );
      }
      await placeIssueItems(
        tx,
        g.items.map((item) => ({ itemId: item.id, commonIssueId: id, similarity: item.similarity })),
        ctx.at,
      );
    }
    for (const id of new Set(oldOf.values())) if (!reused.has(id)) await deleteSuggestion(tx, id);

    let reopened = 0;
    for (const [anchorId, reports] of attachedByAnchor) {
      reopened += await reopenImprovementPlans(
        tx,
        anchorId,
        reports,
        (closedOn) => householdsReportingUpTo(tx, anchorId, closedOn),
        o.mail,
        ctx,
      );
    }
    const report = {
      items: items.length,
      attached,
      suggestions: detection.suggestions.length,
      belowThreshold: detection.belowThreshold,
      reopened,
      ms: Math.round(performance.now() - started),
    };
    const runId = await insertDetectionRun(tx, { ...report, settings }, ctx);
    return { runId, ...report };
  });
}

async function issueOf(tx: Executor, id: number): Promise<CommonIssueRecord> {
  const issue = await getCommonIssueRecord(tx, id);
  if (!issue) throw new Refusal({ code: 'NOT_FOUND' });
  return issue;
}

const ACTION_LABELS = {
  confirm: { zh: '确认', en: 'confirmed' },
  dismiss: { zh: '驳回', en: 'dismissed' },
  merge: { zh: '合并', en: 'merged' },
  split: { zh: '拆分', en: 'split' },
};

function requireStatus(
  issue: CommonIssueRecord,
  allowed: CommonIssueStatus[],
  action: keyof typeof ACTION_LABELS,
): void {
  if (!allowed.includes(issue.status))
    throw new Refusal({
      code: 'COMMON_ISSUE_STATUS',
      params: { status: COMMON_ISSUE_STATUS_LABELS[issue.status], action: ACTION_LABELS[action] },
    });
}

/** Key words recomputed from an issue's items, after a merge or split changed them. */
async function refreshKeywords(tx: Executor, id: number, at: number): Promise<void> {
  const { descriptions, projects } = await issueItemTexts(tx, id);
  await saveKeywords(
    tx,
    id,
    groupKeywords(descriptions.map((d) => issueWords(d))),
    projects > 1 ? 'cross_project' : 'project',
    at,
  );
}

export async function confirmCommonIssue(
  db: Db,
  id: number,
  title: string,
  ctx: AuditContext,
): Promise<Result<void, AppError>> {
  return unitOfWork(db, async (tx) => {
    const issue = await issueOf(tx, id);
    requireStatus(issue, ['suggested'], 'confirm');
    await saveConfirmed(tx, id, title, ctx);
    await writeAudit(tx, ctx, {
      action: 'common_issue.confirm',
      entity: 'common_issue',
      entityId: id,
      before: { status: issue.status, title: issue.title },
      after: { status: 'confirmed', title },
    });
  });
}

export async function dismissCommonIssue(
  db: Db,
  id: number,
  reason: string,
  ctx: AuditContext,
): Promise<Result<void, AppError>> {
  return unitOfWork(db, async (tx) => {
    const issue = await issueOf(tx, id);
    requireStatus(issue, ['suggested'], 'dismiss');
    await saveDismissed(tx, id, reason, ctx);
    await writeAudit(tx, ctx, {
      action: 'common_issue.dismiss',
      entity: 'common_issue',
      entityId: id,
      before: { status: issue.status },
      after: { status: 'dismissed', reason },
    });
  });
}

/** Moves every item of `id` into `intoId`; the merged issue stays as a pointer. Confirmed wins over suggested. */
export async function mergeCommonIssue(
  db: Db,
  id: number,
  intoId: number,
  ctx: AuditContext,
): Promise<Result<void, AppError>> {
  return unitOfWork(db, async (tx) => {
    if (id === intoId) throw new Refusal({ code: 'COMMON_ISSUE_SELF', fields: { intoId: 'COMMON_ISSUE_SELF' } });
    const issue = await issueOf(tx, id);
    const into = await issueOf(tx, intoId);
    requireStatus(issue, ['suggested', 'confirmed'], 'merge');
    requireStatus(into, ['suggested', 'confirmed'], 'merge');
    if (issue.categoryId !== into.categoryId)
      throw new Refusal({ code: 'COMMON_ISSUE_CATEGORY', fields: { intoId: 'COMMON_ISSUE_CATEGORY' } });
    if (await hasImprovementPlan(tx, id)) throw new Refusal({ code: 'COMMON_ISSUE_HAS_PLAN' });
    await moveAllIssueItems(tx, id, intoId);
    await saveMerged(tx, id, intoId, ctx);
    if (issue.status === 'confirmed' && into.status === 'suggested') await saveConfirmedByMerge(tx, intoId, ctx);
    await refreshKeywords(tx, intoId, ctx.at);
    await writeAudit(tx, ctx, {
      action: 'common_issue.merge',
      entity: 'common_issue',
      entityId: id,
      before: { status: issue.status },
      after: { status: 'merged', into: intoId },
    });
  });
}

/** Moves some items of an issue to a new one of the same status; returns the new issue's id. */
export async function splitCommonIssue(
  db: Db,
  id: number,
  itemIds: readonly number[],
  title: string,
  ctx: AuditContext,
): Promise<Result<number, AppError>> {
  return unitOfWork(db, async (tx) => {
    const issue = await issueOf(tx, id);
    requireStatus(issue, ['suggested', 'confirmed'], 'split');
    const own = await issueItemIds(tx, id);
    const chosen = [...new Set(itemIds)];
    if (chosen.length === 0 || chosen.length >= own.size || chosen.some((i) => !own.has(i)))
      throw new Refusal({ code: 'COMMON_ISSUE_SPLIT', fields: { itemIds: 'COMMON_ISSUE_SPLIT' } });
    const newId = await insertSplitIssue(
      tx,
      { status: issue.status, categoryId: issue.categoryId, dimension: issue.dimension, title, fromId: id },
      ctx,
    );
    await moveIssueItems(tx, chosen, newId);
    await refreshKeywords(tx, id, ctx.at);
    await refreshKeywords(tx, newId, ctx.at);
    await writeAudit(tx, ctx, {
      action: 'common_issue.split',
      entity: 'common_issue',
      entityId: id,
      after: { into: newId, items: chosen.length },
    });
    return newId;
  });
}
