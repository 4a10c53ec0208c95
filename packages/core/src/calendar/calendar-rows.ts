import type { RawRow, RowError } from '../import-rows.ts';
import { isIsoDate, yearOf } from './dates.ts';
import { validateCalendarYear, type SpecialDay, type SpecialDayKind } from './work-calendar.ts';

/** A year's calendar as a spreadsheet: one row per holiday or make-up day. */
export const CALENDAR_COLUMNS = {
  date: ['日期', 'date'],
  kind: ['类型', 'kind'],
  name: ['名称', 'name'],
} as const;

const KIND_WORDS: Record<string, SpecialDayKind> = {
  放假: 'holiday',
  休: 'holiday',
  节假日: 'holiday',
  法定节假日: 'holiday',
  假日: 'holiday',
  holiday: 'holiday',
  上班: 'makeup',
  班: 'makeup',
  补班: 'makeup',
  调休: 'makeup',
  调休上班: 'makeup',
  makeup: 'makeup',
  'make-up': 'makeup',
};

/** Spreadsheets often hold dates as 2027/1/1 or 2027.1.1; both mean 2027-01-01. */
function normaliseDate(value: string): string {
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(value.trim());
  return m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : value.trim();
}

export function validateCalendarRows(
  rows: readonly RawRow[],
  year: number,
): { days: SpecialDay[]; errors: RowError[] } {
  const errors: RowError[] = [];
  const days: SpecialDay[] = [];
  const lines: number[] = [];
  rows.forEach((raw, index) => {
    const line = index + 2;
    if (Object.values(raw).every((v) => !v.trim())) return;
    const date = normaliseDate(raw.date ?? '');
    const kindText = (raw.kind ?? '').trim().toLowerCase();
    const kind = KIND_WORDS[kindText];
    const name = (raw.name ?? '').trim();
    const before = errors.length;
    if (!date) errors.push({ line, column: 'date', code: 'required', value: '' });
    else if (!isIsoDate(date) || yearOf(date) !== year)
      errors.push({ line, column: 'date', code: 'bad_format', value: raw.date ?? '' });
    if (!kindText) errors.push({ line, column: 'kind', code: 'required', value: '' });
    else if (!kind) errors.push({ line, column: 'kind', code: 'unknown_value', value: raw.kind ?? '' });
    if (!name) errors.push({ line, column: 'name', code: 'required', value: '' });
    else if (name.length > 32) errors.push({ line, column: 'name', code: 'bad_format', value: name });
    if (errors.length === before && kind) {
      days.push({ date, kind, name });
      lines.push(line);
    }
  });
  // The same rules as the form: duplicates, make-up days on weekdays.
  for (const [key, code] of Object.entries(validateCalendarYear({ year, source: '', days }))) {
    const [, i, column] = key.split('.');
    const day = days[Number(i)]!;
    errors.push({
      line: lines[Number(i)]!,
      column: column!,
      code:
        code === 'CALENDAR_DUPLICATE_DATE'
          ? 'duplicate_in_file'
          : code === 'CALENDAR_MAKEUP_NOT_WEEKEND'
            ? 'not_weekend'
            : 'bad_format',
      value: column === 'date' ? day.date : day.kind,
    });
  }
  errors.sort((a, b) => a.line - b.line);
  return { days: errors.length ? [] : days, errors };
}
