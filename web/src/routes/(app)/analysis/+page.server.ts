import {
  addMonths,
  clampMonthRange,
  DIMENSIONS,
  MAX_SPAN_MONTHS,
  monthKey,
  monthOf,
  type Dimension,
} from '@frontline/core';
import { apiClient, unwrap } from '#lib/server/api.ts';
import { projectFilterChoices } from '#lib/server/choices.ts';
import type { PageServerLoad } from './$types';

/**
 * The analysis view for the filters in the query string (bookmarkable); the
 * last six months by default. A range longer than the API serves keeps its
 * end and starts later, and the page says so.
 */
export const load: PageServerLoad = async (event) => {
  const { me } = await event.parent();
  const q = event.url.searchParams;
  const api = apiClient(event).api;
  const month = (key: string) => {
    const value = q.get(key);
    return value !== null && monthKey.safeParse(value).success ? value : undefined;
  };
  const to = month('to') ?? monthOf(me.today);
  const asked = month('from');
  const from =
    asked !== undefined && asked <= to ? clampMonthRange(asked, to, MAX_SPAN_MONTHS.analysis).from : addMonths(to, -5);
  const dimension = (DIMENSIONS as readonly string[]).includes(q.get('dimension') ?? '')
    ? (q.get('dimension') as Dimension)
    : undefined;
  const pick = (k: string) => q.get(k) || undefined;
  const query = {
    from,
    to,
    regionId: pick('regionId'),
    projectId: pick('projectId'),
    checkpoint: pick('checkpoint'),
    dimension,
  };
  const [result, regions, projects] = await Promise.all([
    api.analysis.$get({ query }).then(unwrap),
    me.region ? null : api.regions.$get().then(unwrap),
    projectFilterChoices(api, me),
  ]);
  return {
    view: result.view,
    regions: regions?.items.map((r) => ({ id: r.id, name: r.name })) ?? [],
    projects,
    reportRegion: me.region?.id ?? (query.regionId ? Number(query.regionId) : null),
    narrowed: asked !== undefined && asked < from ? MAX_SPAN_MONTHS.analysis : null,
    filters: {
      from,
      to,
      regionId: query.regionId ?? '',
      projectId: query.projectId ?? '',
      checkpoint: query.checkpoint ?? '',
      dimension: dimension ?? '',
    },
  };
};
