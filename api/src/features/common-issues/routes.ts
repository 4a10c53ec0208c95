import {
  commonIssueQuery,
  confirmInput,
  detectionSettingsInput,
  dismissInput,
  idParam,
  mergeInput,
  shanghaiDate,
  splitInput,
} from '@frontline/core';
import {
  getCommonIssue,
  getDetectionSettings,
  getHouseholds,
  lastDetectionRun,
  type CommonIssueSummary,
} from '@frontline/db';
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../../http/context.ts';
import { ApiError, notFound, valueOrThrow } from '../../http/errors.ts';
import { allow, signedIn } from '../../http/policy.ts';
import { auditContext } from '../../http/request-info.ts';
import { scopeRefs } from '../../http/scope.ts';
import { input } from '../../http/validate.ts';
import { DETECT, REVIEW, VIEW } from './policy.ts';
import {
  changeDetectionSettings,
  confirmCommonIssue,
  dismissCommonIssue,
  explainedItems,
  listCommonIssuesIn,
  mergeCommonIssue,
  runDetection,
  splitCommonIssue,
  visibleCommonIssue,
} from './service.ts';
import { commonIssueDetailView, commonIssueView } from './views.ts';

const tags = ['roll-up'];

async function loadIssue(c: Context<AppEnv>, id: number): Promise<CommonIssueSummary> {
  const issue = await visibleCommonIssue(c.get('deps').db, signedIn(c).actor, id);
  if (!issue) throw notFound();
  return issue;
}

async function issueOut(c: Context<AppEnv>, id: number) {
  return commonIssueView(signedIn(c).actor, (await getCommonIssue(c.get('deps').db, id))!);
}

export const commonIssueRoutes = new Hono<AppEnv>()
  .get(
    '/common-issues',
    allow(VIEW, {
      summary:
        'Common issues (suggested, confirmed, dismissed) touching the caller’s scope, with the last detection run and its settings',
      tags,
    }),
    input('query', commonIssueQuery),
    async (c) => {
      const { actor } = signedIn(c);
      const db = c.get('deps').db;
      const issues = (await listCommonIssuesIn(db, { ...c.req.valid('query'), ...scopeRefs(actor) })).map((i) =>
        commonIssueView(actor, i),
      );
      return c.json({ issues, lastRun: await lastDetectionRun(db), settings: await getDetectionSettings(db) }, 200);
    },
  )
  .post(
    '/common-issues/detect',
    allow(DETECT, {
      summary: 'Run detection now over the last 12 months of issue items (also runs daily); group-wide',
      tags,
    }),
    async (c) => {
      const deps = c.get('deps');
      const report = await runDetection(
        deps.db,
        { today: shanghaiDate(deps.now()), mail: deps.mail },
        auditContext(c),
        { holder: deps.holder, now: deps.now },
      );
      if (!report) throw new ApiError(409, 'DETECTION_RUNNING');
      return c.json({ report }, 200);
    },
  )
  .put(
    '/common-issues/settings',
    allow(DETECT, { summary: 'Detection thresholds: similarity, N households, X% of respondents; group-wide', tags }),
    input('json', detectionSettingsInput),
    async (c) => {
      await changeDetectionSettings(c.get('deps').db, c.req.valid('json'), auditContext(c));
      return c.json({ settings: await getDetectionSettings(c.get('deps').db) }, 200);
    },
  )
  .get(
    '/common-issues/:id',
    allow(VIEW, {
      summary:
        'One common issue: its reports, each with the words it shares with the issue (why it is there); households masked',
      tags,
    }),
    input('param', idParam),
    async (c) => {
      const db = c.get('deps').db;
      const issue = await loadIssue(c, c.req.valid('param').id);
      const all = await explainedItems(db, issue);
      const every = await getHouseholds(db, [...new Set(all.flatMap((i) => i.householdIds))]);
      return c.json(commonIssueDetailView(signedIn(c).actor, issue, all, every), 200);
    },
  )
  .post(
    '/common-issues/:id/confirm',
    allow(REVIEW, { summary: 'Confirm a suggestion as a common issue, with its title', tags }),
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
    allow(REVIEW, { summary: 'Dismiss a suggestion with a reason (its future reports stay with it)', tags }),
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
    allow(REVIEW, { summary: 'Merge this issue into another of the same category', tags }),
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
    allow(REVIEW, { summary: 'Split some reports off into a new issue of the same status', tags }),
    input('param', idParam),
    input('json', splitInput),
    async (c) => {
      const issue = await loadIssue(c, c.req.valid('param').id);
      const { itemIds, title } = c.req.valid('json');
      const id = valueOrThrow(await splitCommonIssue(c.get('deps').db, issue.id, itemIds, title, auditContext(c)));
      return c.json({ issue: await issueOut(c, id) }, 201);
    },
  );
