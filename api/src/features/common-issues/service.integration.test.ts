import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  commonIssueItems,
  getCommonIssue,
  listCommonIssues,
  openDatabase,
  type Db,
  type MailSettings,
} from '@frontline/db';
import { planDemo, seedDemoFeedback, seedGroup } from '@frontline/db/seed';
import { createTestDatabase, testDialect, testSql } from '@frontline/db/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { T0 } from '../../testing/harness.ts';
import {
  confirmCommonIssue,
  dismissCommonIssue,
  explainedItems,
  mergeCommonIssue,
  runDetection,
  splitCommonIssue,
} from './service.ts';

const AT = T0;
const TODAY = '2026-11-23';
const mail: MailSettings = {
  from: { name: '一线', email: 'frontline@frontline.test' },
  origin: 'https://frontline.test',
  host: 'frontline.test',
  alarmMinutes: 30,
};

/**
 * The demo group with six months of its feedback, built once; each test
 * works on its own copy of that file, so none sees another's detection runs
 * or reviews. PostgreSQL has no file to copy: there each test builds its own.
 */
const dir = mkdtempSync(join(tmpdir(), 'frontline-common-issues-'));
const template = join(dir, 'template.db');
let copies = 0;
const closers: (() => Promise<void>)[] = [];

async function buildDemoWithFeedback() {
  const db = await createTestDatabase();
  await seedGroup(db, { passwordHash: 'x' });
  await planDemo(db, TODAY, AT);
  await seedDemoFeedback(db, TODAY, AT, { visits: 500, months: 6 });
  return db;
}

beforeAll(async () => {
  if (testDialect() !== 'sqlite') return;
  const db = await buildDemoWithFeedback();
  await testSql(db).run('vacuum into ?', template);
  await db.cleanup();
}, 60_000);
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function copyOfTemplate(): Promise<Db> {
  const path = join(dir, `copy-${++copies}.db`);
  const source = openDatabase(template);
  await testSql(source).run('vacuum into ?', path);
  await source.close();
  const db = openDatabase(path);
  closers.push(() => db.close());
  return db;
}

async function demoWithFeedback(): Promise<{ db: Db; cr: number; ctx: () => { actorId: number; at: number } }> {
  let db: Db;
  if (testDialect() === 'sqlite') db = await copyOfTemplate();
  else {
    const built = await buildDemoWithFeedback();
    closers.push(built.cleanup);
    db = built;
  }
  const cr = await testSql(db).value<number>(`select id from employees where login = 'cr'`);
  return { db, cr, ctx: () => ({ actorId: cr, at: AT }) };
}

/** Runs detection and finds the bathroom-leak suggestion. */
async function bathroomSuggestion(db: Db, ctx: { actorId: number; at: number }) {
  await runDetection(db, { today: TODAY, mail }, ctx);
  const suggestions = await listCommonIssues(db, { status: 'suggested' });
  return suggestions.find((s) => s.keywords.includes('卫生间'))!;
}

describe('from feedback to reviewed common issues', () => {
  it('suggests the recurring problems and ignores one-off remarks', async () => {
    const { db, ctx } = await demoWithFeedback();
    const report = await runDetection(db, { today: TODAY, mail }, ctx());
    expect(report?.suggestions).toBeGreaterThanOrEqual(4);
    const suggestions = await listCommonIssues(db, { status: 'suggested' });
    const bathroom = suggestions.find((s) => s.keywords.includes('卫生间'));
    expect(bathroom).toBeDefined();
    expect(bathroom!.households).toBeGreaterThanOrEqual(5);
    const items = await explainedItems(db, bathroom!);
    expect(items.every((i) => i.shared.length > 0)).toBe(true);
    expect(items.some((i) => i.description.includes('窗'))).toBe(false);
    // One-off remarks never reach the threshold.
    expect(suggestions.some((s) => s.keywords.includes('草坪'))).toBe(false);
  });

  it('keeps suggestion ids across runs, and reviewed issues absorb new reports', async () => {
    const { db, ctx } = await demoWithFeedback();
    await runDetection(db, { today: TODAY, mail }, ctx());
    const before = (await listCommonIssues(db, { status: 'suggested' })).map((s) => s.id).sort();
    await runDetection(db, { today: TODAY, mail }, ctx());
    expect((await listCommonIssues(db, { status: 'suggested' })).map((s) => s.id).sort()).toEqual(before);
  });

  it('confirms, merges, splits and dismisses, refusing what does not fit', async () => {
    const { db, ctx } = await demoWithFeedback();
    const issueId = (await bathroomSuggestion(db, ctx())).id;
    expect(await confirmCommonIssue(db, issueId, '卫生间吊顶渗漏', ctx())).toEqual({ ok: true, value: undefined });
    expect(await confirmCommonIssue(db, issueId, 'x', ctx())).toMatchObject({
      ok: false,
      error: { code: 'COMMON_ISSUE_STATUS' },
    });
    const others = await listCommonIssues(db, { status: 'suggested' });
    const own = (await getCommonIssue(db, issueId))!.categoryId;
    const otherCategory = others.find((o) => o.categoryId !== own)!;
    expect(await mergeCommonIssue(db, otherCategory.id, issueId, ctx())).toMatchObject({
      ok: false,
      error: { code: 'COMMON_ISSUE_CATEGORY' },
    });
    expect(await dismissCommonIssue(db, otherCategory.id, '属个别情况', ctx())).toEqual({ ok: true, value: undefined });
    expect((await getCommonIssue(db, otherCategory.id))!).toMatchObject({
      status: 'dismissed',
      dismissReason: '属个别情况',
    });

    const issue = (await getCommonIssue(db, issueId))!;
    const items = await commonIssueItems(db, issueId);
    const split = await splitCommonIssue(db, issueId, [items[0]!.id], '拆出的一条', ctx());
    expect(split.ok).toBe(true);
    if (!split.ok) return;
    expect((await getCommonIssue(db, split.value))!).toMatchObject({ status: 'confirmed', items: 1 });
    expect(await splitCommonIssue(db, split.value, [items[0]!.id], 'all', ctx())).toMatchObject({
      ok: false,
      error: { code: 'COMMON_ISSUE_SPLIT' },
    });
    expect(await mergeCommonIssue(db, split.value, issueId, ctx())).toEqual({ ok: true, value: undefined });
    expect((await getCommonIssue(db, issueId))!.items).toBe(issue.items);
    expect((await getCommonIssue(db, split.value))!).toMatchObject({ status: 'merged', mergedInto: issueId });
  });
});
