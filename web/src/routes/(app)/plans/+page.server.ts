import { apiClient, unwrap } from '#lib/server/api.ts';
import type { PageServerLoad } from './$types';

/** Plans in the caller's scope and those they take part in; ?mine=1 for only the latter. */
export const load: PageServerLoad = async (event) => {
  const mine = event.url.searchParams.get('mine') === '1';
  const { plans } = await unwrap(await apiClient(event).api.plans.$get({ query: mine ? { mine: 'true' } : {} }));
  return { plans, mine };
};
