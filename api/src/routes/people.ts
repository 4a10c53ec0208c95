import {
  employeeInScope,
  hasCapability,
  idParam,
  leaveInput,
  leaveParam,
  ownershipWeightInput,
  assistantInput,
  type Actor,
  type Employee,
} from '@frontline/core';
import { addLeave, getEmployee, listLeaveRecords, removeLeave, setAssistant, setOwnershipWeight } from '@frontline/db';
import { replanPerson } from '../features/planning/replan.ts';
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../http/context.ts';
import { ApiError, forbidden, notFound } from '../http/errors.ts';
import { allow, signedIn } from '../http/policy.ts';
import { auditContext } from '../http/request-info.ts';
import { input } from '../http/validate.ts';

const tags = ['organisation'];

/** A person's leave is theirs to record; their manager and people managers in scope may too. */
function mayManageLeave(actor: Actor, employee: Employee): boolean {
  if (employee.id === actor.employeeId || employee.managerId === actor.employeeId) return true;
  return hasCapability(actor.position, 'employees.manage') && employeeInScope(actor, employee);
}

async function person(c: Context<AppEnv>, id: number): Promise<Employee> {
  const employee = await getEmployee(c.get('deps').db, id);
  if (!employee || !employeeInScope(signedIn(c).actor, employee)) throw notFound();
  return employee;
}

export const peopleRoutes = new Hono<AppEnv>()
  .get('/employees/:id/leaves', allow('signed-in', { summary: 'A person’s leave periods (the planner avoids them)', tags }), input('param', idParam), async (c) => {
    const { actor } = signedIn(c);
    const employee = await person(c, c.req.valid('param').id);
    if (!mayManageLeave(actor, employee) && !hasCapability(actor.position, 'compliance.view')) throw notFound();
    return c.json({ leaves: await listLeaveRecords(c.get('deps').db, employee.id) }, 200);
  })
  .post(
    '/employees/:id/leaves',
    allow('signed-in', { summary: 'Record a leave period: the person, their manager or HR in scope; audited; re-plans proposals', tags }),
    input('param', idParam),
    input('json', leaveInput),
    async (c) => {
      const employee = await person(c, c.req.valid('param').id);
      if (!mayManageLeave(signedIn(c).actor, employee)) throw forbidden();
      const leave = await addLeave(c.get('deps').db, { ...c.req.valid('json'), employeeId: employee.id }, auditContext(c));
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
      summary: 'How large a share of the project’s households a person takes (0 = none; null = position default: executives 0, staff 1)',
      tags,
    }),
    input('param', idParam),
    input('json', ownershipWeightInput),
    async (c) => {
      const employee = await person(c, c.req.valid('param').id);
      if (employee.projectId === null) throw notFound();
      await setOwnershipWeight(c.get('deps').db, employee.id, c.req.valid('json').weight, auditContext(c));
      const replan = await replanPerson(c, employee.id);
      return c.json({ weight: c.req.valid('json').weight, ownership: replan?.status === 'done' ? replan.ownership : null, replan }, 200);
    },
  )
  .put(
    '/employees/:id/assistant',
    allow('duties.receive', { summary: 'An executive names (or clears) the assistant who may set up, move and cancel their reception days', tags }),
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
        if (!assistant || !assistant.active || assistant.id === executive.id || assistant.regionId !== executive.regionId) {
          throw new ApiError(422, 'DEPUTY_INVALID', { fieldCodes: { assistantId: 'DEPUTY_INVALID' } });
        }
      }
      await setAssistant(db, executive.id, assistantId, auditContext(c));
      return c.json({ executiveId: executive.id, assistantId }, 200);
    },
  );
