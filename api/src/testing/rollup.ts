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
export function householdsOf(w: World, projectId: number): { id: number; owner: number | null }[] {
  return w.db.sqlite.prepare('select id, owner_employee_id as owner from households where project_id = ? order by id').all(projectId) as { id: number; owner: number | null }[];
}

/** The first `count` households of the project each report `description` on a home visit. */
export async function report(w: World, o: { projectId: number; regionId: number; count: number; description: string; visitedOn?: string }): Promise<number[]> {
  const households = householdsOf(w, o.projectId).slice(0, o.count);
  for (const h of households) {
    await feedbackFactories(w).visitWithIssue({
      employeeId: h.owner ?? w.id('staff'), householdId: h.id, projectId: o.projectId, regionId: o.regionId, description: o.description,
      ...(o.visitedOn ? { visitedOn: o.visitedOn } : {}),
    });
  }
  return households.map((h) => h.id);
}

/** Five households of P001 report a bathroom leak: enough for detection to suggest it. */
export const reportLeak = (w: World) => report(w, { projectId: w.ids.project, regionId: w.ids.east, count: 5, description: '卫生间吊顶漏水' });

/** A session for any employee (the small group's colleagues have no password of their own). */
export async function signInEmployee(w: World, employeeId: number): Promise<string> {
  const row = w.db.sqlite.prepare('select login, employee_no from employees where id = ?').get(employeeId) as { login: string | null; employee_no: string };
  w.db.sqlite.prepare('update employees set password_hash = ? where id = ? and password_hash is null').run(await demoPasswordHash(), employeeId);
  return w.signIn(row.login ?? row.employee_no);
}
