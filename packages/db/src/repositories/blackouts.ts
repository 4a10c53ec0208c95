import type { IsoDate } from '@frontline/core';
import { writeAudit, type AuditContext } from '../audit.ts';
import type { Db } from '../open.ts';

/** Dates a project is closed to visits (a blackout), with the reason shown to users. */

export type Blackout = { id: number; projectId: number; date: IsoDate; reason: string };

export async function listBlackouts(db: Db, projectIds?: readonly number[]): Promise<Blackout[]> {
  let q = db.kysely.selectFrom('project_blackouts').selectAll().orderBy('date');
  if (projectIds) {
    if (!projectIds.length) return [];
    q = q.where('project_id', 'in', projectIds);
  }
  return (await q.execute()).map((b) => ({ id: b.id, projectId: b.project_id, date: b.date, reason: b.reason }));
}

export async function addBlackout(db: Db, blackout: Omit<Blackout, 'id'>, ctx: AuditContext): Promise<Blackout> {
  return db.kysely.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('project_blackouts')
      .values({ project_id: blackout.projectId, date: blackout.date, reason: blackout.reason })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, ctx, { action: 'blackout.create', entity: 'project', entityId: blackout.projectId, after: blackout });
    return { id, ...blackout };
  });
}

export async function removeBlackout(db: Db, blackout: Blackout, ctx: AuditContext): Promise<void> {
  await db.kysely.transaction().execute(async (trx) => {
    await trx.deleteFrom('project_blackouts').where('id', '=', blackout.id).execute();
    await writeAudit(trx, ctx, { action: 'blackout.delete', entity: 'project', entityId: blackout.projectId, before: blackout });
  });
}

/** Blackouts grouped for the scheduler: project → date → reason. */
export function blackoutMap(blackouts: readonly Pick<Blackout, 'projectId' | 'date' | 'reason'>[]): Map<number, Map<IsoDate, string>> {
  const out = new Map<number, Map<IsoDate, string>>();
  for (const b of blackouts) {
    const m = out.get(b.projectId) ?? new Map<IsoDate, string>();
    m.set(b.date, b.reason);
    out.set(b.projectId, m);
  }
  return out;
}
