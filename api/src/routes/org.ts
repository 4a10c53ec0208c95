import { employeeInScope, employeeListQuery, idParam, mayManageEmployee, projectInScope, regionInScope, scopeOf, shanghaiDate } from '@frontline/core';
import {
  countByProject,
  getEmployee,
  getProject,
  getRegion,
  listEmployees,
  listProjectCheckpoints,
  listProjects,
  listRegions,
  setEmployeeActive,
} from '@frontline/db';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/context.ts';
import { forbidden, notFound } from '../http/errors.ts';
import { allow, signedIn } from '../http/policy.ts';
import { auditContext } from '../http/request-info.ts';
import { input } from '../http/validate.ts';
import { employeeView } from './views.ts';
import { replanPerson } from '../features/planning/replan.ts';

const tags = ['organisation'];
const projectsQuery = z.object({ regionId: z.coerce.number().int().positive().optional() });

export const orgRoutes = new Hono<AppEnv>()
  .get('/regions', allow('org.browse', { summary: 'Regions in the caller’s scope', tags }), async (c) => {
    const scope = scopeOf(signedIn(c).actor);
    const regions = (await listRegions(c.get('deps').db)).filter((r) => regionInScope(scope, r.id));
    return c.json({ items: regions }, 200);
  })
  .get('/regions/:id', allow('org.browse', { summary: 'One region with its projects in scope', tags }), input('param', idParam), async (c) => {
    const { id } = c.req.valid('param');
    const scope = scopeOf(signedIn(c).actor);
    const db = c.get('deps').db;
    const region = await getRegion(db, id);
    if (!region || !regionInScope(scope, region.id)) throw notFound();
    const projects = (await listProjects(db, { regionId: id })).filter((p) => projectInScope(scope, p));
    const counts = await countByProject(db, projects.map((p) => p.id));
    return c.json({ region, projects: projects.map((p) => ({ ...p, ...counts.get(p.id)! })) }, 200);
  })
  .get(
    '/regions/:id/employees',
    allow('org.browse', { summary: 'Regional-office employees (not on a project)', tags }),
    input('param', idParam),
    input('query', employeeListQuery),
    async (c) => {
      const { id } = c.req.valid('param');
      const q = c.req.valid('query');
      const { actor } = signedIn(c);
      const scope = scopeOf(actor);
      if (scope.kind !== 'group' && scope.kind !== 'region') throw notFound();
      if (!regionInScope(scope, id)) throw notFound();
      const page = await listEmployees(c.get('deps').db, { ...q, regionId: id, regionOnly: true });
      return c.json({ items: page.items.map((e) => employeeView(e, actor)), total: page.total }, 200);
    },
  )
  .get('/projects', allow('org.browse', { summary: 'Projects in the caller’s scope', tags }), input('query', projectsQuery), async (c) => {
    const scope = scopeOf(signedIn(c).actor);
    const db = c.get('deps').db;
    const { regionId } = c.req.valid('query');
    const projects = (await listProjects(db, regionId ? { regionId } : {})).filter((p) => projectInScope(scope, p));
    const counts = await countByProject(db, projects.map((p) => p.id));
    return c.json({ items: projects.map((p) => ({ ...p, ...counts.get(p.id)! })) }, 200);
  })
  .get('/projects/:id', allow('org.browse', { summary: 'One project with its checkpoint dates', tags }), input('param', idParam), async (c) => {
    const { id } = c.req.valid('param');
    const db = c.get('deps').db;
    const project = await getProject(db, id);
    if (!project || !projectInScope(scopeOf(signedIn(c).actor), project)) throw notFound();
    const [checkpoints, counts, region] = await Promise.all([
      listProjectCheckpoints(db, id),
      countByProject(db, [id]),
      getRegion(db, project.regionId),
    ]);
    return c.json({ project, region: region!, checkpoints, ...counts.get(id)! }, 200);
  })
  .get(
    '/projects/:id/employees',
    allow('org.browse', { summary: 'Employees of a project', tags }),
    input('param', idParam),
    input('query', employeeListQuery),
    async (c) => {
      const { id } = c.req.valid('param');
      const db = c.get('deps').db;
      const { actor } = signedIn(c);
      const project = await getProject(db, id);
      if (!project || !projectInScope(scopeOf(actor), project)) throw notFound();
      const page = await listEmployees(db, { ...c.req.valid('query'), projectId: id });
      return c.json({ items: page.items.map((e) => employeeView(e, actor)), total: page.total }, 200);
    },
  )
  .get('/employees/:id', allow('org.browse', { summary: 'One employee', tags }), input('param', idParam), async (c) => {
    const { id } = c.req.valid('param');
    const { actor } = signedIn(c);
    const employee = await getEmployee(c.get('deps').db, id);
    if (!employee || !employeeInScope(actor, employee)) throw notFound();
    return c.json(employeeView(employee, actor), 200);
  })
  .post(
    '/employees/:id/deactivate',
    allow('employees.manage', { summary: 'Mark an employee as left: ends their sessions', tags }),
    input('param', idParam),
    async (c) => setActive(c, false),
  )
  .post(
    '/employees/:id/activate',
    allow('employees.manage', { summary: 'Re-activate an employee', tags }),
    input('param', idParam),
    async (c) => setActive(c, true),
  );

async function setActive(c: import('hono').Context<AppEnv, string, { out: { param: { id: number } } }>, active: boolean) {
  const { id } = c.req.valid('param');
  const { actor } = signedIn(c);
  const deps = c.get('deps');
  const employee = await getEmployee(deps.db, id);
  if (!employee || !employeeInScope(actor, employee)) throw notFound();
  // Nobody changes their own standing, nor that of someone at or above their position.
  if (!mayManageEmployee(actor, employee)) throw forbidden();
  const today = shanghaiDate(deps.now());
  const updated = await setEmployeeActive(deps.db, id, active, { ...auditContext(c), today });
  // A leaver's households and duties move now; a joiner takes a share of the project's households.
  const replan = await replanPerson(c, id, { leaver: !active });
  return c.json({ ...employeeView(updated!, actor), replan }, 200);
}
