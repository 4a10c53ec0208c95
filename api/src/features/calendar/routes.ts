import {
  CALENDAR_COLUMNS,
  calendarYearInput,
  createWorkCalendar,
  noticeInput,
  parseHolidayNotice,
  provisionalYear,
  shanghaiDate,
  yearOf,
  type CalendarYear,
  type FieldCodes,
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
import { listCalendarYears, loadWorkCalendar, type NoticeSource } from '@frontline/db';
import { Hono, type Context } from 'hono';
import { replanAll } from '../planning/replan.ts';
import { CHANGE, READ } from './policy.ts';
import { applyYear as applyYearChange, previewYear } from './service.ts';
import { movesView, provisionalYearView, storedYearView } from './views.ts';
import type { AppEnv } from '../../http/context.ts';
import { ApiError, notFound } from '../../http/errors.ts';
import { allow } from '../../http/policy.ts';
import { auditContext } from '../../http/request-info.ts';
import { input } from '../../http/validate.ts';
import { toRawRows } from '../../import/read-table.ts';
import { importLimit, uploadedTable } from '../../import/upload.ts';

const tags = ['calendar'];

/** Years a screen lists besides those with a notice: this year and the next two, provisional until theirs is in. */
const PROVISIONAL_AHEAD = 2;

/**
 * Stores a year and follows it through: reception days now on a day off get
 * a proposed date and a notice to their executive; then every region is
 * re-planned, which moves only the planned duties whose date no longer fits.
 * The year stays stored whatever the re-plan does (the answer says).
 */
async function applyYear(c: Context<AppEnv>, year: CalendarYear, notice?: NoticeSource) {
  const deps = c.get('deps');
  const applied = await applyYearChange(
    deps.db,
    year,
    { ...auditContext(c), today: shanghaiDate(deps.now()) },
    deps.mail,
    notice,
  );
  const replan = await replanAll(c);
  return {
    created: applied.created,
    days: applied.days,
    receptions: applied.receptions,
    replan:
      replan && (replan.status === 'done' ? { ...replan, moves: await movesView(deps.db, replan.moves) } : replan),
  };
}

export const calendarRoutes = new Hono<AppEnv>()
  .get(
    '/days',
    allow('signed-in', {
      summary:
        'Each date’s status: workday, weekend, holiday, makeup (调休上班), provisional_holiday or likely_holiday (a year before its notice, marked provisional), or unknown (no data and no rule)',
      tags,
    }),
    input('query', dateRangeQuery),
    async (c) => {
      const { from, to } = c.req.valid('query');
      const calendar = await loadWorkCalendar(c.get('deps').db);
      return c.json({ days: eachDate(from, to).map((d) => calendar.status(d)) }, 200);
    },
  )
  .get(
    '/years',
    allow(READ, {
      summary: 'Years with a notice (official), and the provisional ones ahead; their source and counts',
      tags,
    }),
    async (c) => {
      const db = c.get('deps').db;
      const official = await listCalendarYears(db);
      const thisYear = yearOf(shanghaiDate(c.get('deps').now()));
      const calendar = await loadWorkCalendar(db);
      const ahead = Array.from({ length: PROVISIONAL_AHEAD + 1 }, (_, i) => thisYear + i).filter(
        (y) => calendar.yearState(y) === 'provisional',
      );
      return c.json(
        {
          years: [...official.map(storedYearView), ...ahead.map(provisionalYearView)].sort((a, b) => a.year - b.year),
        },
        200,
      );
    },
  )
  .get(
    '/years/:year',
    allow(READ, {
      summary: 'One year’s holidays and make-up working days; a provisional year’s statutory and likely holidays',
      tags,
    }),
    input('param', yearParam),
    async (c) => {
      const { year } = c.req.valid('param');
      const db = c.get('deps').db;
      const found = (await listCalendarYears(db)).find((y) => y.year === year);
      if (found) return c.json({ ...found, state: 'official' as const, likely: [] }, 200);
      if ((await loadWorkCalendar(db)).yearState(year) !== 'provisional') throw notFound();
      const p = provisionalYear(year);
      return c.json(
        {
          year,
          state: 'provisional' as const,
          source: null,
          days: p.holidays.map((d) => ({ ...d, kind: 'holiday' as const })),
          likely: p.likely,
        },
        200,
      );
    },
  )
  .post(
    '/years/:year/notice',
    allow(CHANGE, {
      summary:
        'Read a pasted State Council holiday notice: a preview of its days, the differences, the duties and reception days that would move; with apply, make the year official',
      description:
        'Nothing is stored unless `apply` is true. An unreadable line, a weekday that does not match its date, or a year other than the path’s answers 422 with a message per line.',
      tags,
    }),
    input('param', yearParam),
    input('json', noticeInput),
    async (c) => {
      const { year } = c.req.valid('param');
      const { text, apply } = c.req.valid('json');
      const reading = parseHolidayNotice(text);
      const fieldCodes: FieldCodes = {};
      for (const p of reading.problems)
        fieldCodes[`lines.${p.line}`] ??= { code: p.code, params: { ...p.params, line: p.line } };
      if (!reading.problems.length && reading.year !== year)
        fieldCodes.year = { code: 'NOTICE_WRONG_YEAR', params: { year, read: reading.year ?? '—' } };
      if (Object.keys(fieldCodes).length)
        throw new ApiError(422, 'NOTICE_UNREADABLE', { params: { count: Object.keys(fieldCodes).length }, fieldCodes });
      const source =
        [reading.title, reading.documentNumber, reading.publishedOn && `${reading.publishedOn} 发布`]
          .filter(Boolean)
          .join('，') || `${year} 年节假日安排通知`;
      const candidate: CalendarYear = { year, source: source.slice(0, 300), days: reading.days };
      const problems = validateCalendarYear(candidate);
      if (Object.keys(problems).length) throw new ApiError(422, 'VALIDATION_FAILED', { fieldCodes: problems });
      const read = {
        year,
        title: reading.title,
        documentNumber: reading.documentNumber,
        publishedOn: reading.publishedOn,
        days: reading.days,
        ...summariseYear(candidate),
      };
      if (!apply) {
        const preview = await previewYear(c.get('deps').db, candidate, shanghaiDate(c.get('deps').now()));
        return c.json(
          {
            applied: false,
            reading: read,
            changes: preview.days,
            plan: { moved: preview.plan.moved, moves: await movesView(c.get('deps').db, preview.plan.moves) },
            receptions: preview.receptions,
          },
          200,
        );
      }
      const applied = await applyYear(c, candidate, {
        title: reading.title,
        documentNo: reading.documentNumber,
        publishedOn: reading.publishedOn,
      });
      return c.json(
        { applied: true, reading: read, changes: applied.days, receptions: applied.receptions, replan: applied.replan },
        applied.created ? 201 : 200,
      );
    },
  )
  .put(
    '/years/:year',
    allow(CHANGE, { summary: 'Add or correct a year (replaces its special days); audited', tags }),
    input('param', yearParam),
    input('json', calendarYearInput),
    async (c) => {
      const { year } = c.req.valid('param');
      const body = c.req.valid('json');
      const candidate = { year, source: body.source, days: body.days };
      const problems = validateCalendarYear(candidate);
      if (Object.keys(problems).length) throw new ApiError(422, 'VALIDATION_FAILED', { fieldCodes: problems });
      const applied = await applyYear(c, candidate);
      return c.json(
        {
          year,
          created: applied.created,
          ...summariseYear(candidate),
          check: sanity(candidate),
          changes: applied.days,
          receptions: applied.receptions,
          replan: applied.replan,
        },
        applied.created ? 201 : 200,
      );
    },
  )
  .post(
    '/years/:year/import',
    allow(CHANGE, {
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
        throw new ApiError(422, 'IMPORT_UNREADABLE', {
          params: {
            reason: locale === 'en' ? `missing columns: ${missing.join(', ')}` : `缺少列：${missing.join('、')}`,
          },
        });
      }
      const { days, errors } = validateCalendarRows(toRawRows(table, mapping), year);
      if (errors.length) {
        const fields = Object.fromEntries(
          errors.slice(0, 200).map((e) => [`${e.line}.${e.column}`, describeRowError(e, CALENDAR_COLUMNS, locale)]),
        );
        throw new ApiError(422, 'IMPORT_INVALID_ROWS', {
          params: { count: new Set(errors.map((e) => e.line)).size },
          fields,
        });
      }
      const sourceField = form.get('source');
      const source =
        typeof sourceField === 'string' && sourceField.trim()
          ? sourceField.trim().slice(0, 300)
          : `导入文件 ${fileName}`;
      const candidate = { year, source, days };
      const applied = await applyYear(c, candidate);
      return c.json(
        {
          year,
          created: applied.created,
          ...summariseYear(candidate),
          check: sanity(candidate),
          changes: applied.days,
          receptions: applied.receptions,
          replan: applied.replan,
        },
        applied.created ? 201 : 200,
      );
    },
  );

/** Working days in the year, so an admin can compare with the notice (usually about 250). */
function sanity(year: {
  year: number;
  source: string;
  days: { date: string; kind: 'holiday' | 'makeup'; name: string }[];
}) {
  const calendar = createWorkCalendar([year]);
  return {
    workingDays: eachDate(`${year.year}-01-01`, `${year.year}-12-31`).filter((d) => calendar.isWorkingDay(d)).length,
  };
}
