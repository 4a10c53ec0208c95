import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { planDemo, seedDemoFeedback, seedGroup } from '../seed/index.ts';
import { createTestDatabase, testSql } from '../testing/index.ts';
import { analysisView } from './analysis.ts';

const AT = Date.UTC(2026, 10, 23, 2);
const TODAY = '2026-11-23';
let db: Awaited<ReturnType<typeof createTestDatabase>>;

/** The demo group with six months of its feedback, built afresh for each test. */
beforeEach(async () => {
  db = await createTestDatabase();
  await seedGroup(db, { passwordHash: 'x' });
  await planDemo(db, TODAY, AT);
  await seedDemoFeedback(db, TODAY, AT, { visits: 500, months: 6 });
}, 60_000);
afterEach(async () => db.cleanup());

describe('monthly totals', () => {
  it('equal the raw responses they summarise', async () => {
    const view = await analysisView(db, { from: '2026-05', to: '2026-11' });
    const sql = testSql(db);
    const raw = (await sql.get<{ s: number; n: number; sat: number }>(
      `select sum(a.num) as s, count(*) as n, sum(case when a.num >= 4 then 1 else 0 end) as sat
       from visit_answers a join visits v on v.id = a.visit_id
       where a.question_key = 'overall' and v.visited_on between '2026-05-01' and '2026-11-30'`,
    ))!;
    expect(view.summary.ratings).toBe(raw.n);
    expect(view.summary.average).toBeCloseTo(raw.s / raw.n, 10);
    expect(view.summary.satisfiedShare).toBeCloseTo(raw.sat / raw.n, 10);
    expect(view.summary.visits).toBe(
      await sql.value(`select count(*) from visits where visited_on between '2026-05-01' and '2026-11-30'`),
    );
    expect(view.summary.issues).toBe(
      await sql.value(`select count(*) from visit_issues where visited_on between '2026-05-01' and '2026-11-30'`),
    );
    const cells = view.heatmap.cells.reduce((n, [, , c]) => n + c, 0);
    expect(cells).toBe(view.summary.issues);
    const nps = (await sql.get<{ p: number; d: number; n: number }>(
      `select sum(case when num >= 9 then 1 else 0 end) as p, sum(case when num <= 6 then 1 else 0 end) as d, count(*) as n
       from visit_answers a join visits v on v.id = a.visit_id where a.type = 'nps' and v.visited_on >= '2026-05-01'`,
    ))!;
    expect(view.summary.nps).toBeCloseTo(((nps.p - nps.d) / nps.n) * 100, 10);
  });

  it('filter by dimension and scope', async () => {
    const all = await analysisView(db, { from: '2026-05', to: '2026-11' });
    const engineering = await analysisView(db, { from: '2026-05', to: '2026-11', dimension: 'engineering' });
    expect(engineering.summary.issues).toBeLessThan(all.summary.issues);
    expect(engineering.topCategories.every((c) => c.dimension === 'engineering')).toBe(true);
    const project = all.byProject[0]!.projectId;
    const one = await analysisView(db, { from: '2026-05', to: '2026-11', projectIds: [project] });
    expect(one.byProject.map((p) => p.projectId)).toEqual([project]);
    expect((await analysisView(db, { from: '2026-05', to: '2026-11', regionIds: [] })).summary.visits).toBe(0);
  });
});
