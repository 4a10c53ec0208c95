import { createWorkCalendar, type CalendarYear, type IsoDate, type SpecialDayKind, type WorkCalendar } from '@frontline/core';
import { writeAudit, type AuditContext } from './audit.ts';
import type { Db } from './open.ts';

/** The working-day calendar's data: one row per year, one per special day. */

/** Where an official year came from, when it was read off a pasted notice. */
export type NoticeSource = { title: string | null; documentNo: string | null; publishedOn: string | null };

export type StoredCalendarYear = CalendarYear & NoticeSource & { updatedAt: number; updatedBy: number | null };

export async function listCalendarYears(db: Db): Promise<StoredCalendarYear[]> {
  const [years, days] = await Promise.all([
    db.kysely.selectFrom('calendar_years').selectAll().orderBy('year').execute(),
    db.kysely.selectFrom('calendar_days').selectAll().orderBy('date').execute(),
  ]);
  const byYear = Map.groupBy(days, (d) => d.year);
  return years.map((y) => ({
    year: y.year,
    source: y.source,
    title: y.title,
    documentNo: y.document_no,
    publishedOn: y.published_on,
    updatedAt: y.updated_at,
    updatedBy: y.updated_by,
    days: (byYear.get(y.year) ?? []).map((d) => ({ date: d.date, kind: d.kind as SpecialDayKind, name: d.name })),
  }));
}

/**
 * The one working-day calendar every part of the product counts with:
 * official years from the database, later years provisional from the law.
 * Built once per database and calendar version (a one-row read per call),
 * so a change made through any app server is seen by all at their next call.
 */
const cached = new WeakMap<Db['sqlite'], { version: number; calendar: WorkCalendar }>();

export async function loadWorkCalendar(db: Db): Promise<WorkCalendar> {
  const { version } = await db.kysely.selectFrom('calendar_version').select('version').where('id', '=', 1).executeTakeFirstOrThrow();
  const hit = cached.get(db.sqlite);
  if (hit && hit.version === version) return hit.calendar;
  const calendar = createWorkCalendar(await listCalendarYears(db));
  cached.set(db.sqlite, { version, calendar });
  return calendar;
}

/**
 * Replaces one year (validated by the caller) in a transaction, with before
 * and after in the audit log, and raises the calendar's version. `notice`
 * records where the year came from when it was read off a pasted notice.
 */
export async function saveCalendarYear(db: Db, year: CalendarYear, ctx: AuditContext, notice?: NoticeSource): Promise<{ created: boolean }> {
  return db.kysely.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('calendar_years').selectAll().where('year', '=', year.year).executeTakeFirst();
    const beforeDays = await trx.selectFrom('calendar_days').select(['date', 'kind', 'name']).where('year', '=', year.year).orderBy('date').execute();
    await trx.deleteFrom('calendar_days').where('year', '=', year.year).execute();
    const meta = { title: notice?.title ?? null, document_no: notice?.documentNo ?? null, published_on: notice?.publishedOn ?? null };
    if (before) {
      await trx.updateTable('calendar_years').set({ source: year.source, ...meta, updated_at: ctx.at, updated_by: ctx.actorId }).where('year', '=', year.year).execute();
    } else {
      await trx.insertInto('calendar_years').values({ year: year.year, source: year.source, ...meta, updated_at: ctx.at, updated_by: ctx.actorId }).execute();
    }
    const days = [...year.days].sort((a, b) => (a.date < b.date ? -1 : 1));
    if (days.length) {
      await trx.insertInto('calendar_days').values(days.map((d) => ({ date: d.date, year: year.year, kind: d.kind, name: d.name }))).execute();
    }
    await trx.updateTable('calendar_version').set((eb) => ({ version: eb('version', '+', 1) })).where('id', '=', 1).execute();
    await writeAudit(trx, ctx, {
      action: before ? 'calendar.year.update' : 'calendar.year.create',
      entity: 'calendar_year',
      entityId: year.year,
      before: before ? { source: before.source, days: beforeDays } : undefined,
      after: { source: year.source, ...(notice ? { notice } : {}), days },
    });
    return { created: !before };
  });
}

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
