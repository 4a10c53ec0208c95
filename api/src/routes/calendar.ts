import {
  CALENDAR_COLUMNS,
  calendarYearInput,
  createWorkCalendar,
  dateRangeQuery,
  describeRowError,
  eachDate,
  mapHeader,
  missingColumns,
  summariseYear,
  validateCalendarRows,
  validateCalendarYear,
  yearParam,
} from '@frontline/core';
import { listCalendarYears, loadWorkCalendar, saveCalendarYear } from '@frontline/db';
import { Hono } from 'hono';
import type { AppEnv } from '../http/context.ts';
import { ApiError, notFound } from '../http/errors.ts';
import { allow } from '../http/policy.ts';
import { auditContext } from '../http/request-info.ts';
import { input } from '../http/validate.ts';
import { toRawRows } from '../import/run-import.ts';
import { importLimit, uploadedTable } from '../import/upload.ts';

const tags = ['calendar'];

export const calendarRoutes = new Hono<AppEnv>()
  .get(
    '/days',
    allow('signed-in', {
      summary: 'Each date’s status: workday, weekend, holiday, makeup (调休上班) or unknown (no data for the year)',
      tags,
    }),
    input('query', dateRangeQuery),
    async (c) => {
      const { from, to } = c.req.valid('query');
      const calendar = await loadWorkCalendar(c.get('deps').db);
      return c.json({ days: eachDate(from, to).map((d) => calendar.status(d)) }, 200);
    },
  )
  .get('/years', allow('signed-in', { summary: 'Years with calendar data, their source and counts', tags }), async (c) => {
    const years = await listCalendarYears(c.get('deps').db);
    return c.json({ years: years.map((y) => ({ year: y.year, source: y.source, updatedAt: y.updatedAt, ...summariseYear(y) })) }, 200);
  })
  .get('/years/:year', allow('signed-in', { summary: 'One year’s holidays and make-up working days', tags }), input('param', yearParam), async (c) => {
    const { year } = c.req.valid('param');
    const found = (await listCalendarYears(c.get('deps').db)).find((y) => y.year === year);
    if (!found) throw notFound();
    return c.json(found, 200);
  })
  .put(
    '/years/:year',
    allow('calendar.manage', { summary: 'Add or correct a year (replaces its special days); audited', tags }),
    input('param', yearParam),
    input('json', calendarYearInput),
    async (c) => {
      const { year } = c.req.valid('param');
      const body = c.req.valid('json');
      const candidate = { year, source: body.source, days: body.days };
      const problems = validateCalendarYear(candidate);
      if (Object.keys(problems).length) throw new ApiError(422, 'VALIDATION_FAILED', { fieldCodes: problems });
      const { created } = await saveCalendarYear(c.get('deps').db, candidate, auditContext(c));
      return c.json({ year, created, ...summariseYear(candidate), check: sanity(candidate) }, created ? 201 : 200);
    },
  )
  .post(
    '/years/:year/import',
    allow('calendar.manage', {
      summary: 'Import a year from .xlsx or .csv (columns 日期, 类型 放假/上班, 名称); all rows or none; audited',
      tags,
    }),
    input('param', yearParam),
    importLimit,
    async (c) => {
      const { year } = c.req.valid('param');
      const locale = c.get('locale');
      const { table, fileName, form } = await uploadedTable(c);
      const mapping = mapHeader(table.header, CALENDAR_COLUMNS);
      const missing = missingColumns(mapping, ['date', 'kind', 'name'], CALENDAR_COLUMNS);
      if (missing.length) {
        throw new ApiError(422, 'IMPORT_UNREADABLE', { params: { reason: locale === 'en' ? `missing columns: ${missing.join(', ')}` : `缺少列：${missing.join('、')}` } });
      }
      const { days, errors } = validateCalendarRows(toRawRows(table, mapping), year);
      if (errors.length) {
        const fields = Object.fromEntries(errors.slice(0, 200).map((e) => [`${e.line}.${e.column}`, describeRowError(e, CALENDAR_COLUMNS, locale)]));
        throw new ApiError(422, 'IMPORT_INVALID_ROWS', { params: { count: new Set(errors.map((e) => e.line)).size }, fields });
      }
      const sourceField = form.get('source');
      const source = typeof sourceField === 'string' && sourceField.trim() ? sourceField.trim().slice(0, 300) : `导入文件 ${fileName}`;
      const candidate = { year, source, days };
      const { created } = await saveCalendarYear(c.get('deps').db, candidate, auditContext(c));
      return c.json({ year, created, ...summariseYear(candidate), check: sanity(candidate) }, created ? 201 : 200);
    },
  );

/** Working days in the year, so an admin can compare with the notice (usually about 250). */
function sanity(year: { year: number; source: string; days: { date: string; kind: 'holiday' | 'makeup'; name: string }[] }) {
  const calendar = createWorkCalendar([year]);
  return { workingDays: eachDate(`${year.year}-01-01`, `${year.year}-12-31`).filter((d) => calendar.isWorkingDay(d)).length };
}
