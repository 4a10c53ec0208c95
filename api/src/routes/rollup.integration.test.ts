import { seedDemoFeedback } from '@frontline/db/seed';
import readXlsxFile from 'read-excel-file/node';

const sheetOf = async (buffer: Buffer, name: string) => (await readXlsxFile(buffer)).find((s) => s.sheet === name)!.data;
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, T0, type Harness } from '../testing/harness.ts';

/** Analysis, common issues, plans, verification, the defect library and the monthly report through the API. */
let h: Harness;
const cookie: Record<string, string> = {};
const count = (sql: string, ...args: unknown[]) => h.db.sqlite.prepare(sql).pluck().get(...args) as number;

beforeAll(async () => {
  h = await createHarness();
  await seedDemoFeedback(h.db, '2026-11-23', T0, { visits: 600, months: 6 });
  for (const login of ['admin', 'pm', 'staff', 'staff.cr', 'cr', 'cr.group', 'president', 'hr']) cookie[login] = await h.signIn(login);
}, 60_000);
afterAll(async () => h.cleanup());

describe('analysis', () => {
  it('answers each caller within their scope', async () => {
    const q = '/api/analysis?from=2026-06&to=2026-11';
    const all = await (await h.request(q, { cookie: cookie.admin })).json();
    const region = await (await h.request(q, { cookie: cookie.cr })).json();
    const project = await (await h.request(q, { cookie: cookie.pm })).json();
    expect(all.view.summary.visits).toBeGreaterThan(region.view.summary.visits);
    const crRegion = count(`select region_id from employees where login = 'cr'`);
    const pmProject = count(`select project_id from employees where login = 'pm'`);
    expect(region.view.summary.visits).toBe(count(`select count(*) from visits where region_id = ? and visited_on >= '2026-06-01'`, crRegion));
    expect(project.view.byProject.map((p: { projectId: number }) => p.projectId)).toEqual([pmProject]);
    expect(region.view.trend).toHaveLength(6);
    expect(region.view.heatmap.cells.length).toBeGreaterThan(0);
    expect(region.view.topCategories[0].current).toBeGreaterThanOrEqual(region.view.topCategories.at(-1).current);
  });

  it('refuses staff and HR, and bad periods with field messages', async () => {
    expect((await h.request('/api/analysis?from=2026-06&to=2026-11', { cookie: cookie.staff })).status).toBe(403);
    expect((await h.request('/api/analysis?from=2026-06&to=2026-11', { cookie: cookie.hr })).status).toBe(403);
    const bad = await h.request('/api/analysis?from=2026-13&to=2026-11', { cookie: cookie.cr });
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.fields.from).toBeTruthy();
    expect((await h.request('/api/analysis?from=2026-11&to=2026-06', { cookie: cookie.cr })).status).toBe(422);
  });
});

describe('from a suggestion to a closed plan', () => {
  let issueId: number;
  let planId: number;
  const staffId = () => h.idOf('staff');

  it('runs detection (group customer relations only) and explains each report', async () => {
    expect((await h.request('/api/common-issues/detect', { method: 'POST', cookie: cookie.staff })).status).toBe(403);
    // Detection runs over the whole group: not a regional admin's to start.
    expect((await h.request('/api/common-issues/detect', { method: 'POST', cookie: cookie.cr })).status).toBe(403);
    const run = await h.request('/api/common-issues/detect', { method: 'POST', cookie: cookie['cr.group'] });
    expect(run.status).toBe(200);
    expect((await run.json()).report.suggestions).toBeGreaterThan(0);
    const list = await (await h.request('/api/common-issues?status=suggested', { cookie: cookie.cr })).json();
    expect(list.lastRun.suggestions).toBeGreaterThan(0);
    const crRegion = count(`select region_id from employees where login = 'cr'`);
    for (const i of list.issues) expect(i.projects.some((p: { regionId: number }) => p.regionId === crRegion)).toBe(true);
    const pmProject = count(`select project_id from employees where login = 'pm'`);
    const mine = list.issues.find((i: { projects: { id: number }[] }) => i.projects.some((p) => p.id === pmProject));
    issueId = mine.id;
    const detail = await (await h.request(`/api/common-issues/${issueId}`, { cookie: cookie.cr })).json();
    expect(detail.items.length).toBe(mine.items);
    expect(detail.items[0].shared.length).toBeGreaterThan(0);
    // Households are masked for a manager who does not look after them.
    const text = JSON.stringify((await (await h.request(`/api/common-issues/${issueId}`, { cookie: cookie.president })).json()).households);
    expect(text).not.toMatch(/1[3-9]\d{9}/);
  });

  it('refuses reviews that do not fit, with messages', async () => {
    const dismiss = await h.request(`/api/common-issues/${issueId}/dismiss`, { cookie: cookie.cr, json: { reason: '' } });
    expect(dismiss.status).toBe(422);
    expect((await dismiss.json()).error.fields.reason).toBeTruthy();
    expect((await h.request(`/api/common-issues/${issueId}/confirm`, { cookie: cookie.pm, json: { title: 'x' } })).status).toBe(403);
    const confirmed = await h.request(`/api/common-issues/${issueId}/confirm`, { cookie: cookie.cr, json: { title: '卫生间吊顶渗漏' } });
    expect(confirmed.status).toBe(200);
    const again = await h.request(`/api/common-issues/${issueId}/confirm`, { cookie: cookie.cr, json: { title: 'x' } });
    expect(again.status).toBe(409);
    expect((await again.json()).error.message).toContain('已确认');
  });

  it('drafts, approves and works a plan; verification goes to someone else and closes it', async () => {
    const pmProject = count(`select project_id from employees where login = 'pm'`);
    const body = {
      commonIssueId: issueId, kind: 'targeted', title: '卫生间渗漏专项整改', description: '排查并返修顶板防水', ownerLine: 'engineering', ownerId: staffId(), projectId: pmProject, sampleSize: 2,
      actions: [{ title: '逐户排查', ownerId: staffId(), dueOn: '2026-11-30' }],
    };
    const bad = await h.request('/api/plans', { cookie: cookie.cr, json: { ...body, projectId: 999999 } });
    expect(bad.status).toBe(422);
    expect(Object.keys((await bad.json()).error.fields)).toEqual(['projectId']);
    const created = await h.request('/api/plans', { cookie: cookie.cr, json: body });
    expect(created.status).toBe(201);
    planId = (await created.json()).plan.id;
    expect((await h.request(`/api/plans/${planId}/moves`, { cookie: cookie.staff, json: { move: 'approve' } })).status).toBe(403);
    expect((await h.request(`/api/plans/${planId}/moves`, { cookie: cookie.cr, json: { move: 'approve' } })).status).toBe(200);

    // The owner sees the action in My duties; HR cannot see the plan at all.
    const mine = await (await h.request('/api/me/plan-actions', { cookie: cookie.staff })).json();
    expect(mine.actions.map((a: { planId: number }) => a.planId)).toContain(planId);
    expect((await h.request(`/api/plans/${planId}`, { cookie: cookie.hr })).status).toBe(403);

    const plan = (await (await h.request(`/api/plans/${planId}`, { cookie: cookie.staff })).json()).plan;
    expect((await h.request(`/api/plans/${planId}/actions/${plan.actionList[0].id}/done`, { cookie: cookie.staff, json: { notes: '已排查 12 户' } })).status).toBe(200);
    const early = await h.request(`/api/plans/${planId}/moves`, { cookie: cookie.staff, json: { move: 'submit' } });
    expect(early.status).toBe(422);
    expect((await early.json()).error.fields.evidence).toBeTruthy();
    const evidence = await h.request(`/api/plans/${planId}/evidence`, { method: 'PUT', cookie: cookie.staff, json: { notes: '返修完成，闭水试验通过', photoIds: [] } });
    expect([evidence.status, await evidence.text()]).toEqual([200, expect.any(String)]);
    const submitted = await (await h.request(`/api/plans/${planId}/moves`, { cookie: cookie.staff, json: { move: 'submit' } })).json();
    expect(submitted.plan.status).toBe('awaiting_verification');
    expect(submitted.plan.verifications.length).toBeGreaterThan(0);
    for (const v of submitted.plan.verifications) expect(v.employeeId).not.toBe(staffId());

    for (const v of submitted.plan.verifications) {
      const login = h.db.sqlite.prepare('select login, employee_no from employees where id = ?').get(v.employeeId) as { login: string | null; employee_no: string };
      const verifier = await h.signIn(login.login ?? login.employee_no);
      expect((await h.request(`/api/plans/${planId}/verifications/${v.id}`, { cookie: cookie.staff, json: { outcome: 'fixed', visitedOn: '2026-11-23' } })).status).toBe(403);
      const future = await h.request(`/api/plans/${planId}/verifications/${v.id}`, { cookie: verifier, json: { outcome: 'fixed', visitedOn: '2026-12-01' } });
      expect(future.status).toBe(422);
      expect((await h.request(`/api/plans/${planId}/verifications/${v.id}`, { cookie: verifier, json: { outcome: 'fixed', visitedOn: '2026-11-23' } })).status).toBe(200);
    }
    const closed = (await (await h.request(`/api/plans/${planId}`, { cookie: cookie.cr })).json()).plan;
    expect(closed.status).toBe('closed');
    expect(count(`select count(*) from audit_log where entity = 'improvement_plan' and entity_id = ?`, String(planId))).toBeGreaterThanOrEqual(6);
  });

  it('shows overdue actions on the compliance board and reports the month', async () => {
    const owner = h.idOf('staff');
    // Lower thresholds suggest more; only group customer relations may change them, within bounds.
    expect((await h.request('/api/common-issues/settings', { method: 'PUT', cookie: cookie.pm, json: { similarity: 0.4, minHouseholds: 2, minShare: 0.1, minShareHouseholds: 2 } })).status).toBe(403);
    expect((await h.request('/api/common-issues/settings', { method: 'PUT', cookie: cookie.cr, json: { similarity: 0.4, minHouseholds: 2, minShare: 0.1, minShareHouseholds: 2 } })).status).toBe(403);
    expect((await h.request('/api/common-issues/settings', { method: 'PUT', cookie: cookie['cr.group'], json: { similarity: 2, minHouseholds: 2, minShare: 0.1, minShareHouseholds: 2 } })).status).toBe(422);
    expect((await h.request('/api/common-issues/settings', { method: 'PUT', cookie: cookie['cr.group'], json: { similarity: 0.4, minHouseholds: 2, minShare: 0.1, minShareHouseholds: 2 } })).status).toBe(200);
    await h.request('/api/common-issues/detect', { method: 'POST', cookie: cookie['cr.group'] });
    const issue = await (await h.request('/api/common-issues?status=suggested', { cookie: cookie.cr })).json();
    const other = issue.issues[0];
    await h.request(`/api/common-issues/${other.id}/confirm`, { cookie: cookie.cr, json: { title: other.title } });
    const created = await h.request('/api/plans', {
      cookie: cookie.cr,
      json: { commonIssueId: other.id, kind: 'future', title: '标准修订', description: '修订设计标准', ownerLine: 'engineering', ownerId: owner, sampleSize: 2, actions: [{ title: '修订', ownerId: owner, dueOn: '2026-11-01' }] },
    });
    const id = (await created.json()).plan.id;
    await h.request(`/api/plans/${id}/moves`, { cookie: cookie.cr, json: { move: 'approve' } });
    const overdue = await (await h.request('/api/compliance/overdue-actions', { cookie: cookie.president })).json();
    expect(overdue.actions.map((a: { planId: number }) => a.planId)).toContain(id);
    expect((await h.request('/api/compliance/overdue-actions', { cookie: cookie.staff })).status).toBe(403);

    const region = count(`select region_id from employees where login = 'cr'`);
    const json = await (await h.request(`/api/reports/defects?regionId=${region}&month=2026-11`, { cookie: cookie.cr })).json();
    expect(json.report.newCommonIssues.map((i: { id: number }) => i.id)).toEqual(expect.arrayContaining([issueId, other.id]));
    expect(json.report.overdue.map((a: { planId: number }) => a.planId)).toContain(id);
    const xlsx = await h.request(`/api/reports/defects.xlsx?regionId=${region}&month=2026-11`, { cookie: cookie.cr });
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    const buffer = Buffer.from(await xlsx.arrayBuffer());
    const plans = await sheetOf(buffer, '方案进展');
    expect(plans[0]).toEqual(['编号', '方案', '类型', '状态', '负责人', '项目', '措施完成', '逾期措施', '关闭日期']);
    expect(plans.slice(1).map((r) => r[1])).toEqual(expect.arrayContaining(['卫生间渗漏专项整改', '标准修订']));
    const summary = await sheetOf(buffer, '概览');
    expect(summary[1]![3]).toBe(json.report.summary.visits);
    const otherRegion = count(`select min(id) from regions where id != ?`, region);
    expect((await h.request(`/api/reports/defects?regionId=${otherRegion}&month=2026-11`, { cookie: cookie.cr })).status).toBe(404);
  });
});
