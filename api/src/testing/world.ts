import { getEmployee } from '@frontline/db';
import { planDemo } from '@frontline/db/seed';
import { factories } from '@frontline/db/testing';
import { shanghaiDate, type Actor } from '@frontline/core';
import { createHarness, demoPasswordHash, T0, type Harness, type HarnessOptions } from './harness.ts';

/**
 * A small group for API tests that need people in their places: two regions
 * of one project each, with the demo's logins in the first (a system admin,
 * the regional president, the engineering head, the project head, two staff
 * of whom one in customer relations, the regional customer-relations and HR
 * admins) and the group's customer-relations and HR admins; a second staff
 * member and households in each project, planned from T0 like the demo.
 * Built afresh per test: about a second, not the demo group's 400 people.
 */
export const WORLD_LOGINS = [
  'admin',
  'president',
  'head.engineering',
  'pm',
  'staff',
  'staff.cr',
  'cr',
  'hr',
  'cr.group',
  'hr.group',
] as const;
export type WorldLogin = (typeof WORLD_LOGINS)[number];

export type World = Harness & {
  ids: { east: number; west: number; project: number; westProject: number; colleague: number; westStaff: number };
  /** The employee id of a login. */
  id(login: WorldLogin): number;
  /** A signed-in session's cookie, made on first use. */
  as(login: WorldLogin): Promise<string>;
  /** A login as services see the caller. */
  actor(login: WorldLogin): Promise<Actor>;
};

export async function createWorld(
  options: { households?: number; plan?: boolean } & Omit<HarnessOptions, 'seed'> = {},
): Promise<World> {
  const { households, plan, ...harness } = options;
  const h = await createHarness({ ...harness, seed: false });
  const f = factories(h.db, T0);
  const passwordHash = await demoPasswordHash();
  const east = await f.region({ code: 'EAST', name: '华东区域' });
  const west = await f.region({ code: 'WEST', name: '西南区域', city: '成都' });
  const project = await f.project(east.id, { code: 'P001', name: '滨江一号' });
  const westProject = await f.project(west.id, { code: 'P002', name: '锦城花园' });
  const person = (login: WorldLogin, over: Parameters<typeof f.employee>[0]) =>
    f.employee({ ...over, login, passwordHash });
  const president = await person('president', {
    position: 'regional_president',
    line: 'president_office',
    regionId: east.id,
  });
  const pm = await person('pm', {
    position: 'project_head',
    line: 'president_office',
    regionId: east.id,
    projectId: project.id,
    managerId: president.id,
  });
  const logins: Record<WorldLogin, number> = {
    admin: (await person('admin', { position: 'system_admin', line: null })).id,
    president: president.id,
    'head.engineering': (
      await person('head.engineering', {
        position: 'functional_head',
        line: 'engineering',
        regionId: east.id,
        managerId: president.id,
      })
    ).id,
    pm: pm.id,
    staff: (
      await person('staff', {
        position: 'staff',
        line: 'engineering',
        regionId: east.id,
        projectId: project.id,
        managerId: pm.id,
      })
    ).id,
    'staff.cr': (
      await person('staff.cr', {
        position: 'staff',
        line: 'customer_relations',
        regionId: east.id,
        projectId: project.id,
        managerId: pm.id,
      })
    ).id,
    cr: (await person('cr', { position: 'cr_admin', line: 'customer_relations', regionId: east.id })).id,
    hr: (await person('hr', { position: 'hr_admin', line: 'hr', regionId: east.id })).id,
    'cr.group': (await person('cr.group', { position: 'cr_admin', line: 'customer_relations' })).id,
    'hr.group': (await person('hr.group', { position: 'hr_admin', line: 'hr' })).id,
  };
  const colleague = await f.employee({ name: '同事甲', regionId: east.id, projectId: project.id, managerId: pm.id });
  const westStaff = await f.employee({ name: '西南员工', regionId: west.id, projectId: westProject.id });
  for (let i = 0; i < (households ?? 6); i++) {
    await f.household(project.id, { building: '1', unit: '1', room: String(1501 + i) });
    await f.household(westProject.id, { building: '2', unit: '1', room: String(801 + i) });
  }
  if (plan !== false) await planDemo(h.db, shanghaiDate(T0), T0);
  const cookies = new Map<WorldLogin, string>();
  return {
    ...h,
    ids: {
      east: east.id,
      west: west.id,
      project: project.id,
      westProject: westProject.id,
      colleague: colleague.id,
      westStaff: westStaff.id,
    },
    id: (login) => logins[login],
    async actor(login) {
      const e = (await getEmployee(h.db, logins[login]))!;
      return { employeeId: e.id, position: e.position, line: e.line, regionId: e.regionId, projectId: e.projectId };
    },
    async as(login) {
      const known = cookies.get(login);
      if (known) return known;
      const cookie = await h.signIn(login);
      cookies.set(login, cookie);
      return cookie;
    },
  };
}
