import { factories } from '@frontline/db/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, demoPasswordHash, T0, type Harness } from '../../testing/harness.ts';
import { runDetection } from './service.ts';

/**
 * A common issue reported in two regions: each regional admin sees the
 * reports and households of their own region, and only counts of the other.
 * Each test builds the two regions afresh.
 */
let h: Harness;
let issueId = 0;
const units = { east: { project: 0, households: [] as number[] }, south: { project: 0, households: [] as number[] } };
const cookie = { east: '', group: '' };

beforeEach(async () => {
  h = await createHarness({ seed: false });
  units.east = { project: 0, households: [] };
  units.south = { project: 0, households: [] };
  const f = factories(h.db);
  const passwordHash = await demoPasswordHash();
  for (const side of ['east', 'south'] as const) {
    const region = await f.region();
    const project = await f.project(region.id);
    const staff = await f.employee({ regionId: region.id, projectId: project.id });
    units[side].project = project.id;
    for (let i = 0; i < 3; i++) {
      const household = await f.household(project.id, {
        ownerEmployeeId: staff.id,
        ownerName: `${side}业主${i}`,
        ownerPhone: `1380000${side === 'east' ? 1 : 2}00${i}`,
      });
      units[side].households.push(household.id);
      await f.visitWithIssue({
        employeeId: staff.id,
        householdId: household.id,
        projectId: project.id,
        regionId: region.id,
        description: '卫生间吊顶漏水',
      });
    }
    if (side === 'east')
      await f.employee({
        position: 'cr_admin',
        line: 'customer_relations',
        regionId: region.id,
        login: 'cr.east',
        passwordHash,
      });
  }
  await f.employee({ position: 'cr_admin', line: 'customer_relations', login: 'cr.all', passwordHash });
  await runDetection(h.db, { today: '2026-11-23', mail: null }, { actorId: null, at: T0 });
  issueId = await h.sql.value<number>(`select id from common_issues where scope = 'cross_project'`);
  cookie.east = await h.signIn('cr.east');
  cookie.group = await h.signIn('cr.all');
});
afterEach(async () => h.cleanup());

describe('a common issue across regions', () => {
  it('shows a regional admin the reports and households of their region, and counts of the rest', async () => {
    expect(issueId).toBeGreaterThan(0);
    const res = await h.request(`/api/common-issues/${issueId}`, { cookie: cookie.east });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.items).toHaveLength(3);
    expect(body.items.every((i: { projectId: number }) => i.projectId === units.east.project)).toBe(true);
    expect(body.households.map((x: { id: number }) => x.id).sort()).toEqual([...units.east.households].sort());
    expect(body.outOfScope).toEqual({ items: 3, households: 3 });
    expect(body.issue.projects.map((p: { id: number }) => p.id)).toEqual([units.east.project]);
    expect(body.issue.otherProjects).toBe(1);
    // Nothing of the other region's households leaves the API, not even masked.
    const text = JSON.stringify(body);
    for (const id of units.south.households)
      expect(text).not.toMatch(new RegExp(`"(id|householdIds?)":\\[?([0-9,]*,)?${id}[,\\]}]`));
  });

  it('lists the issue with the region’s projects only', async () => {
    const list = await (await h.request('/api/common-issues?status=suggested', { cookie: cookie.east })).json();
    const issue = list.issues.find((i: { id: number }) => i.id === issueId);
    expect(issue.projects.map((p: { id: number }) => p.id)).toEqual([units.east.project]);
    expect(issue.otherProjects).toBe(1);
  });

  it('shows the group everything', async () => {
    const body = await (await h.request(`/api/common-issues/${issueId}`, { cookie: cookie.group })).json();
    expect(body.items).toHaveLength(6);
    expect(body.households).toHaveLength(6);
    expect(body.outOfScope).toEqual({ items: 0, households: 0 });
  });
});
