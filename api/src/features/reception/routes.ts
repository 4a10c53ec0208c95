import {
  addDaysIso,
  bookingInput,
  cancelBookingInput,
  cancelReceptionInput,
  idParam,
  moveReceptionInput,
  rebookInput,
  receptionDayInput,
  receptionDaysQuery,
  shanghaiDate,
  slotPlanInput,
} from '@frontline/core';
import {
  dayOfActiveSlot,
  getBooking,
  getDuty,
  getHousehold,
  getProject,
  receptionManagers,
  type Booking,
} from '@frontline/db';
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../../http/context.ts';
import { ApiError, forbidden, notFound, valueOrThrow } from '../../http/errors.ts';
import { allow, signedIn } from '../../http/policy.ts';
import { auditContext } from '../../http/request-info.ts';
import { input } from '../../http/validate.ts';
import { dateWarnings } from '../calendar/service.ts';
import { mayBookHousehold, mayChangeBooking, mayManageDay, venueInDutyRegion } from './policy.ts';
import {
  bookSlot,
  cancelBooking,
  cancelReceptionDay,
  listDaysFor,
  moveReceptionDay,
  rebook,
  rosterOf,
  setUpReceptionDay,
  updateReceptionSlots,
  visibleDay,
  type ReceptionContext,
} from './service.ts';
import { dayView } from './views.ts';

const tags = ['receptions'];

/** The day if the caller may see it (404 otherwise, so existence does not leak). */
async function loadDay(c: Context<AppEnv>, id: number) {
  const loaded = await visibleDay(c.get('deps').db, signedIn(c).actor, id);
  if (!loaded) throw notFound();
  return loaded;
}

/** A day the caller runs (403 for others who may see it). */
async function managedDay(c: Context<AppEnv>, id: number) {
  const loaded = await loadDay(c, id);
  if (!loaded.mayManage) throw forbidden();
  return loaded.day;
}

/** A booking the caller may change: they booked it, own the household, or run the day. */
async function bookingFor(c: Context<AppEnv>, id: number): Promise<Booking> {
  const { actor } = signedIn(c);
  const db = c.get('deps').db;
  const booking = await getBooking(db, id);
  if (!booking) throw notFound();
  const { mayManage } = await loadDay(c, booking.dayId);
  if (!mayChangeBooking(actor, booking, await getHousehold(db, booking.householdId), mayManage)) throw forbidden();
  return booking;
}

const receptionContext = (c: Context<AppEnv>): ReceptionContext => ({
  ...auditContext(c),
  today: shanghaiDate(c.get('deps').now()),
});

export const receptionRoutes = new Hono<AppEnv>()
  .get(
    '/reception-days',
    allow('signed-in', {
      summary: 'Reception days the caller runs (mine=true) or may book into (their region); default the next 8 weeks',
      tags,
    }),
    input('query', receptionDaysQuery),
    async (c) => {
      const deps = c.get('deps');
      const q = c.req.valid('query');
      const from = q.from ?? shanghaiDate(deps.now());
      const to = q.to ?? addDaysIso(from, 56);
      return c.json(
        {
          from,
          to,
          days: await listDaysFor(deps.db, signedIn(c).actor, {
            from,
            to,
            projectId: q.projectId,
            mine: q.mine === 'true',
          }),
        },
        200,
      );
    },
  )
  .get(
    '/reception-days/:id',
    allow('signed-in', {
      summary: 'A reception day with its slots and roster (households masked, with their booking history)',
      tags,
    }),
    input('param', idParam),
    async (c) => {
      const { day, mayManage } = await loadDay(c, c.req.valid('param').id);
      return c.json(
        {
          day: dayView(day, { mayManage }),
          bookings: await rosterOf(c.get('deps').db, signedIn(c).actor, day, mayManage),
        },
        200,
      );
    },
  )
  .post(
    '/reception-days',
    allow('signed-in', {
      summary:
        'Turn a reception duty into a reception day at a venue, with slots; invites the executive. The executive, their deputy or their assistant',
      tags,
    }),
    input('json', receptionDayInput),
    async (c) => {
      const { actor } = signedIn(c);
      const deps = c.get('deps');
      const body = c.req.valid('json');
      const duty = await getDuty(deps.db, body.dutyId);
      if (
        !duty ||
        !mayManageDay(actor, await receptionManagers(deps.db, { employeeId: duty.employeeId, dutyId: duty.id }))
      )
        throw notFound();
      if (!venueInDutyRegion(await getProject(deps.db, body.projectId), duty))
        throw new ApiError(422, 'VENUE_NOT_IN_REGION', { fieldCodes: { projectId: 'VENUE_NOT_IN_REGION' } });
      const day = valueOrThrow(await setUpReceptionDay(deps.db, duty, body, receptionContext(c), deps.mail));
      return c.json(
        { day: dayView(day, { mayManage: true }), warnings: await dateWarnings(deps.db, day.date, c.get('locale')) },
        201,
      );
    },
  )
  .post(
    '/reception-days/:id/move',
    allow('signed-in', {
      summary:
        'Move a reception day to another working day; bookings move with it (or are released on a clash), everyone is told',
      tags,
    }),
    input('param', idParam),
    input('json', moveReceptionInput),
    async (c) => {
      const deps = c.get('deps');
      const day = await managedDay(c, c.req.valid('param').id);
      const { date, reason } = c.req.valid('json');
      const moved = valueOrThrow(await moveReceptionDay(deps.db, day, date, reason, receptionContext(c), deps.mail));
      return c.json(
        {
          day: dayView(moved, { mayManage: true }),
          warnings: await dateWarnings(deps.db, moved.date, c.get('locale')),
        },
        200,
      );
    },
  )
  .put(
    '/reception-days/:id/slots',
    allow('signed-in', {
      summary:
        'Change the times, slot length, capacity or topic; bookings are kept in the slot covering their time, or the change is refused',
      tags,
    }),
    input('param', idParam),
    input('json', slotPlanInput.extend({ topic: receptionDayInput.shape.topic.optional() })),
    async (c) => {
      const deps = c.get('deps');
      const day = await managedDay(c, c.req.valid('param').id);
      const updated = valueOrThrow(
        await updateReceptionSlots(deps.db, day, c.req.valid('json'), receptionContext(c), deps.mail),
      );
      return c.json({ day: dayView(updated, { mayManage: true }) }, 200);
    },
  )
  .post(
    '/reception-days/:id/cancel',
    allow('signed-in', {
      summary:
        'Cancel a reception day with a reason: bookings released, attendees sent a cancellation, the duty owed again',
      tags,
    }),
    input('param', idParam),
    input('json', cancelReceptionInput),
    async (c) => {
      const deps = c.get('deps');
      const day = await managedDay(c, c.req.valid('param').id);
      const cancelled = valueOrThrow(
        await cancelReceptionDay(deps.db, day, c.req.valid('json').reason, receptionContext(c), deps.mail),
      );
      return c.json({ day: dayView(cancelled, { mayManage: true }) }, 200);
    },
  )
  .post(
    '/reception-days/:id/bookings',
    allow('households.view', {
      summary:
        'Book a household (your own, or one in your scope) into a slot; never overbooked, one booking per household a day',
      tags,
    }),
    input('param', idParam),
    input('json', bookingInput),
    async (c) => {
      const { actor } = signedIn(c);
      const deps = c.get('deps');
      const { day } = await loadDay(c, c.req.valid('param').id);
      const body = c.req.valid('json');
      if (!day.slots.some((s) => s.id === body.slotId))
        throw new ApiError(422, 'NOT_FOUND', { fieldCodes: { slotId: 'NOT_FOUND' } });
      const household = await getHousehold(deps.db, body.householdId);
      if (!household || !mayBookHousehold(actor, household))
        throw new ApiError(422, 'NOT_FOUND', { fieldCodes: { householdId: 'NOT_FOUND' } });
      if (household.regionId !== day.regionId)
        throw new ApiError(422, 'HOUSEHOLD_OTHER_REGION', { fieldCodes: { householdId: 'HOUSEHOLD_OTHER_REGION' } });
      const booking = valueOrThrow(
        await bookSlot(deps.db, { ...body, bookedBy: actor.employeeId }, receptionContext(c), deps.mail),
      );
      return c.json({ booking }, 201);
    },
  )
  .post(
    '/bookings/:id/cancel',
    allow('signed-in', {
      summary: 'Cancel a booking with a reason: who booked it, the household’s owner, or the day’s managers',
      tags,
    }),
    input('param', idParam),
    input('json', cancelBookingInput),
    async (c) => {
      const deps = c.get('deps');
      const booking = await bookingFor(c, c.req.valid('param').id);
      return c.json(
        {
          booking: valueOrThrow(
            await cancelBooking(deps.db, booking.id, c.req.valid('json').reason, auditContext(c), deps.mail),
          ),
        },
        200,
      );
    },
  )
  .post(
    '/bookings/:id/rebook',
    allow('signed-in', {
      summary: 'Move a booking to another slot (of any open day the caller can see), with a reason',
      tags,
    }),
    input('param', idParam),
    input('json', rebookInput),
    async (c) => {
      const deps = c.get('deps');
      const booking = await bookingFor(c, c.req.valid('param').id);
      const { slotId, reason } = c.req.valid('json');
      const target = await dayOfActiveSlot(deps.db, slotId);
      if (target === undefined) throw new ApiError(422, 'NOT_FOUND', { fieldCodes: { slotId: 'NOT_FOUND' } });
      await loadDay(c, target);
      return c.json(
        { booking: valueOrThrow(await rebook(deps.db, booking.id, slotId, reason, receptionContext(c), deps.mail)) },
        200,
      );
    },
  );
