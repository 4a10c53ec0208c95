import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reportLeak } from '../../testing/rollup.ts';
import { createWorld, type World } from '../../testing/world.ts';

/** Detection and review of common issues through the API, on the small group. */
let w: World;
beforeEach(async () => {
  w = await createWorld();
});
afterEach(async () => w.cleanup());

/** Group customer relations run detection over the leak five households of P001 reported; the suggestion of P001 as regional customer relations list it. */
async function detectedLeak() {
  await reportLeak(w);
  expect(
    (await w.request('/api/common-issues/detect', { method: 'POST', cookie: await w.as('cr.group') })).status,
  ).toBe(200);
  const list = await (await w.request('/api/common-issues?status=suggested', { cookie: await w.as('cr') })).json();
  return list.issues.find((i: { projects: { id: number }[] }) => i.projects.some((p) => p.id === w.ids.project));
}

describe('common issues', () => {
  it('runs detection (group customer relations only) and explains each report', async () => {
    await reportLeak(w);
    expect((await w.request('/api/common-issues/detect', { method: 'POST', cookie: await w.as('staff') })).status).toBe(
      403,
    );
    // Detection runs over the whole group: not a regional admin's to start.
    expect((await w.request('/api/common-issues/detect', { method: 'POST', cookie: await w.as('cr') })).status).toBe(
      403,
    );
    const run = await w.request('/api/common-issues/detect', { method: 'POST', cookie: await w.as('cr.group') });
    expect(run.status).toBe(200);
    expect((await run.json()).report.suggestions).toBeGreaterThan(0);
    const list = await (await w.request('/api/common-issues?status=suggested', { cookie: await w.as('cr') })).json();
    expect(list.lastRun.suggestions).toBeGreaterThan(0);
    for (const i of list.issues)
      expect(i.projects.some((p: { regionId: number }) => p.regionId === w.ids.east)).toBe(true);
    const mine = list.issues.find((i: { projects: { id: number }[] }) =>
      i.projects.some((p) => p.id === w.ids.project),
    );
    const detail = await (await w.request(`/api/common-issues/${mine.id}`, { cookie: await w.as('cr') })).json();
    expect(detail.items.length).toBe(mine.items);
    expect(detail.items[0].shared.length).toBeGreaterThan(0);
    // Households are masked for a manager who does not look after them.
    const text = JSON.stringify(
      (await (await w.request(`/api/common-issues/${mine.id}`, { cookie: await w.as('president') })).json()).households,
    );
    expect(text).not.toMatch(/1[3-9]\d{9}/);
  });

  it('refuses reviews that do not fit, with messages', async () => {
    const issueId = (await detectedLeak()).id;
    const dismiss = await w.request(`/api/common-issues/${issueId}/dismiss`, {
      cookie: await w.as('cr'),
      json: { reason: '' },
    });
    expect(dismiss.status).toBe(422);
    expect((await dismiss.json()).error.fields.reason).toBeTruthy();
    expect(
      (await w.request(`/api/common-issues/${issueId}/confirm`, { cookie: await w.as('pm'), json: { title: 'x' } }))
        .status,
    ).toBe(403);
    const confirmed = await w.request(`/api/common-issues/${issueId}/confirm`, {
      cookie: await w.as('cr'),
      json: { title: '卫生间吊顶渗漏' },
    });
    expect(confirmed.status).toBe(200);
    const again = await w.request(`/api/common-issues/${issueId}/confirm`, {
      cookie: await w.as('cr'),
      json: { title: 'x' },
    });
    expect(again.status).toBe(409);
    expect((await again.json()).error.message).toContain('已确认');
  });

  it('lets only group customer relations change the thresholds, within bounds', async () => {
    const settings = { similarity: 0.4, minHouseholds: 2, minShare: 0.1, minShareHouseholds: 2 };
    expect(
      (await w.request('/api/common-issues/settings', { method: 'PUT', cookie: await w.as('pm'), json: settings }))
        .status,
    ).toBe(403);
    expect(
      (await w.request('/api/common-issues/settings', { method: 'PUT', cookie: await w.as('cr'), json: settings }))
        .status,
    ).toBe(403);
    expect(
      (
        await w.request('/api/common-issues/settings', {
          method: 'PUT',
          cookie: await w.as('cr.group'),
          json: { ...settings, similarity: 2 },
        })
      ).status,
    ).toBe(422);
    expect(
      (
        await w.request('/api/common-issues/settings', {
          method: 'PUT',
          cookie: await w.as('cr.group'),
          json: settings,
        })
      ).status,
    ).toBe(200);
  });
});
