import { analysisQuery, defectQuery, reportQuery, shanghaiDate } from '@frontline/core';
import { analysisView, searchDefects } from '@frontline/db';
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../../http/context.ts';
import { notFound } from '../../http/errors.ts';
import { allow, signedIn } from '../../http/policy.ts';
import { scopeRefs } from '../../http/scope.ts';
import { input } from '../../http/validate.ts';
import { DEFECTS, mayReadRegionReport, VIEW } from './policy.ts';
import { defectReportWorkbook } from './report-workbook.ts';
import { defectReport } from './service.ts';

const tags = ['roll-up'];

async function loadReport(c: Context<AppEnv>, q: { regionId: number; month: string }) {
  const deps = c.get('deps');
  if (!mayReadRegionReport(signedIn(c).actor, q.regionId)) throw notFound();
  const report = await defectReport(deps.db, q.regionId, q.month, shanghaiDate(deps.now()));
  if (!report) throw notFound();
  return report;
}

export const analysisRoutes = new Hono<AppEnv>()
  .get(
    '/analysis',
    allow(VIEW, {
      summary:
        'Satisfaction, NPS, issue heat map and top categories for months in the caller’s scope (from monthly totals)',
      tags,
    }),
    input('query', analysisQuery),
    async (c) => {
      const { actor } = signedIn(c);
      const q = c.req.valid('query');
      return c.json({ filter: q, view: await analysisView(c.get('deps').db, { ...q, ...scopeRefs(actor) }) }, 200);
    },
  )
  .get(
    '/reports/defects',
    allow(VIEW, { summary: 'The monthly product-defect feedback report (产品缺陷反馈报告) of a region', tags }),
    input('query', reportQuery),
    async (c) => c.json({ report: await loadReport(c, c.req.valid('query')) }, 200),
  )
  .get(
    '/reports/defects.xlsx',
    allow(VIEW, { summary: 'The same report as an .xlsx workbook, one sheet per section', tags }),
    input('query', reportQuery),
    async (c) => {
      const q = c.req.valid('query');
      const bytes = await defectReportWorkbook(await loadReport(c, q), c.get('locale'));
      c.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      c.header('content-disposition', `attachment; filename="defect-report-${q.regionId}-${q.month}.xlsx"`);
      return c.body(new Uint8Array(bytes), 200);
    },
  )
  .get(
    '/defects',
    allow(DEFECTS, {
      summary: 'The defect library (缺陷库): closed plans for future projects, by category and words',
      tags: ['improvement plans'],
    }),
    input('query', defectQuery),
    async (c) => {
      return c.json({ defects: await searchDefects(c.get('deps').db, c.req.valid('query')) }, 200);
    },
  );
