import {
  actsOnDuty,
  applyDutyAction,
  completeDutyInput,
  delegateDutyInput,
  employeeInScope,
  excuseDutyInput,
  hasCapability,
  idParam,
  mayApproveFor,
  myDutiesQuery,
  myDutiesRange,
  scheduleDutyInput,
  shanghaiDate,
  type Actor,
  type DutyAction,
  type Employee,
} from '@frontline/core';
import {
  dutyState,
  getDuty,
  getDutyListItem,
  getEmployee,
  getHousehold,
  getReceptionDayOfDuty,
  listDutiesOf,
  loadWorkCalendar,
  saveDutyState,
  type Duty,
} from '@frontline/db';
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../http/context.ts';
import { ApiError, forbidden, fromAppError, notFound } from '../http/errors.ts';
import { allow, signedIn } from '../http/policy.ts';
import { auditContext } from '../http/request-info.ts';
import { input } from '../http/validate.ts';
import { dateWarnings } from '../features/calendar/service.ts';
import { assertDutyDate } from './duty-date.ts';
import { dutyView } from './views.ts';

const tags = ['duties'];

/** The person due and their deputy act on a duty; managers whose scope covers the person may look. */
const isMine = (actor: Actor, duty: Duty) => actsOnDuty(duty, actor.employeeId);

async function load(c: Context<AppEnv>, id: number): Promise<{ duty: Duty; owner: Employee }> {
  const { actor } = signedIn(c);
  const db = c.get('deps').db;
  const duty = await getDuty(db, id);
  if (!duty) throw notFound();
  const owner = (await getEmployee(db, duty.employeeId))!;
  const visible = isMine(actor, duty) || (hasCapability(actor.position, 'compliance.view') && employeeInScope(actor, owner)) || owner.managerId === actor.employeeId;
  if (!visible) throw notFound();
  return { duty, owner };
}

async function transition(
  c: Context<AppEnv>,
  duty: Duty,
  action: DutyAction,
  name: string,
  extra: { householdId?: number | null } = {},
  answer: Record<string, unknown> = {},
) {
  const result = applyDutyAction(dutyState(duty), action);
  if (!result.ok) throw fromAppError(result.error);
  const saved = await saveDutyState(c.get('deps').db, duty, { ...result.value, ...extra }, name, auditContext(c));
  if (!saved) throw new ApiError(409, 'CONFLICT');
  return c.json({ duty: dutyView(signedIn(c).actor, (await getDutyListItem(c.get('deps').db, duty.id))!, await loadWorkCalendar(c.get('deps').db)), ...answer }, 200);
}

export const dutyRoutes = new Hono<AppEnv>()
  .get(
    '/me/duties',
    allow('signed-in', {
      summary: 'The caller’s duties (due, or delegated to them) whose window overlaps from–to; default ±3 months',
      tags,
    }),
    input('query', myDutiesQuery),
    async (c) => {
      const { actor } = signedIn(c);
      const deps = c.get('deps');
      const today = shanghaiDate(deps.now());
      const q = c.req.valid('query');
      const range = { ...myDutiesRange(today), ...(q.from ? { from: q.from } : {}), ...(q.to ? { to: q.to } : {}) };
      const duties = await listDutiesOf(deps.db, actor.employeeId, range, q.kind);
      const calendar = await loadWorkCalendar(deps.db);
      return c.json({ today, from: range.from, to: range.to, duties: duties.map((d) => dutyView(actor, d, calendar)) }, 200);
    },
  )
  .get('/duties/:id', allow('signed-in', { summary: 'One duty: its person, their deputy, or a manager in scope', tags }), input('param', idParam), async (c) => {
    const { duty } = await load(c, c.req.valid('param').id);
    return c.json({ duty: dutyView(signedIn(c).actor, (await getDutyListItem(c.get('deps').db, duty.id))!, await loadWorkCalendar(c.get('deps').db)) }, 200);
  })
  .post(
    '/duties/:id/schedule',
    allow('signed-in', {
      summary: 'Set or move the date (reception days only on working days: holidays out, 调休 make-up days in); the person due or their deputy',
      tags,
    }),
    input('param', idParam),
    input('json', scheduleDutyInput),
    async (c) => {
      const { actor } = signedIn(c);
      const deps = c.get('deps');
      const { duty } = await load(c, c.req.valid('param').id);
      if (!isMine(actor, duty)) throw forbidden();
      // A reception day carries its own date (and its bookings and invites): move the day instead.
      const day = duty.kind === 'reception' ? await getReceptionDayOfDuty(deps.db, duty.id) : undefined;
      if (day && day.status === 'open') throw new ApiError(409, 'RECEPTION_EXISTS', { fieldCodes: { date: 'RECEPTION_EXISTS' } });
      const { date, householdId } = c.req.valid('json');
      await assertDutyDate(deps.db, duty, date, shanghaiDate(deps.now()));
      if (householdId !== undefined) {
        const household = await getHousehold(deps.db, householdId);
        if (!household || household.ownerEmployeeId !== duty.employeeId) throw new ApiError(422, 'HOUSEHOLD_NOT_YOURS', { fieldCodes: { householdId: 'HOUSEHOLD_NOT_YOURS' } });
      }
      const warnings = duty.kind === 'reception' ? await dateWarnings(deps.db, date, c.get('locale')) : [];
      return transition(c, duty, { type: 'schedule', on: date }, 'schedule', householdId === undefined ? {} : { householdId }, { warnings });
    },
  )
  .post(
    '/duties/:id/complete',
    allow('signed-in', { summary: 'Record a duty as done, with notes (a visit record once feedback forms exist)', tags }),
    input('param', idParam),
    input('json', completeDutyInput),
    async (c) => {
      const { actor } = signedIn(c);
      const { duty } = await load(c, c.req.valid('param').id);
      if (!isMine(actor, duty)) throw forbidden();
      const today = shanghaiDate(c.get('deps').now());
      const { date = today, notes } = c.req.valid('json');
      if (date > today || date < duty.dueFrom) {
        throw new ApiError(422, 'DATE_OUTSIDE_WINDOW', { params: { from: duty.dueFrom, to: today }, fieldCodes: { date: 'DATE_OUTSIDE_WINDOW' } });
      }
      return transition(c, duty, { type: 'complete', on: date, notes, attendedBy: actor.employeeId }, 'complete');
    },
  )
  .post(
    '/duties/:id/excuse',
    allow('signed-in', { summary: 'Excuse a duty (e.g. leave) with a reason: the person’s manager or an executive in scope', tags }),
    input('param', idParam),
    input('json', excuseDutyInput),
    async (c) => {
      const { actor } = signedIn(c);
      const { duty, owner } = await load(c, c.req.valid('param').id);
      if (!mayApproveFor(actor, owner)) throw forbidden();
      return transition(c, duty, { type: 'excuse', reason: c.req.valid('json').reason, approvedBy: actor.employeeId }, 'excuse');
    },
  )
  .post(
    '/duties/:id/delegate',
    allow('signed-in', { summary: 'Hand a duty to a deputy with a reason; the record keeps who was due and who attends', tags }),
    input('param', idParam),
    input('json', delegateDutyInput),
    async (c) => {
      const { actor } = signedIn(c);
      const db = c.get('deps').db;
      const { duty, owner } = await load(c, c.req.valid('param').id);
      if (duty.employeeId !== actor.employeeId && !mayApproveFor(actor, owner)) throw forbidden();
      const { deputyId, reason } = c.req.valid('json');
      const deputy = await getEmployee(db, deputyId);
      if (!deputy || !deputy.active || deputy.id === owner.id || deputy.regionId !== owner.regionId) {
        throw new ApiError(422, 'DEPUTY_INVALID', { fieldCodes: { deputyId: 'DEPUTY_INVALID' } });
      }
      return transition(c, duty, { type: 'delegate', deputyId, reason }, 'delegate');
    },
  );
