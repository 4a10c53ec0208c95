import { indicatorQuery, TICKET_FIGURES } from '@frontline/core';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../http/context.ts';
import { notFound } from '../../http/errors.ts';
import { allow, signedIn } from '../../http/policy.ts';
import { input } from '../../http/validate.ts';
import { drillDown, indicatorFilter, indicatorsView } from './service.ts';
import { indicatorsWorkbook } from './workbook.ts';

/**
 * The complaint-handling indicators, for whoever reads the visit analysis
 * (`responses.view`: managers and customer relations), within their scope.
 * Mounted before the tickets routes, so `/tickets/indicators` is never taken
 * for a ticket id.
 */
const VIEW = 'responses.view' as const;
const tags = ['tickets'];

const drillDownQuery = indicatorQuery.omit({ months: true }).extend({
  figure: z.enum(TICKET_FIGURES).default('closed'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

async function filterOf(c: Context<AppEnv>, q: { regionId?: number | undefined; projectId?: number | undefined }) {
  const found = await indicatorFilter(c.get('deps').db, signedIn(c).actor, q);
  if (!found) throw notFound();
  return found;
}

async function loadView(c: Context<AppEnv>, q: z.infer<typeof indicatorQuery>) {
  const { filter, scope } = await filterOf(c, q);
  const deps = c.get('deps');
  return indicatorsView(deps.db, filter, scope, q.period, q.months, deps.now());
}

export const ticketIndicatorRoutes = new Hono<AppEnv>()
  .get(
    '/tickets/indicators',
    allow(VIEW, {
      summary:
        'Complaint-handling indicators of a month (timely, first-time close, follow-up, first response, reopen, working days), their trend, by project, and the open backlog by age',
      tags,
    }),
    input('query', indicatorQuery),
    async (c) => c.json(await loadView(c, c.req.valid('query')), 200),
  )
  .get(
    '/tickets/indicators/tickets',
    allow(VIEW, {
      summary:
        'The tickets behind a figure of the month (e.g. closed late, not followed up), paged; no customer details',
      tags,
    }),
    input('query', drillDownQuery),
    async (c) => {
      const q = c.req.valid('query');
      const { filter } = await filterOf(c, q);
      return c.json(await drillDown(c.get('deps').db, filter, q), 200);
    },
  )
  .get(
    '/tickets/indicators.xlsx',
    allow(VIEW, { summary: 'The same indicators as an .xlsx workbook', tags }),
    input('query', indicatorQuery),
    async (c) => {
      const q = c.req.valid('query');
      const bytes = await indicatorsWorkbook(await loadView(c, q), c.get('locale'));
      c.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      c.header('content-disposition', `attachment; filename="ticket-indicators-${q.period}.xlsx"`);
      return c.body(new Uint8Array(bytes), 200);
    },
  );
