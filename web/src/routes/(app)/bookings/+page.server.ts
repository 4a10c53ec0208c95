import { apiClient, unwrap } from '#lib/server/api.ts';
import type { PageServerLoad } from './$types';

/** Reception days of the caller's region in the coming eight weeks, to book customers into. */
export const load: PageServerLoad = async (event) => {
  const { days } = await unwrap(await apiClient(event).api['reception-days'].$get({ query: {} }));
  return { days };
};
