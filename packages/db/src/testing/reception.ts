import { buildSlots, type IsoDate, type VenueKind } from '@frontline/core';
import type { Db } from '../open.ts';
import { bookPlace, type Booking } from '../repositories/bookings.ts';
import { getReceptionDay, insertReceptionDay, type ReceptionDay } from '../repositories/reception-days.ts';

/**
 * Reception factories: a reception duty, a day set up from one (slots of
 * `slotMinutes` from `startTime` to `endTime`, each of `capacity`), and a
 * booking into a slot. Plain rows, as the service leaves them, without the
 * messages it sends.
 */
export function receptionFactories(db: Db, at: number, next: () => number) {
  async function receptionDuty(o: {
    employeeId: number;
    regionId: number;
    projectId?: number | null;
    dueFrom: IsoDate;
    dueTo: IsoDate;
    status?: 'planned' | 'scheduled' | 'delegated';
    scheduledOn?: IsoDate | null;
  }) {
    const k = next();
    return db.kysely
      .insertInto('duties')
      .values({
        key: `reception:test:${k}`,
        kind: 'reception',
        employee_id: o.employeeId,
        region_id: o.regionId,
        project_id: o.projectId ?? null,
        period_kind: 'month',
        period_key: o.dueFrom.slice(0, 7),
        due_from: o.dueFrom,
        due_to: o.dueTo,
        status: o.status ?? 'planned',
        scheduled_on: o.scheduledOn ?? null,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
  }
  return {
    receptionDuty,
    /** An open reception day on `date` (of a new scheduled duty unless `dutyId` is given), its executive its only attendee. */
    async receptionDay(o: {
      employeeId: number;
      regionId: number;
      projectId: number;
      date: IsoDate;
      dutyId?: number;
      capacity?: number;
      startTime?: string;
      endTime?: string;
      slotMinutes?: number;
      venueKind?: VenueKind;
      topic?: string;
    }): Promise<ReceptionDay> {
      const dutyId =
        o.dutyId ??
        (
          await receptionDuty({
            employeeId: o.employeeId,
            regionId: o.regionId,
            projectId: o.projectId,
            dueFrom: o.date,
            dueTo: o.date,
            status: 'scheduled',
            scheduledOn: o.date,
          })
        ).id;
      const plan = {
        startTime: o.startTime ?? '09:00',
        endTime: o.endTime ?? '10:00',
        slotMinutes: o.slotMinutes ?? 30,
        slotCapacity: o.capacity ?? 2,
      };
      const slots = buildSlots(plan);
      if (!slots.ok) throw new Error(JSON.stringify(slots.error));
      const id = await insertReceptionDay(
        db.kysely,
        {
          ...plan,
          dutyId,
          employeeId: o.employeeId,
          projectId: o.projectId,
          venueKind: o.venueKind ?? 'customer_centre',
          date: o.date,
          topic: o.topic ?? `接待日${next()}`,
          createdBy: null,
        },
        slots.value,
        'frontline.test',
        at,
      );
      const day = await getReceptionDay(db, id);
      if (!day) throw new Error(`reception day ${id} not stored`);
      return day;
    },
    /** A live booking of a household into a slot of the day, its place taken in the same transaction. */
    async booking(o: {
      day: Pick<ReceptionDay, 'id' | 'date'>;
      slotId: number;
      householdId: number;
      bookedBy: number;
      note?: string;
    }): Promise<Booking> {
      return db.kysely.transaction().execute((tx) =>
        bookPlace(
          tx,
          {
            dayId: o.day.id,
            date: o.day.date,
            slotId: o.slotId,
            householdId: o.householdId,
            bookedBy: o.bookedBy,
            note: o.note ?? '',
          },
          at,
        ),
      );
    },
  };
}
