import {
  createWorkCalendar,
  SPECIAL_DAY_KINDS,
  type CalendarYear,
  type SpecialDayKind,
  type WorkCalendar,
} from '@frontline/core';
import { oneOf } from './columns.ts';
import type { Db } from '../open.ts';
import type { Executor } from '../unit-of-work.ts';

/**
 * The working-day calendar's rows: one per year with a notice, one per
 * special day, and a version every change raises. No decisions here; the
 * calendar feature decides what a change moves.
 */

/** Where an official year came from, when it was read off a pasted notice. */
export type NoticeSource = { title: string | null; documentNo: string | null; publishedOn: string | null };

export type StoredCalendarYear = CalendarYear & NoticeSource & { updatedAt: number; updatedBy: number | null };

export async function listCalendarYears(x: Executor | Db): Promise<StoredCalendarYear[]> {
  const k = 'kysely' in x ? x.kysely : x;
  const [years, days] = await Promise.all([
    k.selectFrom('calendar_years').selectAll().orderBy('year').execute(),
    k.selectFrom('calendar_days').selectAll().orderBy('date').execute(),
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
    days: (byYear.get(y.year) ?? []).map((d) => ({
      date: d.date,
      kind: oneOf(SPECIAL_DAY_KINDS, d.kind, 'calendar_days.kind'),
      name: d.name,
    })),
  }));
}

/**
 * The one working-day calendar every part of the product counts with:
 * official years from the database, later years provisional from the law.
 * Built once per database and calendar version (a one-row read per call),
 * so a change made through any app server is seen by all at their next call.
 */
const cached = new WeakMap<Db['kysely'], { version: number; calendar: WorkCalendar }>();

export async function loadWorkCalendar(db: Db): Promise<WorkCalendar> {
  const { version } = await db.kysely
    .selectFrom('calendar_version')
    .select('version')
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  const hit = cached.get(db.kysely);
  if (hit && hit.version === version) return hit.calendar;
  const calendar = createWorkCalendar(await listCalendarYears(db));
  cached.set(db.kysely, { version, calendar });
  return calendar;
}

/**
 * Replaces one year's row and days, and raises the calendar's version (so
 * cached calendars reload). Answers what the year was before, for the audit.
 */
export async function replaceCalendarYear(
  tx: Executor,
  year: CalendarYear,
  notice: NoticeSource | undefined,
  by: { actorId: number | null; at: number },
): Promise<{ before: { source: string; days: { date: string; kind: SpecialDayKind; name: string }[] } | null }> {
  const row = await tx.selectFrom('calendar_years').selectAll().where('year', '=', year.year).executeTakeFirst();
  const beforeDays = await tx
    .selectFrom('calendar_days')
    .select(['date', 'kind', 'name'])
    .where('year', '=', year.year)
    .orderBy('date')
    .execute();
  await tx.deleteFrom('calendar_days').where('year', '=', year.year).execute();
  const meta = {
    title: notice?.title ?? null,
    document_no: notice?.documentNo ?? null,
    published_on: notice?.publishedOn ?? null,
  };
  if (row) {
    await tx
      .updateTable('calendar_years')
      .set({ source: year.source, ...meta, updated_at: by.at, updated_by: by.actorId })
      .where('year', '=', year.year)
      .execute();
  } else {
    await tx
      .insertInto('calendar_years')
      .values({ year: year.year, source: year.source, ...meta, updated_at: by.at, updated_by: by.actorId })
      .execute();
  }
  const days = [...year.days].sort((a, b) => (a.date < b.date ? -1 : 1));
  if (days.length)
    await tx
      .insertInto('calendar_days')
      .values(days.map((d) => ({ date: d.date, year: year.year, kind: d.kind, name: d.name })))
      .execute();
  await tx
    .updateTable('calendar_version')
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .where('id', '=', 1)
    .execute();
  return { before: row ? { source: row.source, days: beforeDays } : null };
}
