import { calendarWatch, capabilitiesOf, mayUse, scopeOf, shanghaiDate, type Employee } from '@frontline/core';
import { getProject, getRegion, loadWorkCalendar, type Db } from '@frontline/db';
import { Hono } from 'hono';
import type { AppEnv } from '../http/context.ts';
import { allow, signedIn } from '../http/policy.ts';

/**
 * The signed-in user as the web app needs it: who, where, what they may do,
 * and whether they must choose a new password before anything else.
 */
export async function describeMe(db: Db, employee: Employee, mustChangePassword: boolean) {
  const actor = { employeeId: employee.id, position: employee.position, line: employee.line, regionId: employee.regionId, projectId: employee.projectId };
  const [region, project] = await Promise.all([
    employee.regionId === null ? undefined : getRegion(db, employee.regionId),
    employee.projectId === null ? undefined : getProject(db, employee.projectId),
  ]);
  return {
    employee: {
      id: employee.id,
      employeeNo: employee.employeeNo,
      name: employee.name,
      line: employee.line,
      position: employee.position,
      email: employee.email,
    },
    region: region ? { id: region.id, name: region.name } : null,
    project: project ? { id: project.id, name: project.name } : null,
    scope: scopeOf(actor),
    capabilities: capabilitiesOf(actor),
    mustChangePassword,
  };
}

export const meRoutes = new Hono<AppEnv>().get(
  '/',
  allow('signed-in', { summary: 'The signed-in user with position, scope and capabilities', tags: ['auth'] }, { beforePasswordChange: true }),
  async (c) => {
    const { actor, employee, mustChangePassword } = signedIn(c);
    const deps = c.get('deps');
    const today = shanghaiDate(deps.now());
    // Those who enter the holiday notices are told on every page while one is missing.
    const calendarWatchYears = mayUse(actor, 'calendar.manage') ? calendarWatch(await loadWorkCalendar(deps.db), today, deps.calendarWatchFrom) : [];
    return c.json({ ...(await describeMe(deps.db, employee, mustChangePassword)), today, calendarWatch: calendarWatchYears }, 200);
  },
);
