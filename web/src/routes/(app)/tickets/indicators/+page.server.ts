import { monthKey, monthOf, TICKET_FIGURES, type TicketFigure } from '@frontline/core';
import { apiClient, unwrap } from '#lib/server/api.ts';
import { projectFilterChoices } from '#lib/server/choices.ts';
import type { PageServerLoad } from './$types';

/**
 * The complaint-handling dashboard for the month, scope and trend length in
 * the query string (bookmarkable; this month and six months by default), and
 * the tickets behind one figure when `figure` is given.
 */
export const load: PageServerLoad = async (event) => {
  const { me } = await event.parent();
  const q = event.url.searchParams;
  const api = apiClient(event).api;
  const asked = q.get('period');
  const period = asked !== null && monthKey.safeParse(asked).success ? asked : monthOf(me.today);
  const months = ['3', '6', '12'].includes(q.get('months') ?? '') ? q.get('months')! : '6';
  const pick = (k: string) => q.get(k) || undefined;
  const query = { period, months, regionId: pick('regionId'), projectId: pick('projectId') };
  const figure = (TICKET_FIGURES as readonly string[]).includes(q.get('figure') ?? '')
    ? (q.get('figure') as TicketFigure)
    : null;
  const offset = Math.max(0, Number(q.get('offset')) || 0);
  const [view, drill, regions, projects] = await Promise.all([
    api.tickets.indicators.$get({ query }).then(unwrap),
    figure
      ? api.tickets.indicators.tickets
          .$get({
            query: {
              period,
              regionId: query.regionId,
              projectId: query.projectId,
              figure,
              limit: '50',
              offset: String(offset),
            },
          })
          .then(unwrap)
      : null,
    me.region ? null : api.regions.$get().then(unwrap),
    projectFilterChoices(api, me),
  ]);
  return {
    view,
    drill: drill && { figure: figure!, offset, ...drill },
    figures: TICKET_FIGURES,
    regions: regions?.items.map((r) => ({ id: r.id, name: r.name })) ?? [],
    projects,
    filters: { period, months, regionId: query.regionId ?? '', projectId: query.projectId ?? '' },
  };
};
