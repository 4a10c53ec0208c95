import type { IsoDate } from '@frontline/core';
import { executorOf, type Executor, type Reader } from '../unit-of-work.ts';

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

function eventQuery(k: Executor) {
  return k
    .selectFrom('checkpoint_events')
    .select([
      'id',
      'project_id as projectId',
      'checkpoint',
      'title',
      'starts_on as startsOn',
      'ends_on as endsOn',
      'start_time as startTime',
      'end_time as endTime',
      'expected_households as expectedHouseholds',
      'created_by as createdBy',
      'created_at as createdAt',
    ]);
}

export async function listEvents(
  x: Reader,
  filter: { projectIds?: readonly number[]; from?: IsoDate } = {},
): Promise<CheckpointEvent[]> {
  let q = eventQuery(executorOf(x)).orderBy('starts_on').orderBy('id');
  if (filter.projectIds) {
    if (!filter.projectIds.length) return [];
    q = q.where('project_id', 'in', filter.projectIds);
  }
  if (filter.from) q = q.where('ends_on', '>=', filter.from);
  return q.execute();
}

export async function getEvent(x: Reader, id: number): Promise<CheckpointEvent | undefined> {
  return eventQuery(executorOf(x)).where('id', '=', id).executeTakeFirst();
}

export async function insertEvent(
  tx: Executor,
  event: NewCheckpointEvent,
  by: { actorId: number | null; at: number },
): Promise<CheckpointEvent> {
  const { id } = await tx
    .insertInto('checkpoint_events')
    .values({
      project_id: event.projectId,
      checkpoint: event.checkpoint,
      title: event.title,
      starts_on: event.startsOn,
      ends_on: event.endsOn,
      start_time: event.startTime,
      end_time: event.endTime,
      expected_households: event.expectedHouseholds,
      created_by: by.actorId,
      created_at: by.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { ...event, id, createdBy: by.actorId, createdAt: by.at };
}

export async function countEventDuties(x: Reader, eventId: number): Promise<number> {
  const row = await executorOf(x)
    .selectFrom('duties')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('event_id', '=', eventId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
