import {
  analysisQuery,
  commonIssueQuery,
  confirmInput,
  detectionSettingsInput,
  dismissInput,
  idParam,
  mergeInput,
  privacyFor,
  projectInScope,
  regionInScope,
  reportQuery,
  scopeOf,
  shanghaiDate,
  splitInput,
  type Actor,
} from '@frontline/core';
import {
  analysisView,
  commonIssueInScope,
  commonIssueItems,
  confirmCommonIssue,
  defectReport,
  dismissCommonIssue,
  getCommonIssue,
  getDetectionSettings,
  getHouseholds,
  lastDetectionRun,
  listCommonIssues,
  mergeCommonIssue,
  runDetection,
  saveDetectionSettings,
  splitCommonIssue,
  type CommonIssueSummary,
} from '@frontline/db';
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../http/context.ts';
import { notFound, valueOrThrow } from '../http/errors.ts';
import { allow, signedIn } from '../http/policy.ts';
import { auditContext } from '../http/request-info.ts';
import { scopeRefs } from '../http/scope.ts';
import { input } from '../http/validate.ts';
import { defectReportWorkbook } from '../reports/defect-report.ts';
import { householdsInScope } from './views.ts';

const tags = ['roll-up'];

/** A common issue as a caller sees it: the projects of their scope by name, the others counted. */
function issueView(actor: Actor, issue: CommonIssueSummary) {
  const scope = scopeOf(actor);
  const projects = issue.projects.filter((p) => projectInScope(scope, p));
  return { ...issue, projects, otherProjects: issue.projects.length - projects.length };
}

async function loadIssue(c: Context<AppEnv>, id: number): Promise<CommonIssueSummary> {
  const issue = await getCommonIssue(c.get('deps').db, id);
  if (!issue || !commonIssueInScope(issue, scopeRefs(signedIn(c).actor))) throw notFound();
  return issue;
}

async function issueOut(c: Context<AppEnv>, id: number) {
  return issueView(signedIn(c).actor, (await getCommonIssue(c.get('deps').db, id))!);
}

async function loadReport(c: Context<AppEnv>, q: { regionId: number; month: string }) {
  const { actor } = signedIn(c);
  const deps = c.get('deps');
  if (!regionInScope(scopeOf(actor), q.regionId)) throw notFound();
  const report = await defectReport(deps.db, q.regionId, q.month, shanghaiDate(deps.now()));
  if (!report) throw notFound();
  return report;
}

export const rollupRoutes = new Hono<AppEnv>()
  .get(
    '/analysis',
    allow('responses.view', { summary: 'Satisfaction, NPS, issue heat map and top categories for months in the caller’s scope (from monthly totals)', tags }),
    input('query', analysisQuery),
    async (c) => {
      const { actor } = signedIn(c);
      const q = c.req.valid('query');
      return c.json({ filter: q, view: analysisView(c.get('deps').db, { ...q, ...scopeRefs(actor) }) }, 200);
    },
  )
  .get(
    '/common-issues',
    allow('responses.view', { summary: 'Common issues (suggested, confirmed, dismissed) touching the caller’s scope, with the last detection run and its settings', tags }),
    input('query', commonIssueQuery),
    async (c) => {
      const { actor } = signedIn(c);
      const db = c.get('deps').db;
      const issues = (await listCommonIssues(db, { ...c.req.valid('query'), ...scopeRefs(actor) })).map((i) => issueView(actor, i));
      return c.json({ issues, lastRun: await lastDetectionRun(db), settings: await getDetectionSettings(db) }, 200);
    },
  )
  .post(
    '/common-issues/detect',
    allow('detection.manage', { summary: 'Run detection now over the last 12 months of issue items (also runs daily); group-wide', tags }),
    async (c) => {
      const deps = c.get('deps');
      const report = await runDetection(deps.db, { today: shanghaiDate(deps.now()), mail: deps.mail }, auditContext(c));
      return c.json({ report }, 200);
    },
  )
  .put(
    '/common-issues/settings',
    allow('detection.manage', { summary: 'Detection thresholds: similarity, N households, X% of respondents; group-wide', tags }),
    input('json', detectionSettingsInput),
    async (c) => {
      await saveDetectionSettings(c.get('deps').db, c.req.valid('json'), auditContext(c));
      return c.json({ settings: await getDetectionSettings(c.get('deps').db) }, 200);
    },
  )
  .get(
    '/common-issues/:id',
    allow('responses.view', { summary: 'One common issue: its reports, each with the words it shares with the issue (why it is there); households masked', tags }),
    input('param', idParam),
    async (c) => {
      const { actor } = signedIn(c);
      const db = c.get('deps').db;
      const issue = await loadIssue(c, c.req.valid('param').id);
      // An issue may span regions: the caller sees the reports of their scope and only counts of the rest.
      const scope = scopeOf(actor);
      const all = await commonIssueItems(db, issue.id, issue.keywords);
      const region = new Map(issue.projects.map((p) => [p.id, p.regionId]));
      const inScope = all.filter((i) => projectInScope(scope, { id: i.projectId, regionId: region.get(i.projectId) ?? -1 }));
      const every = await getHouseholds(db, [...new Set(all.flatMap((i) => i.householdIds))]);
      const { households, householdsOutOfScope } = householdsInScope(actor, every);
      // Each report's description is free text about its households: masked unless the caller may reveal them.
      const byId = new Map(every.map((h) => [h.id, h]));
      const items = inScope.map((i) => ({ ...i, description: privacyFor(actor, i.householdIds.flatMap((id) => byId.get(id) ?? [])).text(i.description) ?? '' }));
      return c.json({ issue: issueView(actor, issue), items, households, outOfScope: { items: all.length - items.length, households: householdsOutOfScope } }, 200);
    },
  )
  .post(
    '/common-issues/:id/confirm',
    allow('rollup.manage', { summary: 'Confirm a suggestion as a common issue, with its title', tags }),
    input('param', idParam),
    input('json', confirmInput),
    async (c) => {
      const issue = await loadIssue(c, c.req.valid('param').id);
      valueOrThrow(await confirmCommonIssue(c.get('deps').db, issue.id, c.req.valid('json').title, auditContext(c)));
      return c.json({ issue: await issueOut(c, issue.id) }, 200);
    },
  )
  .post(
    '/common-issues/:id/dismiss',
    allow('rollup.manage', { summary: 'Dismiss a suggestion with a reason (its future reports stay with it)', tags }),
    input('param', idParam),
    input('json', dismissInput),
    async (c) => {
      const issue = await loadIssue(c, c.req.valid('param').id);
      valueOrThrow(await dismissCommonIssue(c.get('deps').db, issue.id, c.req.valid('json').reason, auditContext(c)));
      return c.json({ issue: await issueOut(c, issue.id) }, 200);
    },
  )
  .post(
    '/common-issues/:id/merge',
    allow('rollup.manage', { summary: 'Merge this issue into another of the same category', tags }),
    input('param', idParam),
    input('json', mergeInput),
    async (c) => {
      const issue = await loadIssue(c, c.req.valid('param').id);
      const into = await loadIssue(c, c.req.valid('json').intoId);
      valueOrThrow(await mergeCommonIssue(c.get('deps').db, issue.id, into.id, auditContext(c)));
      return c.json({ issue: await issueOut(c, into.id) }, 200);
    },
  )
  .post(
    '/common-issues/:id/split',
    allow('rollup.manage', { summary: 'Split some reports off into a new issue of the same status', tags }),
    input('param', idParam),
    input('json', splitInput),
    async (c) => {
      const issue = await loadIssue(c, c.req.valid('param').id);
      const { itemIds, title } = c.req.valid('json');
      const id = valueOrThrow(await splitCommonIssue(c.get('deps').db, issue.id, itemIds, title, auditContext(c)));
      return c.json({ issue: await issueOut(c, id) }, 201);
    },
  )
  .get(
    '/reports/defects',
    allow('responses.view', { summary: 'The monthly product-defect feedback report (产品缺陷反馈报告) of a region', tags }),
    input('query', reportQuery),
    async (c) => c.json({ report: await loadReport(c, c.req.valid('query')) }, 200),
  )
  .get(
    '/reports/defects.xlsx',
    allow('responses.view', { summary: 'The same report as an .xlsx workbook, one sheet per section', tags }),
    input('query', reportQuery),
    async (c) => {
      const q = c.req.valid('query');
      const bytes = await defectReportWorkbook(await loadReport(c, q), c.get('locale'));
      c.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      c.header('content-disposition', `attachment; filename="defect-report-${q.regionId}-${q.month}.xlsx"`);
      return c.body(new Uint8Array(bytes), 200);
    },
  );
