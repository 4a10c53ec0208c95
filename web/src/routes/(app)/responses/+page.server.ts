import { clampDateRange, DIMENSIONS, MAX_SPAN_MONTHS, type Dimension } from '@frontline/core';
import { apiClient, unwrap } from '#lib/server/api.ts';
import { projectFilterChoices } from '#lib/server/choices.ts';
import type { PageServerLoad } from './$types';

/**
 * Responses in the viewer's scope, filtered from the query string
 * (bookmarkable). Dates the API would refuse (outside the product's years,
 * reversed, longer than it serves) are brought into range, and the page says so.
 */
export const load: PageServerLoad = async (event) => {
  const { me } = await event.parent();
  const q = event.url.searchParams;
  const api = apiClient(event).api;
  const dimension = (DIMENSIONS as readonly string[]).includes(q.get('dimension') ?? '')
    ? (q.get('dimension') as Dimension)
    : undefined;
  const pick = (k: string) => q.get(k) || undefined;
  const asked = { from: pick('from'), to: pick('to') };
  const dates = clampDateRange(asked, MAX_SPAN_MONTHS.responses);
  const query = {
    projectId: pick('projectId'),
    checkpoint: pick('checkpoint'),
    dimension,
    categoryId: pick('categoryId'),
    from: dates.from,
    to: dates.to,
    offset: pick('offset') ?? '0',
  };
  const [page, projects, categories] = await Promise.all([
    api.responses.$get({ query }).then(unwrap),
    projectFilterChoices(api, me),
    // the issue category (a drill-down from the analysis sets it) is a filter the user sees and can clear
    api['issue-categories'].$get().then(async (r) => (r.ok ? (await r.json()).categories : [])),
  ]);
  const adjusted = asked.from !== dates.from || asked.to !== dates.to;
  return {
    page,
    projects,
    categories: categories.filter((c) => c.active || String(c.id) === query.categoryId),
    adjusted: adjusted ? MAX_SPAN_MONTHS.responses : null,
    filters: {
      projectId: query.projectId ?? '',
      checkpoint: query.checkpoint ?? '',
      dimension: dimension ?? '',
      categoryId: query.categoryId ?? '',
      from: query.from ?? '',
      to: query.to ?? '',
    },
    offset: Number(query.offset),
  };
};
