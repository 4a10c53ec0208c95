import {
  assistantInput,
  employeeInScope,
  employeeListQuery,
  hasCapability,
  idParam,
  leaveInput,
  leaveParam,
  mayManageEmployee,
  ownershipWeightInput,
  projectInScope,
  regionInScope,
  scopeOf,
  shanghaiDate,
  type Employee,
  type Project,
} from '@frontline/core';
import {
  countByProject,
  getEmployee,
  getProject,
  getRegion,
  listEmployees,
  listLeaveRecords,
  listProjectCheckpoints,
  listProjects,
  listRegions,
} from '@frontline/db';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { hashPassword, temporaryPassword } from '../../auth/password.ts';
import { accountKeys } from '../../auth/throttle.ts';
import type { AppEnv } from '../../http/context.ts';
import { ApiError, forbidden, notFound } from '../../http/errors.ts';
import { allow, signedIn } from '../../http/policy.ts';
import { auditContext } from '../../http/request-info.ts';
import { input } from '../../http/validate.ts';
import { replanPerson } from '../planning/replan.ts';
import { setAssistant } from '../reception/service.ts';
import { mayBeAssistant, mayManageLeave } from './policy.ts';
import { addLeave, removeLeave, setEmployeeActive, setOwnershipWeight, setPassword } from './service.ts';
import { employeeView } from './views.ts';

const tags = ['organisation'];
const projectsQuery = z.object({ regionId: z.coerce.number().int().positive().optional() });

/** The projects the caller's scope reaches, of one region when given. */
async function projectsInScope(c: Context<AppEnv>, regionId: number | undefined): Promise<Project[]> {
  const scope = scopeOf(signedIn(c).actor);
  const projects = await listProjects(c.get('deps').db, regionId ? { regionId } : {});
  return projects.filter((p) => projectInScope(scope, p));
}

/** The person if the caller's scope reaches them (404 otherwise, so existence does not leak). */
async function person(c: Context<AppEnv>, id: number): Promise<Employee> {
  const employee = await getEmployee(c.get('deps').db, id);
  if (!employee || !employeeInScope(signedIn(c).actor, employee)) throw notFound();
  return employee;
}

export const orgRoutes = new Hono<AppEnv>()
  .get('/regions', allow('org.browse', { summary: 'Regions in the caller’s scope', tags }), async (c) => {
    const scope = scopeOf(signedIn(c).actor);
    const regions = (await listRegions(c.get('deps').db)).filter((r) => regionInScope(scope, r.id));
    return c.json({ items: regions }, 200);
  })
  .get(
    '/regions/:id',
    allow('org.browse', { summary: 'One region with its projects in scope', tags }),
    input('param', idParam),
    async (c) => {
      const { id } = c.req.valid('param');
      const scope = scopeOf(signedIn(c).actor);
      const db = c.get('deps').db;
      const region = await getRegion(db, id);
      if (!region || !regionInScope(scope, region.id)) throw notFound();
      const projects = (await listProjects(db, { regionId: id })).filter((p) => projectInScope(scope, p));
      const counts = await countByProject(
        db,
        projects.map((p) => p.id),
      );
      return c.json({ region, projects: projects.map((p) => ({ ...p, ...counts.get(p.id)! })) }, 200);
    },
  )
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
  .get(
    '/projects',
    allow('org.browse', { summary: 'Projects in the caller’s scope', tags }),
    input('query', projectsQuery),
    async (c) => {
      const projects = await projectsInScope(c, c.req.valid('query').regionId);
      const counts = await countByProject(
        c.get('deps').db,
        projects.map((p) => p.id),
      );
      return c.json({ items: projects.map((p) => ({ ...p, ...counts.get(p.id)! })) }, 200);
    },
  )
  .get(
    // Before /projects/:id, which would take `choices` for an id.
    '/projects/choices',
    allow('org.browse', { summary: 'Projects in the caller’s scope as a filter’s choices (no counts)', tags }),
    input('query', projectsQuery),
    async (c) => {
      // What pages' project filters need. /projects counts each project's employees and households,
      // which for a large region cost more than the rest of the page.
      return c.json({ items: await projectsInScope(c, c.req.valid('query').regionId) }, 200);
    },
  )
  .get(
    '/projects/:id',
    allow('org.browse', { summary: 'One project with its checkpoint dates', tags }),
    input('param', idParam),
    async (c) => {
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
    },
  )
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

async function setActive(c: Context<AppEnv, string, { out: { param: { id: number } } }>, active: boolean) {
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

export const peopleRoutes = new Hono<AppEnv>()
  .get(
    '/employees/:id/leaves',
    allow('signed-in', { summary: 'A person’s leave periods (the planner avoids them)', tags }),
    input('param', idParam),
    async (c) => {
      const { actor } = signedIn(c);
      const employee = await person(c, c.req.valid('param').id);
      if (!mayManageLeave(actor, employee) && !hasCapability(actor.position, 'compliance.view')) throw notFound();
      return c.json({ leaves: await listLeaveRecords(c.get('deps').db, employee.id) }, 200);
    },
  )
  .post(
    '/employees/:id/leaves',
    allow('signed-in', {
      summary: 'Record a leave period: the person, their manager or HR in scope; audited; re-plans proposals',
      tags,
    }),
    input('param', idParam),
    input('json', leaveInput),
    async (c) => {
      const employee = await person(c, c.req.valid('param').id);
      if (!mayManageLeave(signedIn(c).actor, employee)) throw forbidden();
      const leave = await addLeave(
        c.get('deps').db,
        { ...c.req.valid('json'), employeeId: employee.id },
        auditContext(c),
      );
      return c.json({ ...leave, replan: await replanPerson(c, employee.id) }, 201);
    },
  )
  .delete(
    '/employees/:id/leaves/:leaveId',
    allow('signed-in', { summary: 'Remove a leave period; audited', tags }),
    input('param', leaveParam),
    async (c) => {
      const { id, leaveId } = c.req.valid('param');
      const employee = await person(c, id);
      if (!mayManageLeave(signedIn(c).actor, employee)) throw forbidden();
      const leave = (await listLeaveRecords(c.get('deps').db, employee.id)).find((l) => l.id === leaveId);
      if (!leave) throw notFound();
      await removeLeave(c.get('deps').db, leave, auditContext(c));
      return c.json({ replan: await replanPerson(c, employee.id) }, 200);
    },
  )
  .put(
    '/employees/:id/ownership-weight',
    allow('households.assign', {
      summary:
        'How large a share of the project’s households a person takes (0 = none; null = position default: executives 0, staff 1)',
      tags,
    }),
    input('param', idParam),
    input('json', ownershipWeightInput),
    async (c) => {
      const employee = await person(c, c.req.valid('param').id);
      if (employee.projectId === null) throw notFound();
      await setOwnershipWeight(c.get('deps').db, employee.id, c.req.valid('json').weight, auditContext(c));
      const replan = await replanPerson(c, employee.id);
      return c.json(
        { weight: c.req.valid('json').weight, ownership: replan?.status === 'done' ? replan.ownership : null, replan },
        200,
      );
    },
  )
  .put(
    '/employees/:id/assistant',
    allow('duties.receive', {
      summary: 'An executive names (or clears) the assistant who may set up, move and cancel their reception days',
      tags,
    }),
    input('param', idParam),
    input('json', assistantInput),
    async (c) => {
      const { actor } = signedIn(c);
      const db = c.get('deps').db;
      const executive = await person(c, c.req.valid('param').id);
      if (executive.id !== actor.employeeId) throw forbidden();
      const { assistantId } = c.req.valid('json');
      if (assistantId !== null) {
        const assistant = await getEmployee(db, assistantId);
        if (!assistant || !mayBeAssistant(assistant, executive)) {
          throw new ApiError(422, 'DEPUTY_INVALID', { fieldCodes: { assistantId: 'DEPUTY_INVALID' } });
        }
      }
      await setAssistant(db, executive.id, assistantId, auditContext(c));
      return c.json({ executiveId: executive.id, assistantId }, 200);
    },
  );

export const passwordResetRoutes = new Hono<AppEnv>().post(
  '/employees/:id/password-reset',
  allow('employees.manage', {
    summary:
      'Reset a person’s password: a temporary one, shown once in this response, which they must replace at their next sign-in; ends their sessions',
    tags: ['auth'],
    description:
      'Only for people the caller may manage (a system admin anyone but themselves; an HR admin the staff, project heads and functional heads of their region): others in scope are 403, out of scope 404. The temporary password is stored hashed, never mailed and never audited.',
  }),
  input('param', idParam),
  async (c) => {
    const deps = c.get('deps');
    const { actor } = signedIn(c);
    const employee = await getEmployee(deps.db, c.req.valid('param').id);
    if (!employee || !employeeInScope(actor, employee)) throw notFound();
    if (!mayManageEmployee(actor, employee)) throw forbidden();
    const temporary = temporaryPassword();
    const done = await setPassword(
      deps.db,
      {
        employeeId: employee.id,
        passwordHash: await hashPassword(temporary),
        mustChange: true,
        action: 'employee.password-reset',
      },
      auditContext(c),
    );
    if (!done) throw notFound();
    // A locked-out person is often why the reset was asked for.
    await deps.throttle.account.succeed(accountKeys(employee));
    c.header('Cache-Control', 'no-store');
    return c.json(
      { employee: employeeView(employee, actor), temporaryPassword: temporary, sessionsEnded: done.sessionsEnded },
      200,
    );
  },
);
