import {
  adjustmentDeltaProblem,
  adjustmentInput,
  appraisalPeriodOf,
  closePeriodInput,
  parseAppraisalPeriod,
  personScoreParams,
  positionParam,
  previousAppraisalPeriod,
  rangeIsProvisional,
  schemeInput,
  scoreExportQuery,
  scoresQuery,
  shanghaiDate,
  type AppraisalPeriod,
} from '@frontline/core';
import { loadWorkCalendar } from '@frontline/db';
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../../http/context.ts';
import { ApiError, notFound, valueOrThrow } from '../../http/errors.ts';
import { allow, allowToken, caller, signedIn } from '../../http/policy.ts';
import { auditContext } from '../../http/request-info.ts';
import { input } from '../../http/validate.ts';
import { CSV_TYPE, csvText, XLSX_TYPE, xlsxBytes } from '../../reports/tabular.ts';
import { scoresJson, scoresTable } from './export.ts';
import {
  addAdjustment,
  closedPeriods,
  closePeriod,
  explainScore,
  exportScores,
  listSchemes,
  listScores,
  saveScheme,
  visibleScore,
} from './service.ts';
import { catalogue, distributionByLine, explanationView, periodView } from './views.ts';

const tags = ['appraisal'];

/** A period named in a request; its schema (`appraisalPeriodField`) has already refused any other name. */
const periodNamed = (name: string): AppraisalPeriod => parseAppraisalPeriod(name)!;

const today = (c: Context<AppEnv>) => shanghaiDate(c.get('deps').now());

export const scoreRoutes = new Hono<AppEnv>()
  .get(
    '/scores/schemes',
    allow('signed-in', { summary: 'Scoring schemes: the current version per position and every earlier one', tags }),
    async (c) => {
      return c.json({ ...(await listSchemes(c.get('deps').db)), ...catalogue }, 200);
    },
  )
  .put(
    '/scores/schemes/:position',
    allow('scores.configure', {
      summary:
        'Save the next version of a position’s scheme (weights total 100); closed periods keep theirs; group-wide',
      tags,
    }),
    input('param', positionParam),
    input('json', schemeInput),
    async (c) => {
      const saved = valueOrThrow(
        await saveScheme(c.get('deps').db, c.req.valid('param').position, c.req.valid('json'), auditContext(c)),
      );
      return c.json(saved, 200);
    },
  )
  .get(
    '/scores/periods',
    allow('signed-in', { summary: 'Closed periods, and the current and previous quarter', tags }),
    async (c) => {
      const locale = c.get('locale');
      const current = appraisalPeriodOf(today(c), 'quarter');
      const previous = previousAppraisalPeriod(current);
      const closed = await closedPeriods(c.get('deps').db);
      return c.json(
        {
          current: periodView(current, locale),
          previous: periodView(previous, locale),
          closed: closed.map((s) => ({ ...s, ...periodView(periodNamed(s.name), locale) })),
        },
        200,
      );
    },
  )
  .get(
    '/scores',
    allow('signed-in', {
      summary:
        'Scores of a period in the caller’s scope (own only for staff), ranked within region × line × position, with the distribution by line',
      tags,
    }),
    input('query', scoresQuery),
    async (c) => {
      const q = c.req.valid('query');
      const period = periodNamed(q.period);
      const db = c.get('deps').db;
      const { state, rows } = await listScores(db, signedIn(c).actor, period, today(c), q);
      return c.json(
        {
          period: periodView(period, c.get('locale')),
          state,
          // Due windows in a year whose holiday notice is not out rest on provisional working days.
          provisional: rangeIsProvisional(await loadWorkCalendar(db), period.from, period.to),
          total: rows.length,
          scored: rows.filter((r) => r.final !== null).length,
          rows: rows.slice(q.offset, q.offset + q.limit),
          distribution: distributionByLine(rows, c.get('locale')),
          ...catalogue,
        },
        200,
      );
    },
  )
  .post(
    '/scores/close',
    allow('scores.configure', {
      summary: 'Close a period that has ended: every score is frozen with its scheme version (group-wide, once)',
      tags,
    }),
    input('json', closePeriodInput),
    async (c) => {
      const period = periodNamed(c.req.valid('json').period);
      const deps = c.get('deps');
      const state = valueOrThrow(
        await closePeriod(deps.db, period, today(c), auditContext(c), { holder: deps.holder, now: deps.now }),
      );
      return c.json({ period: periodView(period, c.get('locale')), state }, 200);
    },
  )
  .get(
    '/scores/:period/:employeeId',
    allow('signed-in', {
      summary: 'Why a score is what it is: components, their formulas and weights, every record counted, adjustments',
      tags,
    }),
    input('param', personScoreParams),
    async (c) => {
      const { period: name, employeeId } = c.req.valid('param');
      const period = periodNamed(name);
      const found = await explainScore(c.get('deps').db, signedIn(c).actor, period, employeeId, today(c));
      if (!found) throw notFound();
      return c.json(explanationView(period, c.get('locale'), found), 200);
    },
  )
  .post(
    '/scores/:period/:employeeId/adjustments',
    allow('scores.manage', {
      summary: 'Correct a frozen score: an adjustment in points with a reason, shown beside it',
      tags,
    }),
    input('param', personScoreParams),
    input('json', adjustmentInput),
    async (c) => {
      const { period: name, employeeId } = c.req.valid('param');
      const period = periodNamed(name);
      const adjustment = c.req.valid('json');
      const problem = adjustmentDeltaProblem(adjustment.delta);
      if (problem) throw new ApiError(422, 'VALIDATION_FAILED', { fieldCodes: { delta: problem } });
      const { actor } = signedIn(c);
      const db = c.get('deps').db;
      if (!(await visibleScore(db, actor, period, employeeId, today(c)))) throw notFound();
      const id = valueOrThrow(
        await addAdjustment(db, period, employeeId, adjustment, { ...auditContext(c), actorId: actor.employeeId }),
      );
      return c.json({ id }, 201);
    },
  )
  .get(
    '/hr/scores',
    allowToken('scores.read', 'scores.manage', {
      summary:
        'The HR export of a period: json, csv (UTF-8 with BOM) or xlsx; one row per person with components, total, rank, scheme version',
      tags,
      description:
        'Periods are named YYYY-Qn, YYYY-MM, YYYY-Hn or YYYY. An open period is served as provisional. Every call is written to the audit log.',
    }),
    input('query', scoreExportQuery),
    async (c) => {
      const q = c.req.valid('query');
      const period = periodNamed(q.period);
      const locale = c.get('locale');
      const via = { format: q.format, tokenId: c.get('apiToken')?.id };
      const { state, rows } = await exportScores(c.get('deps').db, caller(c), period, today(c), via, auditContext(c));
      c.header('x-period-status', state.status);
      if (q.format === 'json') return c.json(scoresJson(period, state, rows), 200);
      const table = scoresTable(period, state, rows, locale);
      const file = `scores-${period.name}`;
      if (q.format === 'csv') {
        c.header('content-type', CSV_TYPE);
        c.header('content-disposition', `attachment; filename="${file}.csv"`);
        return c.body(await csvText(table), 200);
      }
      c.header('content-type', XLSX_TYPE);
      c.header('content-disposition', `attachment; filename="${file}.xlsx"`);
      return c.body(await xlsxBytes(table, period.name), 200);
    },
  );
