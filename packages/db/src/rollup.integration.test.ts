import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analysisView } from './analysis.ts';
import { commonIssueItems, confirmCommonIssue, dismissCommonIssue, getCommonIssue, listCommonIssues, mergeCommonIssue, runDetection, splitCommonIssue } from './common-issues.ts';
import type { MailSettings } from './reception.ts';
import { planDemo, seedDemoFeedback, seedGroup } from './seed/index.ts';
import { createTestDatabase } from './testing/index.ts';

const AT = Date.UTC(2026, 10, 23, 2);
const TODAY = '2026-11-23';
const mail: MailSettings = { from: { name: '一线', email: 'frontline@frontline.test' }, origin: 'https://frontline.test', host: 'frontline.test', alarmMinutes: 30 };
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let cr: number;
const ctx = () => ({ actorId: cr, at: AT });

beforeAll(async () => {
  db = await createTestDatabase();
  await seedGroup(db, { passwordHash: 'x' });
  await planDemo(db, TODAY, AT);
  await seedDemoFeedback(db, TODAY, AT, { visits: 500, months: 6 });
  cr = db.sqlite.prepare(`select id from employees where login = 'cr'`).pluck().get() as number;
}, 60_000);
afterAll(async () => db.cleanup());

describe('monthly totals', () => {
  it('equal the raw responses they summarise', () => {
    const view = analysisView(db, { from: '2026-05', to: '2026-11' });
    const raw = db.sqlite
      .prepare(
        `select sum(a.num) as s, count(*) as n, sum(a.num >= 4) as sat from visit_answers a join visits v on v.id = a.visit_id
         where a.question_key = 'overall' and v.visited_on between '2026-05-01' and '2026-11-30'`,
      )
      .get() as { s: number; n: number; sat: number };
    expect(view.summary.ratings).toBe(raw.n);
    expect(view.summary.average).toBeCloseTo(raw.s / raw.n, 10);
    expect(view.summary.satisfiedShare).toBeCloseTo(raw.sat / raw.n, 10);
    expect(view.summary.visits).toBe(db.sqlite.prepare(`select count(*) from visits where visited_on between '2026-05-01' and '2026-11-30'`).pluck().get());
    expect(view.summary.issues).toBe(db.sqlite.prepare(`select count(*) from visit_issues where visited_on between '2026-05-01' and '2026-11-30'`).pluck().get());
    const cells = view.heatmap.cells.reduce((n, [, , c]) => n + c, 0);
    expect(cells).toBe(view.summary.issues);
    const nps = db.sqlite.prepare(`select sum(num >= 9) as p, sum(num <= 6) as d, count(*) as n from visit_answers a join visits v on v.id = a.visit_id where a.type = 'nps' and v.visited_on >= '2026-05-01'`).get() as { p: number; d: number; n: number };
    expect(view.summary.nps).toBeCloseTo(((nps.p - nps.d) / nps.n) * 100, 10);
  });

  it('filter by dimension and scope', () => {
    const all = analysisView(db, { from: '2026-05', to: '2026-11' });
    const engineering = analysisView(db, { from: '2026-05', to: '2026-11', dimension: 'engineering' });
    expect(engineering.summary.issues).toBeLessThan(all.summary.issues);
    expect(engineering.topCategories.every((c) => c.dimension === 'engineering')).toBe(true);
    const project = all.byProject[0]!.projectId;
    const one = analysisView(db, { from: '2026-05', to: '2026-11', projectIds: [project] });
    expect(one.byProject.map((p) => p.projectId)).toEqual([project]);
    expect(analysisView(db, { from: '2026-05', to: '2026-11', regionIds: [] }).summary.visits).toBe(0);
  });
});

describe('from feedback to a verified plan', () => {
  let issueId: number;

  it('suggests the recurring problems and ignores one-off remarks', async () => {
    const report = await runDetection(db, { today: TODAY, mail }, ctx());
    expect(report.suggestions).toBeGreaterThanOrEqual(4);
    const suggestions = await listCommonIssues(db, { status: 'suggested' });
    const bathroom = suggestions.find((s) => s.keywords.includes('卫生间'));
    expect(bathroom).toBeDefined();
    expect(bathroom!.households).toBeGreaterThanOrEqual(5);
    const items = await commonIssueItems(db, bathroom!.id, bathroom!.keywords);
    expect(items.every((i) => i.shared.length > 0)).toBe(true);
    expect(items.some((i) => i.description.includes('窗'))).toBe(false);
    // One-off remarks never reach the threshold.
    expect(suggestions.some((s) => s.keywords.includes('草坪'))).toBe(false);
    issueId = bathroom!.id;
  });

  it('keeps suggestion ids across runs, and reviewed issues absorb new reports', async () => {
    const before = (await listCommonIssues(db, { status: 'suggested' })).map((s) => s.id).sort();
    await runDetection(db, { today: TODAY, mail }, ctx());
    expect((await listCommonIssues(db, { status: 'suggested' })).map((s) => s.id).sort()).toEqual(before);
  });

  it('confirms, merges, splits and dismisses, refusing what does not fit', async () => {
    expect(await confirmCommonIssue(db, issueId, '卫生间吊顶渗漏', ctx())).toEqual({ ok: true, value: undefined });
    expect(await confirmCommonIssue(db, issueId, 'x', ctx())).toMatchObject({ ok: false, error: { code: 'COMMON_ISSUE_STATUS' } });
    const others = await listCommonIssues(db, { status: 'suggested' });
    const own = (await getCommonIssue(db, issueId))!.categoryId;
    const otherCategory = others.find((o) => o.categoryId !== own)!;
    expect(await mergeCommonIssue(db, otherCategory.id, issueId, ctx())).toMatchObject({ ok: false, error: { code: 'COMMON_ISSUE_CATEGORY' } });
    expect(await dismissCommonIssue(db, otherCategory.id, '属个别情况', ctx())).toEqual({ ok: true, value: undefined });
    expect((await getCommonIssue(db, otherCategory.id))!).toMatchObject({ status: 'dismissed', dismissReason: '属个别情况' });

    const issue = (await getCommonIssue(db, issueId))!;
    const items = await commonIssueItems(db, issueId, issue.keywords);
    const split = await splitCommonIssue(db, issueId, [items[0]!.id], '拆出的一条', ctx());
    expect(split.ok).toBe(true);
    if (!split.ok) return;
    expect((await getCommonIssue(db, split.value))!).toMatchObject({ status: 'confirmed', items: 1 });
    expect(await splitCommonIssue(db, split.value, [items[0]!.id], 'all', ctx())).toMatchObject({ ok: false, error: { code: 'COMMON_ISSUE_SPLIT' } });
    expect(await mergeCommonIssue(db, split.value, issueId, ctx())).toEqual({ ok: true, value: undefined });
    expect((await getCommonIssue(db, issueId))!.items).toBe(issue.items);
    expect((await getCommonIssue(db, split.value))!).toMatchObject({ status: 'merged', mergedInto: issueId });
  });
});
