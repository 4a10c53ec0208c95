import {
  adjustmentDeltaProblem,
  adjustmentInput,
  apiTokenInput,
  appraisalPeriodOf,
  closePeriodInput,
  DELEGATION_RULE_LABELS,
  DELEGATION_RULES,
  distribution,
  LINE_LABELS,
  parseAppraisalPeriod,
  periodLabel,
  personScoreParams,
  positionParam,
  previousAppraisalPeriod,
  RANKING_METHOD,
  RECORD_OUTCOME_LABELS,
  SCORE_BANDS,
  SCORE_COMPONENT_FORMULAS,
  SCORE_COMPONENT_LABELS,
  SCORE_COMPONENTS,
  schemeInput,
  scoreExportQuery,
  scoreInScope,
  rangeIsProvisional,
  scopeOf,
  employeeInScope,
  scoresQuery,
  shanghaiDate,
  type Actor,
  type AppraisalPeriod,
  type Line,
  type Locale,
} from '@frontline/core';
import {
  addAdjustment,
  adjustmentsOf,
  closedPeriods,
  closePeriod,
  explainRecords,
  getApiToken,
  listApiTokens,
  listSchemes,
  loadWorkCalendar,
  periodScores,
  revokeApiToken,
  saveScheme,
  schemesByIdSync,
  scoreRecords,
  writeAudit,
  type ScoreRow,
} from '@frontline/db';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { createApiToken } from '../auth/api-tokens.ts';
import type { AppEnv } from '../http/context.ts';
import { ApiError, notFound, valueOrThrow } from '../http/errors.ts';
import { allow, allowToken, caller, signedIn } from '../http/policy.ts';
import { auditContext } from '../http/request-info.ts';
import { input } from '../http/validate.ts';
import { scoresJson, scoresTable } from '../reports/scores-export.ts';
import { CSV_TYPE, csvText, XLSX_TYPE, xlsxBytes } from '../reports/tabular.ts';

const tags = ['appraisal'];

/** Tokens are seen and revoked where their makers are: a regional HR admin's region, or the whole group. */
function regionFilter(actor: Actor): { regionId?: number } {
  const scope = scopeOf(actor);
  if (scope.kind === 'group') return {};
  return { regionId: scope.kind === 'own' ? -1 : scope.regionId };
}

/** A period named in a request; its schema (`appraisalPeriodField`) has already refused any other name. */
const periodNamed = (name: string): AppraisalPeriod => parseAppraisalPeriod(name)!;

const periodView = (p: AppraisalPeriod, locale: Locale) => ({ name: p.name, kind: p.kind, from: p.from, to: p.to, label: periodLabel(p, locale) });

const today = (c: Context<AppEnv>) => shanghaiDate(c.get('deps').now());

/** The catalogue every page shows beside the figures: names, formulas in words, the delegation rules, the ranking method. */
const catalogue = {
  components: SCORE_COMPONENTS.map((kind) => ({ kind, label: SCORE_COMPONENT_LABELS[kind], formula: SCORE_COMPONENT_FORMULAS[kind] })),
  delegationRules: DELEGATION_RULES.map((rule) => ({ rule, label: DELEGATION_RULE_LABELS[rule] })),
  rankingMethod: RANKING_METHOD,
  bands: SCORE_BANDS.map((b) => ({ key: b.key, label: b.label })),
  outcomes: RECORD_OUTCOME_LABELS,
};

/** Rows the caller may read; ranks were taken over the whole group first, so they do not depend on who looks. */
const visibleTo = (actor: Actor, rows: ScoreRow[]) => rows.filter((r) => scoreInScope(actor, { id: r.employeeId, regionId: r.regionId, projectId: r.projectId }));

async function oneScore(c: Context<AppEnv>, period: AppraisalPeriod, employeeId: number) {
  const { actor } = signedIn(c);
  const db = c.get('deps').db;
  const [found] = (await periodScores(db, period, today(c), { employeeId })).rows;
  if (!found || !scoreInScope(actor, { id: found.employeeId, regionId: found.regionId, projectId: found.projectId })) throw notFound();
  // Ranked against the whole group, as on the list.
  const group = await periodScores(db, period, today(c), { group: { regionId: found.regionId, line: found.line, position: found.position } });
  return { ...group, row: group.rows.find((r) => r.employeeId === employeeId) ?? found };
}

export const scoreRoutes = new Hono<AppEnv>()
  .get('/scores/schemes', allow('signed-in', { summary: 'Scoring schemes: the current version per position and every earlier one', tags }), async (c) => {
    return c.json({ ...(await listSchemes(c.get('deps').db)), ...catalogue }, 200);
  })
  .put(
    '/scores/schemes/:position',
    allow('scores.configure', { summary: 'Save the next version of a position’s scheme (weights total 100); closed periods keep theirs; group-wide', tags }),
    input('param', positionParam),
    input('json', schemeInput),
    async (c) => {
      const saved = valueOrThrow(await saveScheme(c.get('deps').db, c.req.valid('param').position, c.req.valid('json'), auditContext(c)));
      return c.json(saved, 200);
    },
  )
  .get('/scores/periods', allow('signed-in', { summary: 'Closed periods, and the current and previous quarter', tags }), async (c) => {
    const locale = c.get('locale');
    const current = appraisalPeriodOf(today(c), 'quarter');
    const previous = previousAppraisalPeriod(current);
    const closed = await closedPeriods(c.get('deps').db);
    return c.json(
      {
        current: periodView(current, locale),
        previous: periodView(previous, locale),
        closed: closed.map((s) => ({ ...s, ...periodView(parseAppraisalPeriod(s.name)!, locale) })),
      },
      200,
    );
  })
  .get(
    '/scores',
    allow('signed-in', { summary: 'Scores of a period in the caller’s scope (own only for staff), ranked within region × line × position, with the distribution by line', tags }),
    input('query', scoresQuery),
    async (c) => {
      const { actor } = signedIn(c);
      const q = c.req.valid('query');
      const period = periodNamed(q.period);
      const { state, rows } = await periodScores(c.get('deps').db, period, today(c));
      const text = q.q?.toLowerCase();
      const visible = visibleTo(actor, rows).filter(
        (r) =>
          (q.regionId === undefined || r.regionId === q.regionId) &&
          (q.projectId === undefined || r.projectId === q.projectId) &&
          (q.line === undefined || r.line === q.line) &&
          (q.position === undefined || r.position === q.position) &&
          (!text || r.name.toLowerCase().includes(text) || r.employeeNo.toLowerCase().includes(text)),
      );
      visible.sort((a, b) => (a.regionId ?? 0) - (b.regionId ?? 0) || (a.line ?? '').localeCompare(b.line ?? '') || a.position.localeCompare(b.position) || (a.rank ?? 1e9) - (b.rank ?? 1e9) || a.employeeId - b.employeeId);
      const lang = c.get('locale') === 'en' ? 'en' : 'zh';
      const byLine = distribution(visible, (r) => r.line ?? '', (r) => r.final).map((d) => ({ ...d, label: d.group ? LINE_LABELS[d.group as Line][lang] : '—' }));
      return c.json(
        {
          period: periodView(period, c.get('locale')),
          state,
          // Due windows in a year whose holiday notice is not out rest on provisional working days.
          provisional: rangeIsProvisional(await loadWorkCalendar(c.get('deps').db), period.from, period.to),
          total: visible.length,
          scored: visible.filter((r) => r.final !== null).length,
          rows: visible.slice(q.offset, q.offset + q.limit),
          distribution: byLine,
          ...catalogue,
        },
        200,
      );
    },
  )
  .post(
    '/scores/close',
    allow('scores.configure', { summary: 'Close a period that has ended: every score is frozen with its scheme version (group-wide, once)', tags }),
    input('json', closePeriodInput),
    async (c) => {
      const period = periodNamed(c.req.valid('json').period);
      const state = valueOrThrow(await closePeriod(c.get('deps').db, period, today(c), auditContext(c)));
      return c.json({ period: periodView(period, c.get('locale')), state }, 200);
    },
  )
  .get(
    '/scores/:period/:employeeId',
    allow('signed-in', { summary: 'Why a score is what it is: components, their formulas and weights, every record counted, adjustments', tags }),
    input('param', personScoreParams),
    async (c) => {
      const { period: name, employeeId } = c.req.valid('param');
      const period = periodNamed(name);
      const db = c.get('deps').db;
      const { state, row } = await oneScore(c, period, employeeId);
      const records = await scoreRecords(db, period, employeeId, today(c));
      const explained = records ? await explainRecords(db, records) : undefined;
      const scheme = schemesByIdSync(db.sqlite, [row.schemeId]).get(row.schemeId)!;
      return c.json(
        {
          period: periodView(period, c.get('locale')),
          state,
          person: row,
          scheme: { id: scheme.id, position: scheme.position, version: scheme.version, delegation: scheme.delegation, delegationLabel: DELEGATION_RULE_LABELS[scheme.delegation], note: scheme.note },
          components: row.components.map((comp) => ({
            ...comp,
            label: SCORE_COMPONENT_LABELS[comp.kind],
            formula: SCORE_COMPONENT_FORMULAS[comp.kind],
            records: explained?.[comp.kind] ?? [],
          })),
          adjustments: await adjustmentsOf(db, period.name, employeeId),
          rankingMethod: RANKING_METHOD,
          outcomes: RECORD_OUTCOME_LABELS,
        },
        200,
      );
    },
  )
  .post(
    '/scores/:period/:employeeId/adjustments',
    allow('scores.manage', { summary: 'Correct a frozen score: an adjustment in points with a reason, shown beside it', tags }),
    input('param', personScoreParams),
    input('json', adjustmentInput),
    async (c) => {
      const { period: name, employeeId } = c.req.valid('param');
      const period = periodNamed(name);
      const adjustment = c.req.valid('json');
      const problem = adjustmentDeltaProblem(adjustment.delta);
      if (problem) throw new ApiError(422, 'VALIDATION_FAILED', { fieldCodes: { delta: problem } });
      await oneScore(c, period, employeeId);
      const id = valueOrThrow(await addAdjustment(c.get('deps').db, period, employeeId, adjustment, auditContext(c)));
      return c.json({ id }, 201);
    },
  )
  .get(
    '/hr/scores',
    allowToken('scores.read', 'scores.manage', {
      summary: 'The HR export of a period: json, csv (UTF-8 with BOM) or xlsx; one row per person with components, total, rank, scheme version',
      tags,
      description: 'Periods are named YYYY-Qn, YYYY-MM, YYYY-Hn or YYYY. An open period is served as provisional. Every call is written to the audit log.',
    }),
    input('query', scoreExportQuery),
    async (c) => {
      const actor = caller(c);
      const q = c.req.valid('query');
      const period = periodNamed(q.period);
      const locale = c.get('locale');
      const db = c.get('deps').db;
      const { state, rows } = await periodScores(db, period, today(c));
      const visible = visibleTo(actor, rows);
      const token = c.get('apiToken');
      await writeAudit(db.kysely, { ...auditContext(c), actorId: actor.employeeId }, {
        action: 'scores.export', entity: 'score_period', entityId: period.name,
        after: { format: q.format, rows: visible.length, status: state.status, via: token ? 'api_token' : 'session', ...(token ? { tokenId: token.id } : {}) },
      });
      c.header('x-period-status', state.status);
      if (q.format === 'json') return c.json(scoresJson(period, state, visible), 200);
      const table = scoresTable(period, state, visible, locale);
      const file = `scores-${period.name}`;
      if (q.format === 'csv') {
        c.header('content-type', CSV_TYPE);
        c.header('content-disposition', `attachment; filename="${file}.csv"`);
        return c.body(csvText(table), 200);
      }
      c.header('content-type', XLSX_TYPE);
      c.header('content-disposition', `attachment; filename="${file}.xlsx"`);
      return c.body(await xlsxBytes(table, period.name), 200);
    },
  )
  .get('/hr/tokens', allow('scores.manage', { summary: 'API tokens for the HR system made by people in the caller’s scope (never the secret)', tags }), async (c) => {
    const region = regionFilter(signedIn(c).actor);
    return c.json({ items: await listApiTokens(c.get('deps').db, region) }, 200);
  })
  .post(
    '/hr/tokens',
    allow('scores.manage', { summary: 'Create a read-only scores token; the secret is shown in this response only', tags }),
    input('json', apiTokenInput),
    async (c) => {
      const { token, meta } = await createApiToken(c.get('deps').db, c.req.valid('json').name, 'scores.read', auditContext(c));
      return c.json({ token, ...meta }, 201);
    },
  )
  .delete(
    '/hr/tokens/:id',
    allow('scores.manage', { summary: 'Revoke a token: it stops working at once', tags }),
    input('param', z.object({ id: z.string().max(64) })),
    async (c) => {
      const db = c.get('deps').db;
      const token = await getApiToken(db, c.req.valid('param').id);
      if (!token || !employeeInScope(signedIn(c).actor, { id: token.createdBy, regionId: token.createdByRegionId, projectId: null })) throw notFound();
      if (!(await revokeApiToken(db, token.id, auditContext(c)))) throw notFound();
      return c.body(null, 204);
    },
  );
