import { factories } from '@frontline/db/testing';
import { demoPasswordHash, T0 } from './harness.ts';
import type { World } from './world.ts';

/**
 * Feedback for roll-up tests on the small group: visits whose households
 * report a problem, detection run and its suggestion confirmed, and sign-in
 * for whoever a plan sends to revisit.
 */

const made = new WeakMap<World, ReturnType<typeof factories>>();

/** One factory set per world: its counter keeps the visits' client ids apart. */
export function feedbackFactories(w: World): ReturnType<typeof factories> {
  const known = made.get(w);
  if (known) return known;
  const f = factories(w.db, T0);
  made.set(w, f);
  return f;
}

/** Households of a project (by id), with who looks after each. */
export async function householdsOf(w: World, projectId: number): Promise<{ id: number; owner: number | null }[]> {
  return w.db.kysely
    .selectFrom('households')
    .select(['id', 'owner_employee_id as owner'])
    .where('project_id', '=', projectId)
    .orderBy('id')
    .execute();
}

/** The first `count` households of the project each report `description` on a home visit. */
export async function report(
  w: World,
  o: { projectId: number; regionId: number; count: number; description: string; visitedOn?: string },
): Promise<number[]> {
  const households = (await householdsOf(w, o.projectId)).slice(0, o.count);
  for (const h of households) {
    await feedbackFactories(w).visitWithIssue({
      employeeId: h.owner ?? w.id('staff'),
      householdId: h.id,
      projectId: o.projectId,
      regionId: o.regionId,
      description: o.description,
      ...(o.visitedOn ? { visitedOn: o.visitedOn } : {}),
    });
  }
  return households.map((h) => h.id);
}

/** Five households of P001 report a bathroom leak: enough for detection to suggest it. */
export const reportLeak = (w: World) =>
  report(w, { projectId: w.ids.project, regionId: w.ids.east, count: 5, description: '卫生间吊顶漏水' });

/** A session for any employee (the small group's colleagues have no password of their own). */
export async function signInEmployee(w: World, employeeId: number): Promise<string> {
  const row = await w.db.kysely
    .selectFrom('employees')
    .select(['login', 'employee_no'])
    .where('id', '=', employeeId)
    .executeTakeFirstOrThrow();
  await w.db.kysely
    .updateTable('employees')
    .set({ password_hash: await demoPasswordHash() })
    .where('id', '=', employeeId)
    .where('password_hash', 'is', null)
    .execute();
  return w.signIn(row.login ?? row.employee_no);
}
