import { generateTicketHistory } from '@frontline/db';
import readXlsxFile from 'read-excel-file/node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { T0 } from '../../testing/harness.ts';
import { report, reportLeak } from '../../testing/rollup.ts';
import { createWorld, type World } from '../../testing/world.ts';

/** The analysis, the compliance board's overdue actions and the monthly defect report through the API, on the small group. */
const sheetOf = async (buffer: Buffer, name: string) =>
  (await readXlsxFile(buffer)).find((s) => s.sheet === name)!.data;

let w: World;
beforeEach(async () => {
  w = await createWorld();
});
afterEach(async () => w.cleanup());

const count = (text: string, ...args: unknown[]) => w.sql.value<number>(text, ...args);

describe('analysis', () => {
  it('answers each caller within their scope', async () => {
    await reportLeak(w);
    await report(w, {
      projectId: w.ids.project,
      regionId: w.ids.east,
      count: 3,
      description: '电梯运行噪音很大',
      visitedOn: '2026-09-12',
    });
    await report(w, {
      projectId: w.ids.westProject,
      regionId: w.ids.west,
      count: 4,
      description: '外墙瓷砖脱落',
      visitedOn: '2026-07-03',
    });
    const q = '/api/analysis?from=2026-06&to=2026-11';
    const all = await (await w.request(q, { cookie: await w.as('admin') })).json();
    const region = await (await w.request(q, { cookie: await w.as('cr') })).json();
    const project = await (await w.request(q, { cookie: await w.as('pm') })).json();
    expect(all.view.summary.visits).toBeGreaterThan(region.view.summary.visits);
    expect(region.view.summary.visits).toBe(
      await count(`select count(*) from visits where region_id = ? and visited_on >= '2026-06-01'`, w.ids.east),
    );
    expect(project.view.byProject.map((p: { projectId: number }) => p.projectId)).toEqual([w.ids.project]);
    expect(region.view.trend).toHaveLength(6);
    expect(region.view.heatmap.cells.length).toBeGreaterThan(0);
    expect(region.view.topCategories[0].current).toBeGreaterThanOrEqual(region.view.topCategories.at(-1).current);
  });

  it('refuses staff and HR, and bad periods with field messages', async () => {
    expect((await w.request('/api/analysis?from=2026-06&to=2026-11', { cookie: await w.as('staff') })).status).toBe(
      403,
    );
    expect((await w.request('/api/analysis?from=2026-06&to=2026-11', { cookie: await w.as('hr') })).status).toBe(403);
    const bad = await w.request('/api/analysis?from=2026-13&to=2026-11', { cookie: await w.as('cr') });
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.fields.from).toBeTruthy();
    expect((await w.request('/api/analysis?from=2026-11&to=2026-06', { cookie: await w.as('cr') })).status).toBe(422);
  });
});

describe('the month in review', () => {
  it('reports the region’s complaints and repairs of the month, and its projects’', async () => {
    await generateTicketHistory(w.db, { count: 800, endAt: T0, years: 1, seed: 2 });
    const q = `regionId=${w.ids.east}&month=2026-10`;
    const cr = await w.as('cr');
    const json = await (await w.request(`/api/reports/defects?${q}`, { cookie: cr })).json();
    const closed = await count(
      `select count(*) from tickets where region_id = ? and status in ('closed', 'followed_up', 'archived') and closed_at >= ? and closed_at < ?`,
      w.ids.east,
      Date.parse('2026-10-01T00:00:00+08:00'),
      Date.parse('2026-11-01T00:00:00+08:00'),
    );
    expect(closed).toBeGreaterThan(0);
    expect(json.report.complaints.indicators.closed).toBe(closed);
    expect(json.report.complaints.byProject.map((p: { projectId: number }) => p.projectId)).toEqual([w.ids.project]);
    const buffer = Buffer.from(await (await w.request(`/api/reports/defects.xlsx?${q}`, { cookie: cr })).arrayBuffer());
    const sheet = await sheetOf(buffer, '投诉报修');
    expect(sheet[1]!.slice(0, 2)).toEqual(['全区域', closed]);
  });

  it('shows overdue actions on the compliance board and reports the month', async () => {
    const cr = await w.as('cr');
    const owner = w.id('staff');
    // The leak, confirmed with a targeted plan; then, with lower thresholds, a second problem two households reported.
    await reportLeak(w);
    await report(w, { projectId: w.ids.project, regionId: w.ids.east, count: 2, description: '电梯运行噪音很大' });
    await w.request('/api/common-issues/detect', { method: 'POST', cookie: await w.as('cr.group') });
    const leak = (await (await w.request('/api/common-issues?status=suggested', { cookie: cr })).json()).issues[0];
    await w.request(`/api/common-issues/${leak.id}/confirm`, { cookie: cr, json: { title: '卫生间吊顶渗漏' } });
    const targeted = {
      commonIssueId: leak.id,
      kind: 'targeted',
      title: '卫生间渗漏专项整改',
      description: '排查并返修顶板防水',
      ownerLine: 'engineering',
      ownerId: owner,
      projectId: w.ids.project,
      sampleSize: 2,
      actions: [{ title: '逐户排查', ownerId: owner, dueOn: '2026-11-30' }],
    };
    expect((await w.request('/api/plans', { cookie: cr, json: targeted })).status).toBe(201);
    expect(
      (
        await w.request('/api/common-issues/settings', {
          method: 'PUT',
          cookie: await w.as('cr.group'),
          json: { similarity: 0.4, minHouseholds: 2, minShare: 0.1, minShareHouseholds: 2 },
        })
      ).status,
    ).toBe(200);
    await w.request('/api/common-issues/detect', { method: 'POST', cookie: await w.as('cr.group') });
    const issue = await (await w.request('/api/common-issues?status=suggested', { cookie: cr })).json();
    const other = issue.issues[0];
    await w.request(`/api/common-issues/${other.id}/confirm`, { cookie: cr, json: { title: other.title } });
    const created = await w.request('/api/plans', {
      cookie: cr,
      json: {
        commonIssueId: other.id,
        kind: 'future',
        title: '标准修订',
        description: '修订设计标准',
        ownerLine: 'engineering',
        ownerId: owner,
        sampleSize: 2,
        actions: [{ title: '修订', ownerId: owner, dueOn: '2026-11-01' }],
      },
    });
    const id = (await created.json()).plan.id;
    await w.request(`/api/plans/${id}/moves`, { cookie: cr, json: { move: 'approve' } });
    const overdue = await (
      await w.request('/api/compliance/overdue-actions', { cookie: await w.as('president') })
    ).json();
    expect(overdue.actions.map((a: { planId: number }) => a.planId)).toContain(id);
    expect((await w.request('/api/compliance/overdue-actions', { cookie: await w.as('staff') })).status).toBe(403);

    const region = w.ids.east;
    const json = await (
      await w.request(`/api/reports/defects?regionId=${region}&month=2026-11`, { cookie: cr })
    ).json();
    expect(json.report.newCommonIssues.map((i: { id: number }) => i.id)).toEqual(
      expect.arrayContaining([leak.id, other.id]),
    );
    expect(json.report.overdue.map((a: { planId: number }) => a.planId)).toContain(id);
    const xlsx = await w.request(`/api/reports/defects.xlsx?regionId=${region}&month=2026-11`, { cookie: cr });
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    const buffer = Buffer.from(await xlsx.arrayBuffer());
    const plans = await sheetOf(buffer, '方案进展');
    expect(plans[0]).toEqual(['编号', '方案', '类型', '状态', '负责人', '项目', '措施完成', '逾期措施', '关闭日期']);
    expect(plans.slice(1).map((r) => r[1])).toEqual(expect.arrayContaining(['卫生间渗漏专项整改', '标准修订']));
    expect(json.report.complaints.indicators).toMatchObject({ closed: 0, timelyCloseRate: null });
    expect((await sheetOf(buffer, '投诉报修'))[0]!.slice(0, 3)).toEqual(['范围', '关闭数', '答复关闭数']);
    const summary = await sheetOf(buffer, '概览');
    expect(summary[1]![3]).toBe(json.report.summary.visits);
    const otherRegion = await count(`select min(id) from regions where id != ?`, region);
    expect((await w.request(`/api/reports/defects?regionId=${otherRegion}&month=2026-11`, { cookie: cr })).status).toBe(
      404,
    );
  });
});
