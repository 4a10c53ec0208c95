import { apiClient, unwrap } from '#lib/server/api.ts';
import type { PageServerLoad } from './$types';

/** The home page: the sections the caller's capabilities open, each with its first records (one API call). */
export const load: PageServerLoad = async (event) => {
  // After the layout has checked the session: signed out, it redirects before the API is asked.
  await event.parent();
  return { home: await unwrap(await apiClient(event).api.me.home.$get()) };
};
