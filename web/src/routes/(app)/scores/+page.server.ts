import { LINES, parseAppraisalPeriod, POSITIONS, type Line, type Position } from '@frontline/core';
import { actionResult, apiClient, unwrap } from '#lib/server/api.ts';
import { field } from '#lib/server/form.ts';
import type { Actions, PageServerLoad } from './$types';

/** A page of people: 50 cards on a phone is already a long scroll. */
const LIMIT = 50;

/** A period's scores in the viewer's scope (their own for staff), with ranks and the distribution. */
export const load: PageServerLoad = async (event) => {
  const { me } = await event.parent();
  const q = event.url.searchParams;
  const api = apiClient(event).api;
  const periods = await unwrap(await api.scores.periods.$get());
  const asked = q.get('period') ?? '';
  const period = parseAppraisalPeriod(asked) ? asked : periods.current.name;
  const line = (LINES as readonly string[]).includes(q.get('line') ?? '') ? (q.get('line') as Line) : undefined;
  const position = (POSITIONS as readonly string[]).includes(q.get('position') ?? '')
    ? (q.get('position') as Position)
    : undefined;
  const text = q.get('q')?.trim() || undefined;
  const offset = Math.max(0, Number(q.get('offset')) || 0);
  const scores = await unwrap(
    await api.scores.$get({
      query: {
        period,
        limit: String(LIMIT),
        offset: String(offset),
        ...(line ? { line } : {}),
        ...(position ? { position } : {}),
        ...(text ? { q: text } : {}),
      },
    }),
  );
  // What the page shows of each row and of the catalogue: the data serialised into the page is most of its weight.
  const { delegationRules: _rules, outcomes: _outcomes, rows, ...shown } = scores;
  return {
    periods,
    scores: {
      ...shown,
      rows: rows.map((r) => ({
        employeeId: r.employeeId,
        employeeNo: r.employeeNo,
        name: r.name,
        line: r.line,
        position: r.position,
        projectName: r.projectName,
        regionName: r.regionName,
        components: r.components.map((c) => ({ kind: c.kind, value: c.value })),
        final: r.final,
        adjustment: r.adjustment,
        rank: r.rank,
        of: r.of,
      })),
    },
    filters: { period, line: line ?? '', position: position ?? '', q: text ?? '' },
    limit: LIMIT,
    offset,
    manages: me.capabilities.includes('scores.manage'),
    closes: me.capabilities.includes('scores.configure'),
    today: me.today,
  };
};

export const actions: Actions = {
  close: async (event) => {
    const form = await event.request.formData();
    return actionResult(
      'close',
      await apiClient(event).api.scores.close.$post({ json: { period: field(form, 'period') } }),
    );
  },
};
