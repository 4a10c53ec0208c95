import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, factories } from '../testing/index.ts';
import {
  getImprovementPlanRecord,
  involvedInImprovementPlan,
  openVerificationsOf,
  saveImprovementPlanStatus,
} from './improvement-plans.ts';

const AT = Date.UTC(2026, 10, 23, 2);
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

/** A plan awaiting its one revisit, owned by one employee and revisited by another. */
async function awaiting() {
  const db = await createTestDatabase();
  cleanups.push(db.cleanup);
  const f = factories(db, AT);
  const region = await f.region();
  const project = await f.project(region.id);
  const owner = await f.employee({ regionId: region.id, projectId: project.id });
  const verifier = await f.employee({ regionId: region.id, projectId: project.id });
  const other = await f.employee({ regionId: region.id, projectId: project.id });
  const household = await f.household(project.id, { ownerEmployeeId: verifier.id });
  const plan = await f.awaitingVerification({
    ownerId: owner.id,
    verifierId: verifier.id,
    householdId: household.id,
    regionId: region.id,
    projectId: project.id,
    dueTo: '2026-12-14',
  });
  return { db, plan, owner, verifier, other };
}

describe('the improvement-plans repository', () => {
  it('saves a status only from the status it was read in', async () => {
    const { db, plan } = await awaiting();
    expect(
      await db.kysely
        .transaction()
        .execute((tx) =>
          saveImprovementPlanStatus(tx, plan.planId, { from: 'in_progress', to: 'closed', closedOn: '2026-11-23' }, AT),
        ),
    ).toBe(false);
    expect(await getImprovementPlanRecord(db, plan.planId)).toMatchObject({
      status: 'awaiting_verification',
      closedOn: null,
    });
    expect(
      await db.kysely
        .transaction()
        .execute((tx) =>
          saveImprovementPlanStatus(
            tx,
            plan.planId,
            { from: 'awaiting_verification', to: 'closed', closedOn: '2026-11-23' },
            AT,
          ),
        ),
    ).toBe(true);
    expect(await getImprovementPlanRecord(db, plan.planId)).toMatchObject({
      status: 'closed',
      closedOn: '2026-11-23',
      updatedAt: AT,
    });
  });

  it('knows who takes part in a plan and which revisits they owe', async () => {
    const { db, plan, owner, verifier, other } = await awaiting();
    expect(await involvedInImprovementPlan(db, plan.planId, owner.id)).toBe(true);
    expect(await involvedInImprovementPlan(db, plan.planId, verifier.id)).toBe(true);
    expect(await involvedInImprovementPlan(db, plan.planId, other.id)).toBe(false);
    expect(await openVerificationsOf(db, verifier.id)).toEqual([
      {
        id: expect.any(Number),
        planId: plan.planId,
        planTitle: '返修',
        householdId: expect.any(Number),
        dueTo: '2026-12-14',
        dutyId: plan.dutyId,
      },
    ]);
    expect(await openVerificationsOf(db, owner.id)).toEqual([]);
  });
});
