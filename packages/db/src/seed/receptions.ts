import { addDaysIso, isWeekend, type IsoDate } from '@frontline/core';
import type { Db } from '../open.ts';
import { bookSlot, createReceptionDay, type MailSettings } from '../reception.ts';

/**
 * Demo reception days: the first region's executives set up their next
 * reception duty as a day (invites land in the outbox), a few staff book
 * customers into the president's day, and the president gets an assistant.
 * Runs through the same functions as the app.
 */
export async function seedDemoReceptions(db: Db, today: IsoDate, at: number, mail: MailSettings): Promise<number> {
  const ctx = { actorId: null, at };
  const region = db.sqlite.prepare(`select region_id from employees where login = 'president'`).pluck().get() as number | undefined;
  if (region === undefined) return 0;
  const assistant = db.sqlite
    .prepare(`select id from employees where region_id = ? and project_id is null and position = 'staff' and active = 1 order by id limit 1`)
    .pluck()
    .get(region) as number | undefined;
  const president = db.sqlite.prepare(`select id from employees where login = 'president'`).pluck().get() as number;
  if (assistant) db.sqlite.prepare('update employees set assists_employee_id = ? where id = ?').run(president, assistant);

  const duties = db.sqlite
    .prepare(
      `select d.id, d.employee_id, d.proposed_on, d.due_to, coalesce(d.project_id, (select min(id) from projects where region_id = d.region_id)) as project_id
       from duties d join employees e on e.id = d.employee_id
       where d.kind = 'reception' and d.status = 'planned' and d.region_id = ? and d.proposed_on is not null and d.proposed_on > ?
         and e.position in ('regional_president', 'project_head')
         and d.id = (select min(x.id) from duties x where x.employee_id = d.employee_id and x.kind = 'reception' and x.status = 'planned' and x.proposed_on > ?)
       order by d.proposed_on limit 6`,
    )
    .all(region, addDaysIso(today, 1), addDaysIso(today, 1)) as { id: number; employee_id: number; proposed_on: string; project_id: number }[];
  let created = 0;
  for (const d of duties) {
    if (isWeekend(d.proposed_on)) continue;
    const day = await createReceptionDay(
      db,
      { dutyId: d.id, date: d.proposed_on, projectId: d.project_id, venueKind: 'customer_centre', topic: '客户接待日：交付与居住问题沟通', startTime: '09:30', endTime: '11:30', slotMinutes: 30, slotCapacity: 2 },
      ctx,
      mail,
    );
    if (!day.ok) continue;
    created++;
    if (d.employee_id !== president) continue;
    // Two customers already booked into the president's day.
    const households = db.sqlite
      .prepare(`select h.id, h.owner_employee_id from households h join projects p on p.id = h.project_id where p.region_id = ? and h.owner_employee_id is not null and h.owner_employee_id <> (select id from employees where login = 'staff') order by h.id limit 2`)
      .all(region) as { id: number; owner_employee_id: number }[];
    for (const [i, h] of households.entries()) {
      await bookSlot(db, { slotId: day.value.slots[i]!.id, householdId: h.id, bookedBy: h.owner_employee_id, note: i === 0 ? '想了解车位交付时间' : '园林绿化与宣传不符' }, today, ctx, mail);
    }
  }
  return created;
}
