import {
  completeDutyInput,
  delegateDutyInput,
  excuseDutyInput,
  idParam,
  myDutiesQuery,
  myDutiesRange,
  scheduleDutyInput,
  shanghaiDate,
} from '@frontline/core';
import { getDutyListItem, getEmployee, loadWorkCalendar, type DutyListItem } from '@frontline/db';
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../../http/context.ts';
import { forbidden, notFound, valueOrThrow } from '../../http/errors.ts';
import { allow, signedIn } from '../../http/policy.ts';
import { auditContext } from '../../http/request-info.ts';
import { input } from '../../http/validate.ts';
import { actsOn, allowedMoves, mayDelegate, mayExcuse } from './policy.ts';
import { completeDuty, delegateDuty, excuseDuty, myDutyViews, scheduleDuty, visibleDuty } from './service.ts';
import { dutyView } from './views.ts';

const tags = ['duties'];

async function load(c: Context<AppEnv>, id: number) {
  const found = await visibleDuty(c.get('deps').db, signedIn(c).actor, id);
  if (!found) throw notFound();
  return found;
}

async function answer(c: Context<AppEnv>, duty: DutyListItem, extra: Record<string, unknown> = {}) {
  const db = c.get('deps').db;
  const { actor } = signedIn(c);
  const owner = await getEmployee(db, duty.employeeId);
  const moves = owner ? allowedMoves(actor, duty, owner, shanghaiDate(c.get('deps').now())) : [];
  return c.json({ duty: dutyView(actor, duty, await loadWorkCalendar(db), moves), ...extra }, 200);
}

const context = (c: Context<AppEnv>) => ({
  ...auditContext(c),
  today: shanghaiDate(c.get('deps').now()),
  locale: c.get('locale'),
});

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
      const duties = await myDutyViews(deps.db, actor, range, today, q.kind);
      return c.json({ today, from: range.from, to: range.to, duties }, 200);
    },
  )
  .get(
    '/duties/:id',
    allow('signed-in', { summary: 'One duty: its person, their deputy, or a manager in scope', tags }),
    input('param', idParam),
    async (c) => {
      const { duty } = await load(c, c.req.valid('param').id);
      return answer(c, (await getDutyListItem(c.get('deps').db, duty.id))!);
    },
  )
  .post(
    '/duties/:id/schedule',
    allow('signed-in', {
      summary:
        'Set or move the date (reception days only on working days: holidays out, 调休 make-up days in); the person due or their deputy',
      tags,
    }),
    input('param', idParam),
    input('json', scheduleDutyInput),
    async (c) => {
      const { duty } = await load(c, c.req.valid('param').id);
      if (!actsOn(signedIn(c).actor, duty)) throw forbidden();
      const { duty: saved, warnings } = valueOrThrow(
        await scheduleDuty(c.get('deps').db, duty, c.req.valid('json'), context(c)),
      );
      return answer(c, saved, { warnings });
    },
  )
  .post(
    '/duties/:id/complete',
    allow('signed-in', {
      summary: 'Record a duty as done, with notes (a visit record once feedback forms exist)',
      tags,
    }),
    input('param', idParam),
    input('json', completeDutyInput),
    async (c) => {
      const { actor } = signedIn(c);
      const { duty } = await load(c, c.req.valid('param').id);
      if (!actsOn(actor, duty)) throw forbidden();
      return answer(
        c,
        valueOrThrow(await completeDuty(c.get('deps').db, duty, c.req.valid('json'), actor, context(c))),
      );
    },
  )
  .post(
    '/duties/:id/excuse',
    allow('signed-in', {
      summary: 'Excuse a duty (e.g. leave) with a reason: the person’s manager or an executive in scope',
      tags,
    }),
    input('param', idParam),
    input('json', excuseDutyInput),
    async (c) => {
      const { actor } = signedIn(c);
      const { duty, owner } = await load(c, c.req.valid('param').id);
      if (!mayExcuse(actor, owner)) throw forbidden();
      return answer(
        c,
        valueOrThrow(await excuseDuty(c.get('deps').db, duty, c.req.valid('json').reason, actor, auditContext(c))),
      );
    },
  )
  .post(
    '/duties/:id/delegate',
    allow('signed-in', {
      summary: 'Hand a duty to a deputy with a reason; the record keeps who was due and who attends',
      tags,
    }),
    input('param', idParam),
    input('json', delegateDutyInput),
    async (c) => {
      const { actor } = signedIn(c);
      const { duty, owner } = await load(c, c.req.valid('param').id);
      if (!mayDelegate(actor, duty, owner)) throw forbidden();
      return answer(
        c,
        valueOrThrow(await delegateDuty(c.get('deps').db, duty, owner, c.req.valid('json'), auditContext(c))),
      );
    },
  );
