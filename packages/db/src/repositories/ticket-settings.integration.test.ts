import { DEFAULT_WARRANTY_PERIODS } from '@frontline/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, factories } from '../testing/index.ts';
import { inTransaction } from '../unit-of-work.ts';
import { installDefaultForms, listCategories } from './forms.ts';
import {
  deleteTicketRoute,
  listCategoryWarranty,
  listTicketRoutes,
  listWarrantyPeriods,
  projectServiceHours,
  routeFor,
  setCategoryWarranty,
  slaLimitsFor,
  updateProjectServiceHours,
  updateWarrantyPeriod,
  upsertTicketRoute,
  upsertTicketSlaLimit,
  warrantyPeriodFor,
} from './ticket-settings.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});
const AT = Date.UTC(2026, 10, 23, 2);

async function setUp() {
  const db = await createTestDatabase();
  cleanups.push(db.cleanup);
  const f = factories(db, AT);
  const region = await f.region();
  const project = await f.project(region.id);
  const other = await f.project(region.id);
  const categories = await listCategories(db);
  const leaks = categories.find((c) => c.code === 'leaks')!;
  const cracks = categories.find((c) => c.code === 'cracks')!;
  return { db, project, other, leaks, cracks };
}

describe('ticket settings', () => {
  it('routes fall back from (category, project) to (category, any), (any, project), (any, any)', async () => {
    const { db, project, other, leaks, cracks } = await setUp();
    const key = { categoryId: leaks.id, projectId: project.id };
    expect(await routeFor(db, key)).toEqual({ line: 'customer_relations', handlerId: null, routeId: null });
    const anyAny = await inTransaction(db, (tx) =>
      upsertTicketRoute(tx, { categoryId: null, projectId: null, line: 'property', handlerId: null }, AT),
    );
    expect((await routeFor(db, key)).routeId).toBe(anyAny);
    const anyProject = await inTransaction(db, (tx) =>
      upsertTicketRoute(tx, { categoryId: null, projectId: project.id, line: 'engineering', handlerId: null }, AT),
    );
    expect((await routeFor(db, key)).routeId).toBe(anyProject);
    expect((await routeFor(db, { ...key, projectId: other.id })).routeId).toBe(anyAny);
    const categoryAny = await inTransaction(db, (tx) =>
      upsertTicketRoute(tx, { categoryId: leaks.id, projectId: null, line: 'engineering', handlerId: null }, AT),
    );
    expect((await routeFor(db, key)).routeId).toBe(categoryAny);
    expect((await routeFor(db, { categoryId: cracks.id, projectId: project.id })).routeId).toBe(anyProject);
    const exact = await inTransaction(db, (tx) =>
      upsertTicketRoute(tx, { categoryId: leaks.id, projectId: project.id, line: 'marketing', handlerId: null }, AT),
    );
    expect(await routeFor(db, key)).toEqual({ line: 'marketing', handlerId: null, routeId: exact });
    // The same pair again rewrites its row; deleting it falls back.
    const again = await inTransaction(db, (tx) =>
      upsertTicketRoute(tx, { categoryId: leaks.id, projectId: project.id, line: 'property', handlerId: null }, AT),
    );
    expect(again).toBe(exact);
    expect(await listTicketRoutes(db)).toHaveLength(4);
    expect(await listTicketRoutes(db, { projectIds: [other.id], withAny: true })).toHaveLength(2);
    expect(await inTransaction(db, (tx) => deleteTicketRoute(tx, exact))).toBe(true);
    expect((await routeFor(db, key)).routeId).toBe(categoryAny);
  });

  it('keeps half working days in SLA limits, the category row before the any-category one', async () => {
    const { db, leaks, cracks } = await setUp();
    const limits = { firstResponseDays: 0.5, resolveSingleDays: 1.5, resolveCrossDays: 3.5 };
    await inTransaction(db, (tx) => upsertTicketSlaLimit(tx, { categoryId: null, severity: 'major', ...limits }, AT));
    await inTransaction(db, (tx) =>
      upsertTicketSlaLimit(tx, { categoryId: leaks.id, severity: 'major', ...limits, resolveSingleDays: 1 }, AT),
    );
    expect(await slaLimitsFor(db, { categoryId: cracks.id, severity: 'major' })).toEqual(limits);
    expect(await slaLimitsFor(db, { categoryId: leaks.id, severity: 'major' })).toEqual({
      ...limits,
      resolveSingleDays: 1,
    });
    expect(await slaLimitsFor(db, { categoryId: leaks.id, severity: 'general' })).toBeUndefined();
  });

  it('installs the minimum warranty periods and the mapping once, and keeps what was changed', async () => {
    const { db, leaks, cracks } = await setUp();
    expect((await listWarrantyPeriods(db)).map((p) => p.kind).sort()).toEqual([
      'decoration',
      'heating_cooling',
      'installation',
      'waterproofing',
    ]);
    expect(await warrantyPeriodFor(db, leaks.id)).toEqual(DEFAULT_WARRANTY_PERIODS.waterproofing);
    const heating = (await listCategories(db)).find((c) => c.code === 'heating_cooling')!;
    expect(await warrantyPeriodFor(db, heating.id)).toEqual({ unit: 'seasons', count: 2, seasonEnd: '03-15' });
    await inTransaction(db, async (tx) => {
      await updateWarrantyPeriod(tx, 'waterproofing', { unit: 'years', count: 8 }, AT);
      await setCategoryWarranty(tx, cracks.id, null);
    });
    await installDefaultForms(db, AT + 1);
    expect(await warrantyPeriodFor(db, leaks.id)).toEqual({ unit: 'years', count: 8 });
    expect(await warrantyPeriodFor(db, cracks.id)).toBeNull();
    expect((await listCategoryWarranty(db)).length).toBe(6);
  });

  it('updates a project’s working hours and completion date', async () => {
    const { db, project } = await setUp();
    expect(await projectServiceHours(db, project.id)).toEqual({
      hours: { start: '09:00', end: '18:00' },
      completedOn: null,
    });
    await inTransaction(db, (tx) =>
      updateProjectServiceHours(tx, project.id, { workStart: '08:30', workEnd: '17:30', completedOn: '2025-06-30' }),
    );
    expect(await projectServiceHours(db, project.id)).toEqual({
      hours: { start: '08:30', end: '17:30' },
      completedOn: '2025-06-30',
    });
  });
});
