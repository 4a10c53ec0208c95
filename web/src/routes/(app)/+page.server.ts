import { apiClient, unwrap } from '#lib/server/api.ts';
import type { PageServerLoad } from './$types';

/** The home page: the sections the caller's capabilities open, each with its first records (one API call). */
export const load: PageServerLoad = async (event) => {
  return { home: await unwrap(await apiClient(event).api.me.home.$get()) };
};
