import {
  addDaysIso,
  applyDutyAction,
  buildSlots,
  isWeekend,
  type IsoDate,
  type MailSettings,
  type VenueKind,
} from '@frontline/core';
import { writeAudit, type AuditContext } from '../repositories/audit.ts';
import type { Db } from '../open.ts';
import { bookPlace } from '../repositories/bookings.ts';
import { dutyState, getDuty, saveDutyState } from '../repositories/duties.ts';
import { queueDayInvites } from '../repositories/outbox.ts';
import {
  addAttendeeRow,
  attendeeIds,
  bumpSequence,
  getReceptionDay,
  insertReceptionDay,
} from '../repositories/reception-days.ts';
import type { Executor } from '../unit-of-work.ts';

/**
 * Demo reception days: the first region's executives set up their next
 * reception duty as a day (invites land in the outbox), a few staff book
 * customers into the president's day, and the president gets an assistant.
 * The seed cannot call the API's reception service, so it writes the same
 * rows, messages and audit entries through the same repositories and core's
 * message composition, each day and booking in its own transaction.
 */
const DEMO_VENUE: VenueKind = 'customer_centre';

export async function seedDemoReceptions(db: Db, today: IsoDate, at: number, mail: MailSettings): Promise<number> {
  const ctx = { actorId: null, at };
  const k = db.kysely;
  const president = await k
    .selectFrom('employees')
    .select(['id', 'region_id'])
    .where('login', '=', 'president')
    .executeTakeFirst();
  const region = president?.region_id ?? undefined;
  if (!president || region === undefined || region === null) return 0;
  const assistant = await k
    .selectFrom('employees')
    .select('id')
    .where('region_id', '=', region)
    .where('project_id', 'is', null)
    .where('position', '=', 'staff')
    .where('active', '=', 1)
    .orderBy('id')
    .executeTakeFirst();
  if (assistant)
    await k
      .updateTable('employees')
      .set({ assists_employee_id: president.id })
      .where('id', '=', assistant.id)
      .execute();

  const tomorrow = addDaysIso(today, 1);
  // Each executive's first planned reception after tomorrow.
  const firstOfEach = k
    .selectFrom('duties')
    .select((eb) => eb.fn.min('id').as('id'))
    .where('kind', '=', 'reception')
    .where('status', '=', 'planned')
    .where('proposed_on', '>', tomorrow)
    .groupBy('employee_id');
  const duties = await k
    .selectFrom('duties as d')
    .innerJoin('employees as e', 'e.id', 'd.employee_id')
    .select(['d.id', 'd.employee_id', 'd.proposed_on', 'd.project_id'])
    .where('d.kind', '=', 'reception')
    .where('d.status', '=', 'planned')
    .where('d.region_id', '=', region)
    .where('d.proposed_on', 'is not', null)
    .where('d.proposed_on', '>', tomorrow)
    .where('e.position', 'in', ['regional_president', 'project_head'])
    .where('d.id', 'in', firstOfEach)
    .orderBy('d.proposed_on')
    .limit(6)
    .execute();
  const regionVenue = await k
    .selectFrom('projects')
    .select('id')
    .where('region_id', '=', region)
    .orderBy('id')
    .executeTakeFirst();
  const staff = await k.selectFrom('employees').select('id').where('login', '=', 'staff').executeTakeFirst();

  let created = 0;
  for (const d of duties) {
    const projectId = d.project_id ?? regionVenue?.id;
    if (d.proposed_on === null || isWeekend(d.proposed_on) || projectId === undefined) continue;
    const date = d.proposed_on;
    const dayId = await k.transaction().execute(async (tx) => {
      const input = {
        dutyId: d.id,
        date,
        projectId,
        venueKind: DEMO_VENUE,
        topic: '客户接待日：交付与居住问题沟通',
        startTime: '09:30',
        endTime: '11:30',
        slotMinutes: 30,
        slotCapacity: 2,
      };
      const duty = await getDuty(tx, d.id);
      const slots = buildSlots(input);
      const scheduled = duty && applyDutyAction(dutyState(duty), { type: 'schedule', on: date });
      if (!duty || !slots.ok || !scheduled?.ok || !(await saveDutyState(tx, duty, scheduled.value, at)))
        return undefined;
      const id = await insertReceptionDay(
        tx,
        { ...input, employeeId: duty.employeeId, createdBy: null },
        slots.value,
        mail.host,
        at,
      );
      const day = await getReceptionDay(tx, id);
      if (!day) return undefined;
      await queueDayInvites(
        tx,
        day,
        { method: 'REQUEST', change: 'new', recipients: [duty.employeeId], attendees: [duty.employeeId] },
        mail,
        at,
      );
      await writeAudit(tx, ctx, { action: 'reception.create', entity: 'reception_day', entityId: id, after: input });
      return id;
    });
    if (dayId === undefined) continue;
    created++;
    if (d.employee_id !== president.id || !staff) continue;
    // Two customers already booked into the president's day.
    const households = await k
      .selectFrom('households as h')
      .innerJoin('projects as p', 'p.id', 'h.project_id')
      .select(['h.id', 'h.owner_employee_id'])
      .where('p.region_id', '=', region)
      .where('h.owner_employee_id', 'is not', null)
      .where('h.owner_employee_id', '<>', staff.id)
      .orderBy('h.id')
      .limit(2)
      .execute();
    const day = await getReceptionDay(db, dayId);
    for (const [i, h] of households.entries()) {
      const slot = day?.slots[i];
      const bookedBy = h.owner_employee_id;
      if (!day || !slot || bookedBy === null) continue;
      await k.transaction().execute((tx) =>
        bookDemoCustomer(
          tx,
          {
            slotId: slot.id,
            householdId: h.id,
            bookedBy,
            note: i === 0 ? '想了解车位交付时间' : '园林绿化与宣传不符',
          },
          day,
          ctx,
          mail,
        ),
      );
    }
  }
  return created;
}

/** A booking as the app makes it: the booker joins the invite (with their own), and the booking is audited. */
async function bookDemoCustomer(
  tx: Executor,
  b: { slotId: number; householdId: number; bookedBy: number; note: string },
  day: { id: number; date: IsoDate },
  ctx: AuditContext,
  mail: MailSettings,
): Promise<void> {
  const booking = await bookPlace(tx, { ...b, dayId: day.id, date: day.date }, ctx.at);
  const attendees = await attendeeIds(tx, day.id);
  if (!attendees.includes(b.bookedBy)) {
    await addAttendeeRow(tx, day.id, b.bookedBy);
    await queueDayInvites(
      tx,
      await bumpSequence(tx, day.id, ctx.at),
      { method: 'REQUEST', change: 'new', recipients: [b.bookedBy], attendees: [...attendees, b.bookedBy] },
      mail,
      ctx.at,
    );
  }
  await writeAudit(tx, ctx, {
    action: 'booking.create',
    entity: 'reception_booking',
    entityId: booking.id,
    after: { dayId: day.id, ...b },
  });
}
