import type { IsoDate } from '@frontline/core';
import { executorOf, type Executor, type Reader } from '../unit-of-work.ts';

/** Dates a project is closed to visits (a blackout), with the reason shown to users. */

export type Blackout = { id: number; projectId: number; date: IsoDate; reason: string };

export async function listBlackouts(x: Reader, projectIds?: readonly number[]): Promise<Blackout[]> {
  let q = executorOf(x).selectFrom('project_blackouts').selectAll().orderBy('date');
  if (projectIds) {
    if (!projectIds.length) return [];
    q = q.where('project_id', 'in', projectIds);
  }
  return (await q.execute()).map((b) => ({ id: b.id, projectId: b.project_id, date: b.date, reason: b.reason }));
}

export async function insertBlackout(tx: Executor, blackout: Omit<Blackout, 'id'>): Promise<Blackout> {
  const { id } = await tx
    .insertInto('project_blackouts')
    .values({ project_id: blackout.projectId, date: blackout.date, reason: blackout.reason })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id, ...blackout };
}

export async function deleteBlackout(tx: Executor, id: number): Promise<void> {
  await tx.deleteFrom('project_blackouts').where('id', '=', id).execute();
}

/** Blackouts grouped for the scheduler: project → date → reason. */
export function blackoutMap(
  blackouts: readonly Pick<Blackout, 'projectId' | 'date' | 'reason'>[],
): Map<number, Map<IsoDate, string>> {
  const out = new Map<number, Map<IsoDate, string>>();
  for (const b of blackouts) {
    const m = out.get(b.projectId) ?? new Map<IsoDate, string>();
    m.set(b.date, b.reason);
    out.set(b.projectId, m);
  }
  return out;
}
