import { provisionalYear, summariseYear, type DutyMove } from '@frontline/core';
import { getEmployee, type Db, type StoredCalendarYear } from '@frontline/db';

/** Calendar answers as screens show them. */

/** A year with its notice: where it came from and its counts. */
export function storedYearView(y: StoredCalendarYear) {
  return {
    year: y.year,
    state: 'official' as const,
    source: y.source as string | null,
    title: y.title,
    documentNo: y.documentNo,
    publishedOn: y.publishedOn,
    updatedAt: y.updatedAt as number | null,
    ...summariseYear(y),
    likely: 0,
  };
}

/** A year before its notice: the law's holidays and the likely ones, counted. */
export function provisionalYearView(year: number) {
  const p = provisionalYear(year);
  return {
    year,
    state: 'provisional' as const,
    source: null,
    title: null,
    documentNo: null,
    publishedOn: null,
    updatedAt: null,
    holidays: p.holidays.length,
    makeups: 0,
    likely: p.likely.length,
  };
}

/** Moved duties with the names a screen shows. */
export async function movesView(db: Db, moves: readonly DutyMove[]) {
  const names = new Map<number, string>();
  for (const id of new Set(moves.map((m) => m.employeeId))) names.set(id, (await getEmployee(db, id))?.name ?? '');
  return moves.map((m) => ({ ...m, employeeName: names.get(m.employeeId) ?? '' }));
}
