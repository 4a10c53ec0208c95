import type { IsoDate } from '@frontline/core';
import { writeAudit, type AuditContext } from './audit.ts';
import type { Db } from './open.ts';

/** Checkpoint events (checkpoints 1–5 of a project): dated, with a window and an expected turnout. */
export type CheckpointEvent = {
  id: number;
  projectId: number;
  checkpoint: number;
  title: string;
  startsOn: IsoDate;
  endsOn: IsoDate;
  startTime: string;
  endTime: string;
  expectedHouseholds: number;
  createdBy: number | null;
  createdAt: number;
};

export type NewCheckpointEvent = Omit<CheckpointEvent, 'id' | 'createdBy' | 'createdAt'>;

function eventQuery(db: Db) {
  return db.kysely
    .selectFrom('checkpoint_events')
    .select([
      'id', 'project_id as projectId', 'checkpoint', 'title', 'starts_on as startsOn', 'ends_on as endsOn',
      'start_time as startTime', 'end_time as endTime', 'expected_households as expectedHouseholds',
      'created_by as createdBy', 'created_at as createdAt',
    ]);
}

export async function listEvents(db: Db, filter: { projectIds?: readonly number[]; from?: IsoDate } = {}): Promise<CheckpointEvent[]> {
  let q = eventQuery(db).orderBy('starts_on').orderBy('id');
  if (filter.projectIds) {
    if (!filter.projectIds.length) return [];
    q = q.where('project_id', 'in', filter.projectIds);
  }
  if (filter.from) q = q.where('ends_on', '>=', filter.from);
  return q.execute();
}

export async function getEvent(db: Db, id: number): Promise<CheckpointEvent | undefined> {
  return eventQuery(db).where('id', '=', id).executeTakeFirst();
}

export async function createEvent(db: Db, event: NewCheckpointEvent, ctx: AuditContext): Promise<CheckpointEvent> {
  return db.kysely.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('checkpoint_events')
      .values({
        project_id: event.projectId, checkpoint: event.checkpoint, title: event.title, starts_on: event.startsOn, ends_on: event.endsOn,
        start_time: event.startTime, end_time: event.endTime, expected_households: event.expectedHouseholds,
        created_by: ctx.actorId, created_at: ctx.at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, ctx, { action: 'event.create', entity: 'checkpoint_event', entityId: id, after: event });
    return { ...event, id, createdBy: ctx.actorId, createdAt: ctx.at };
  });
}

export async function countEventDuties(db: Db, eventId: number): Promise<number> {
  const row = await db.kysely.selectFrom('duties').select((eb) => eb.fn.countAll<number>().as('n')).where('event_id', '=', eventId).executeTakeFirstOrThrow();
  return Number(row.n);
}
