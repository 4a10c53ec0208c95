import { listCategories, routeFor, slaLimitsFor } from '@frontline/db';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../../testing/world.ts';

/** Ticket settings through the API on the small group: who edits which rows, what is refused and why. */
let w: World;
beforeEach(async () => {
  w = await createWorld({ households: 0, plan: false });
});
afterEach(async () => w.cleanup());

const put = async (path: string, login: Parameters<World['as']>[0], json: unknown, locale = 'zh-CN') =>
  w.request(path, { method: 'PUT', cookie: await w.as(login), json, headers: { 'accept-language': locale } });

async function category(code: string) {
  return (await listCategories(w.db)).find((c) => c.code === code)!;
}

describe('ticket settings', () => {
  it('a regional CR admin routes their region’s projects; any-project rows and other regions are not theirs', async () => {
    const leaks = await category('leaks');
    const own = { categoryId: leaks.id, projectId: w.ids.project, line: 'engineering', handlerId: w.id('staff') };
    const saved = await put('/api/ticket-settings/routes', 'cr', own);
    expect(saved.status).toBe(200);
    const savedId = (await saved.json()).route.id;
    expect(await routeFor(w.db, { categoryId: leaks.id, projectId: w.ids.project })).toEqual({
      line: 'engineering',
      handlerId: w.id('staff'),
      routeId: savedId,
    });
    const other = await put('/api/ticket-settings/routes', 'cr', {
      ...own,
      projectId: w.ids.westProject,
      handlerId: null,
    });
    expect(other.status).toBe(404);
    const groupRow = await put('/api/ticket-settings/routes', 'cr', { ...own, projectId: null, handlerId: null });
    expect([groupRow.status, (await groupRow.json()).error.code]).toEqual([403, 'TICKET_SETTINGS_GROUP_ROW']);
    expect(
      (await put('/api/ticket-settings/routes', 'cr.group', { ...own, projectId: null, handlerId: null })).status,
    ).toBe(200);
    expect((await put('/api/ticket-settings/routes', 'staff', own)).status).toBe(403);
    expect((await w.request('/api/ticket-settings/routes', { method: 'PUT', json: own })).status).toBe(401);

    // The regional admin sees their project's rows and the group's, not the other region's.
    const list = await (await w.request('/api/ticket-settings', { cookie: await w.as('cr') })).json();
    expect(list.routes.map((r: { projectId: number | null }) => r.projectId).sort()).toEqual(
      [null, w.ids.project].sort(),
    );
    expect(list.projects.map((p: { id: number }) => p.id)).toEqual([w.ids.project]);
    expect(list.groupScope).toBe(false);

    // Deleting is audited and falls back to the group's row.
    const del = await w.request(`/api/ticket-settings/routes/${savedId}`, {
      method: 'DELETE',
      cookie: await w.as('cr'),
    });
    expect(del.status).toBe(204);
    expect((await routeFor(w.db, { categoryId: leaks.id, projectId: w.ids.project })).line).toBe('engineering');
    const audit = await w.db.kysely
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'like', 'ticket_route.%')
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual([
      'ticket_route.delete',
      'ticket_route.save',
      'ticket_route.save',
    ]);
  });

  it('refuses a handler outside the project, in the caller’s language', async () => {
    const body = { categoryId: null, projectId: w.ids.project, line: 'engineering', handlerId: w.ids.westStaff };
    const zh = await put('/api/ticket-settings/routes', 'cr', body);
    expect(zh.status).toBe(422);
    expect((await zh.json()).error.fields.handlerId).toBe('处理人须为该项目范围内的在职员工。');
    const en = await put('/api/ticket-settings/routes', 'cr', body, 'en');
    expect((await en.json()).error.fields.handlerId).toBe(
      'The handler must be an active employee who covers the project.',
    );
  });

  it('keeps SLA limits in half days, refuses other fractions, and only at group level', async () => {
    const leaks = await category('leaks');
    const limit = {
      categoryId: leaks.id,
      severity: 'major',
      firstResponseDays: 0.5,
      resolveSingleDays: 1.5,
      resolveCrossDays: 3.5,
    };
    expect((await put('/api/ticket-settings/sla-limits', 'cr', limit)).status).toBe(403);
    expect((await put('/api/ticket-settings/sla-limits', 'cr.group', limit)).status).toBe(200);
    expect(await slaLimitsFor(w.db, { categoryId: leaks.id, severity: 'major' })).toEqual({
      firstResponseDays: 0.5,
      resolveSingleDays: 1.5,
      resolveCrossDays: 3.5,
    });
    const bad = await put('/api/ticket-settings/sla-limits', 'cr.group', { ...limit, resolveSingleDays: 1.25 }, 'en');
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.fields.resolveSingleDays).toBe(
      'Limits are in half working days (such as 0.5 or 1.5).',
    );
  });

  it('edits warranty periods and the category mapping at group level', async () => {
    const cracks = await category('cracks');
    const seasons = { unit: 'seasons', count: 3, seasonEnd: '03-31' };
    expect((await put('/api/ticket-settings/warranty/periods/heating_cooling', 'cr', seasons)).status).toBe(403);
    expect((await put('/api/ticket-settings/warranty/periods/heating_cooling', 'cr.group', seasons)).status).toBe(200);
    const badEnd = await put('/api/ticket-settings/warranty/periods/heating_cooling', 'cr.group', {
      ...seasons,
      seasonEnd: '3-31',
    });
    expect(badEnd.status).toBe(422);
    expect(
      (await put(`/api/ticket-settings/warranty/categories/${cracks.id}`, 'cr.group', { kind: null })).status,
    ).toBe(200);
    const page = await (await w.request('/api/ticket-settings', { cookie: await w.as('cr.group') })).json();
    expect(page.warranty.periods.find((p: { kind: string }) => p.kind === 'heating_cooling').period).toEqual({
      kind: 'heating_cooling',
      ...seasons,
    });
    expect(page.warranty.categories.some((m: { categoryId: number }) => m.categoryId === cracks.id)).toBe(false);
  });

  it('sets a project’s service hours: start before end, a date or none, in scope', async () => {
    const path = `/api/projects/${w.ids.project}/service-hours`;
    expect((await put(path, 'cr', { workStart: '08:30', workEnd: '17:30', completedOn: '2025-06-30' })).status).toBe(
      200,
    );
    const inverted = await put(path, 'cr', { workStart: '18:00', workEnd: '09:00', completedOn: null }, 'en');
    expect(inverted.status).toBe(422);
    expect((await inverted.json()).error.fields.workEnd).toMatch(/start must be before the end/);
    expect(
      (
        await put(`/api/projects/${w.ids.westProject}/service-hours`, 'cr', {
          workStart: '09:00',
          workEnd: '18:00',
          completedOn: null,
        })
      ).status,
    ).toBe(404);
    const page = await (await w.request('/api/ticket-settings', { cookie: await w.as('cr') })).json();
    expect(page.projects[0]).toMatchObject({ workStart: '08:30', workEnd: '17:30', completedOn: '2025-06-30' });
  });
});
