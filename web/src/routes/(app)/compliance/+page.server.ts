import {
  COMPLIANCE_GROUPS,
  LINES,
  parsePeriodKey,
  lastEndedPeriod,
  type ComplianceGroup,
  type Line,
} from '@frontline/core';
import { apiClient, unwrap } from '#lib/server/api.ts';
import type { PageServerLoad } from './$types';

/**
 * The compliance board: one period, grouped one way, in the viewer's scope. It opens on the last
 * month that has ended, whose duties are all decided, rather than one just begun.
 */
export const load: PageServerLoad = async (event) => {
  const { me } = await event.parent();
  const q = event.url.searchParams;
  const period = (parsePeriodKey(q.get('period') ?? '') ?? lastEndedPeriod(me.today, 'month')).key;
  const groupBy = (COMPLIANCE_GROUPS as readonly string[]).includes(q.get('groupBy') ?? '')
    ? (q.get('groupBy') as ComplianceGroup)
    : 'person';
  const line = (LINES as readonly string[]).includes(q.get('line') ?? '') ? (q.get('line') as Line) : undefined;
  const api = apiClient(event).api;
  const [board, overdue] = await Promise.all([
    api.compliance.$get({ query: { period, groupBy, ...(line ? { line } : {}) } }).then(unwrap),
    api.compliance['overdue-actions'].$get().then(unwrap),
  ]);
  return { board, period, groupBy, line: line ?? '', overdueActions: overdue.actions };
};
