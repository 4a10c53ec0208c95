import {
  addDaysIso,
  bookingInput,
  cancelBookingInput,
  cancelReceptionInput,
  householdInScope,
  idParam,
  mayRevealHousehold,
  privacyFor,
  moveReceptionInput,
  rebookInput,
  receptionDayInput,
  receptionDaysQuery,
  scopeOf,
  shanghaiDate,
  slotPlanInput,
  type Actor,
} from '@frontline/core';
import {
  bookSlot,
  bookingHistoryOf,
  cancelBooking,
  cancelReceptionDay,
  createReceptionDay,
  getBooking,
  getDuty,
  getHousehold,
  getProject,
  getReceptionDay,
  listBookingsOfDay,
  listReceptionDays,
  moveReceptionDay,
  rebook,
  receptionManagers,
  updateReceptionSlots,
  assistedExecutive,
  dayOfActiveSlot,
  type Booking,
  type ReceptionDay,
} from '@frontline/db';
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../http/context.ts';
import { forbidden, notFound, ApiError, throwProblem, valueOrThrow } from '../http/errors.ts';
import { allow, signedIn } from '../http/policy.ts';
import { auditContext } from '../http/request-info.ts';
import { input } from '../http/validate.ts';
import { dateWarnings } from '../features/calendar/service.ts';
import { dutyDateProblem } from '../features/duties/service.ts';
import { householdView } from './views.ts';

const tags = ['receptions'];

/** Reception days are seen by their managers and by everyone of the venue's region (who may book into them). */
function mayView(actor: Actor, day: ReceptionDay, managers: number[]): boolean {
  if (managers.includes(actor.employeeId)) return true;
  const scope = scopeOf(actor);
  return scope.kind === 'group' || actor.regionId === day.regionId;
}

async function loadDay(c: Context<AppEnv>, id: number) {
  const { actor } = signedIn(c);
  const db = c.get('deps').db;
  const day = await getReceptionDay(db, id);
  if (!day) throw notFound();
  const managers = await receptionManagers(db, day);
  if (!mayView(actor, day, managers)) throw notFound();
  return { day, managers, mayManage: managers.includes(actor.employeeId) };
}

async function managedDay(c: Context<AppEnv>, id: number) {
  const loaded = await loadDay(c, id);
  if (!loaded.mayManage) throw forbidden();
  if (loaded.day.date < shanghaiDate(c.get('deps').now())) throw new ApiError(409, 'RECEPTION_PAST');
  return loaded.day;
}

function dayView(day: ReceptionDay, extra: { mayManage: boolean }) {
  return { ...day, free: day.slots.reduce((n, s) => n + s.capacity - s.booked, 0), ...extra };
}

async function rosterOf(c: Context<AppEnv>, day: ReceptionDay, mayManage: boolean) {
  const { actor } = signedIn(c);
  const db = c.get('deps').db;
  const bookings = await listBookingsOfDay(db, day.id);
  const ids = [...new Set(bookings.map((b) => b.householdId))];
  const [households, history] = await Promise.all([Promise.all(ids.map((id) => getHousehold(db, id))), bookingHistoryOf(db, ids)]);
  const byId = new Map(households.flatMap((h) => (h ? [[h.id, h] as const] : [])));
  // Staff see their own bookings' households; managers of the day and CR in scope see the whole roster.
  const visible = (b: Booking) => mayManage || b.bookedBy === actor.employeeId || householdInScope(actor, byId.get(b.householdId)!);
  return bookings.filter(visible).map((b) => {
    const h = byId.get(b.householdId)!;
    // Notes are free text about the household: masked for those who may not reveal it.
    const privacy = privacyFor(actor, [h]);
    return {
      ...b,
      note: privacy.text(b.note) ?? '',
      household: householdView(h, { canReveal: mayRevealHousehold(actor, h) }),
      history: history.filter((x) => x.householdId === b.householdId && x.id !== b.id).map((x) => ({
        id: x.id, date: x.date, startsAt: x.startsAt, status: x.status, reason: x.reason, note: privacy.text(x.note) ?? '', topic: x.dayTopic, executiveName: x.executiveName, venue: x.venue,
      })),
    };
  });
}

export const receptionRoutes = new Hono<AppEnv>()
  .get(
    '/reception-days',
    allow('signed-in', { summary: 'Reception days the caller runs (mine=true) or may book into (their region); default the next 8 weeks', tags }),
    input('query', receptionDaysQuery),
    async (c) => {
      const { actor } = signedIn(c);
      const deps = c.get('deps');
      const today = shanghaiDate(deps.now());
      const q = c.req.valid('query');
      const from = q.from ?? today;
      const to = q.to ?? addDaysIso(from, 56);
      const scope = scopeOf(actor);
      const mine = q.mine === 'true';
      const assisted = await assistedExecutive(deps.db, actor.employeeId);
      const days = await listReceptionDays(deps.db, {
        from,
        to,
        projectId: q.projectId,
        ...(mine ? { employeeIds: [actor.employeeId, ...(assisted ? [assisted] : [])] } : {}),
        ...(!mine && scope.kind !== 'group' ? { regionIds: actor.regionId === null ? [] : [actor.regionId] } : {}),
      });
      return c.json({ from, to, days: days.map((d) => dayView(d, { mayManage: d.employeeId === actor.employeeId || d.employeeId === assisted })) }, 200);
    },
  )
  .get('/reception-days/:id', allow('signed-in', { summary: 'A reception day with its slots and roster (households masked, with their booking history)', tags }), input('param', idParam), async (c) => {
    const { day, mayManage } = await loadDay(c, c.req.valid('param').id);
    return c.json({ day: dayView(day, { mayManage }), bookings: await rosterOf(c, day, mayManage) }, 200);
  })
  .post(
    '/reception-days',
    allow('signed-in', { summary: 'Turn a reception duty into a reception day at a venue, with slots; invites the executive. The executive, their deputy or their assistant', tags }),
    input('json', receptionDayInput),
    async (c) => {
      const { actor } = signedIn(c);
      const deps = c.get('deps');
      const body = c.req.valid('json');
      const duty = await getDuty(deps.db, body.dutyId);
      if (!duty) throw notFound();
      const managers = await receptionManagers(deps.db, { employeeId: duty.employeeId, dutyId: duty.id });
      if (!managers.includes(actor.employeeId)) throw notFound();
      const project = await getProject(deps.db, body.projectId);
      if (!project || project.regionId !== duty.regionId) throw new ApiError(422, 'VENUE_NOT_IN_REGION', { fieldCodes: { projectId: 'VENUE_NOT_IN_REGION' } });
      throwProblem(await dutyDateProblem(deps.db, duty, body.date, shanghaiDate(deps.now()), project.id));
      const day = valueOrThrow(await createReceptionDay(deps.db, body, auditContext(c), deps.mail));
      return c.json({ day: dayView(day, { mayManage: true }), warnings: await dateWarnings(deps.db, day.date, c.get('locale')) }, 201);
    },
  )
  .post(
    '/reception-days/:id/move',
    allow('signed-in', { summary: 'Move a reception day to another working day; bookings move with it (or are released on a clash), everyone is told', tags }),
    input('param', idParam),
    input('json', moveReceptionInput),
    async (c) => {
      const deps = c.get('deps');
      const day = await managedDay(c, c.req.valid('param').id);
      const { date, reason } = c.req.valid('json');
      throwProblem(await dutyDateProblem(deps.db, (await getDuty(deps.db, day.dutyId))!, date, shanghaiDate(deps.now()), day.projectId));
      const moved = valueOrThrow(await moveReceptionDay(deps.db, day.id, date, reason, auditContext(c), deps.mail));
      return c.json({ day: dayView(moved, { mayManage: true }), warnings: await dateWarnings(deps.db, moved.date, c.get('locale')) }, 200);
    },
  )
  .put(
    '/reception-days/:id/slots',
    allow('signed-in', { summary: 'Change the times, slot length, capacity or topic; bookings are kept in the slot covering their time, or the change is refused', tags }),
    input('param', idParam),
    input('json', slotPlanInput.extend({ topic: receptionDayInput.shape.topic.optional() })),
    async (c) => {
      const deps = c.get('deps');
      const day = await managedDay(c, c.req.valid('param').id);
      const updated = valueOrThrow(await updateReceptionSlots(deps.db, day.id, c.req.valid('json'), auditContext(c), deps.mail));
      return c.json({ day: dayView(updated, { mayManage: true }) }, 200);
    },
  )
  .post(
    '/reception-days/:id/cancel',
    allow('signed-in', { summary: 'Cancel a reception day with a reason: bookings released, attendees sent a cancellation, the duty owed again', tags }),
    input('param', idParam),
    input('json', cancelReceptionInput),
    async (c) => {
      const deps = c.get('deps');
      const day = await managedDay(c, c.req.valid('param').id);
      const cancelled = valueOrThrow(await cancelReceptionDay(deps.db, day.id, c.req.valid('json').reason, auditContext(c), deps.mail));
      return c.json({ day: dayView(cancelled, { mayManage: true }) }, 200);
    },
  )
  .post(
    '/reception-days/:id/bookings',
    allow('households.view', { summary: 'Book a household (your own, or one in your scope) into a slot; never overbooked, one booking per household a day', tags }),
    input('param', idParam),
    input('json', bookingInput),
    async (c) => {
      const { actor } = signedIn(c);
      const deps = c.get('deps');
      const { day } = await loadDay(c, c.req.valid('param').id);
      const body = c.req.valid('json');
      if (!day.slots.some((s) => s.id === body.slotId)) throw new ApiError(422, 'NOT_FOUND', { fieldCodes: { slotId: 'NOT_FOUND' } });
      const household = await getHousehold(deps.db, body.householdId);
      if (!household || !householdInScope(actor, household)) throw new ApiError(422, 'NOT_FOUND', { fieldCodes: { householdId: 'NOT_FOUND' } });
      if (household.regionId !== day.regionId) throw new ApiError(422, 'HOUSEHOLD_OTHER_REGION', { fieldCodes: { householdId: 'HOUSEHOLD_OTHER_REGION' } });
      const booking = valueOrThrow(await bookSlot(deps.db, { ...body, bookedBy: actor.employeeId }, shanghaiDate(deps.now()), auditContext(c), deps.mail));
      return c.json({ booking }, 201);
    },
  )
  .post(
    '/bookings/:id/cancel',
    allow('signed-in', { summary: 'Cancel a booking with a reason: who booked it, the household’s owner, or the day’s managers', tags }),
    input('param', idParam),
    input('json', cancelBookingInput),
    async (c) => {
      const deps = c.get('deps');
      const booking = await bookingFor(c, c.req.valid('param').id);
      return c.json({ booking: valueOrThrow(await cancelBooking(deps.db, booking.id, c.req.valid('json').reason, auditContext(c), deps.mail)) }, 200);
    },
  )
  .post(
    '/bookings/:id/rebook',
    allow('signed-in', { summary: 'Move a booking to another slot (of any open day the caller can see), with a reason', tags }),
    input('param', idParam),
    input('json', rebookInput),
    async (c) => {
      const deps = c.get('deps');
      const booking = await bookingFor(c, c.req.valid('param').id);
      const { slotId, reason } = c.req.valid('json');
      const target = await dayOfActiveSlot(deps.db, slotId);
      if (target === undefined) throw new ApiError(422, 'NOT_FOUND', { fieldCodes: { slotId: 'NOT_FOUND' } });
      await loadDay(c, target);
      return c.json({ booking: valueOrThrow(await rebook(deps.db, booking.id, slotId, reason, shanghaiDate(deps.now()), auditContext(c), deps.mail)) }, 200);
    },
  );

/** A booking the caller may change: they booked it, own the household, or run the day. */
async function bookingFor(c: Context<AppEnv>, id: number): Promise<Booking> {
  const { actor } = signedIn(c);
  const db = c.get('deps').db;
  const booking = await getBooking(db, id);
  if (!booking) throw notFound();
  const { mayManage } = await loadDay(c, booking.dayId);
  const household = await getHousehold(db, booking.householdId);
  if (!(mayManage || booking.bookedBy === actor.employeeId || household?.ownerEmployeeId === actor.employeeId)) throw forbidden();
  return booking;
}
