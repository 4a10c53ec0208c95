import {
  complianceQuery,
  employeeInScope,
  exportQuery,
  idParam,
  onTimeRate,
  parsePeriodKey,
  periodLabel,
  rangeIsProvisional,
  scopeOf,
  shanghaiDate,
} from '@frontline/core';
import { complianceBoard, getEmployee, listDutiesForPerson, loadWorkCalendar } from '@frontline/db';
import { Hono, type Context } from 'hono';
import { CSV_TYPE, csvText, XLSX_TYPE, xlsxBytes } from '../../reports/tabular.ts';
import { z } from 'zod';
import type { AppEnv } from '../../http/context.ts';
import { notFound } from '../../http/errors.ts';
import { allow, signedIn } from '../../http/policy.ts';
import { input } from '../../http/validate.ts';
import { allowedMoves } from '../duties/policy.ts';
import { dutyView } from '../duties/views.ts';
import { VIEW } from './policy.ts';
import { complianceTable } from './views.ts';

const tags = ['compliance'];

/** The period a request names; its schema (`periodKey`) has already refused any other key. */
const periodNamed = (key: string) => parsePeriodKey(key)!;

async function board(c: Context<AppEnv>, q: z.infer<typeof complianceQuery>) {
  const { actor } = signedIn(c);
  const period = periodNamed(q.period);
  const rows = await complianceBoard(c.get('deps').db, {
    from: period.from,
    to: period.to,
    groupBy: q.groupBy,
    scope: scopeOf(actor),
    regionId: q.regionId,
    projectId: q.projectId,
    line: q.line,
  });
  return { period, rows };
}

export const complianceRoutes = new Hono<AppEnv>()
  .get(
    '/',
    allow(VIEW, {
      summary: 'Compliance board in the caller’s scope: duties due in a period, by region, project, line or person',
      tags,
    }),
    input('query', complianceQuery),
    async (c) => {
      const q = c.req.valid('query');
      const { period, rows } = await board(c, q);
      // A period in a year whose holiday notice is not out counts on provisional working days.
      const provisional = rangeIsProvisional(await loadWorkCalendar(c.get('deps').db), period.from, period.to);
      return c.json(
        {
          period: { key: period.key, from: period.from, to: period.to, provisional },
          groupBy: q.groupBy,
          rows: rows.map((r) => ({ ...r, rate: onTimeRate(r) })),
        },
        200,
      );
    },
  )
  .get(
    '/export',
    allow(VIEW, { summary: 'The board as .xlsx or .csv (UTF-8 with BOM, opens in Excel)', tags }),
    input('query', exportQuery),
    async (c) => {
      const q = c.req.valid('query');
      const locale = c.get('locale');
      const { period, rows } = await board(c, q);
      const table = complianceTable(rows, q.groupBy, locale);
      const name = `compliance-${period.key}-${q.groupBy}`;
      c.header('x-period-label', encodeURIComponent(periodLabel(period, locale)));
      if (q.format === 'csv') {
        c.header('content-type', CSV_TYPE);
        c.header('content-disposition', `attachment; filename="${name}.csv"`);
        return c.body(await csvText(table), 200);
      }
      c.header('content-type', XLSX_TYPE);
      c.header('content-disposition', `attachment; filename="${name}.xlsx"`);
      return c.body(await xlsxBytes(table), 200);
    },
  )
  .get(
    '/people/:id',
    allow(VIEW, { summary: 'Drill-down: one person’s duties in a period', tags }),
    input('param', idParam),
    input('query', z.object({ period: complianceQuery.shape.period })),
    async (c) => {
      const { actor } = signedIn(c);
      const db = c.get('deps').db;
      const person = await getEmployee(db, c.req.valid('param').id);
      if (!person || !employeeInScope(actor, person)) throw notFound();
      const period = periodNamed(c.req.valid('query').period);
      const [duties, calendar] = await Promise.all([listDutiesForPerson(db, person.id, period), loadWorkCalendar(db)]);
      const today = shanghaiDate(c.get('deps').now());
      const view = (d: (typeof duties)[number]) => dutyView(actor, d, calendar, allowedMoves(actor, d, person, today));
      return c.json(
        {
          person: {
            id: person.id,
            name: person.name,
            employeeNo: person.employeeNo,
            position: person.position,
            line: person.line,
          },
          period: { key: period.key, from: period.from, to: period.to },
          duties: duties.map(view),
        },
        200,
      );
    },
  );
