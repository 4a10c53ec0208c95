import { partitionMyDuties } from '@frontline/core';
import { apiClient, unwrap } from '#lib/server/api.ts';
import type { PageServerLoad } from './$types';

/** My duties in full: the next reception days, then due now, overdue and upcoming, each duty once. */
export const load: PageServerLoad = async (event) => {
  // After the layout has checked the session: signed out, it redirects before the API is asked.
  await event.parent();
  const mine = await unwrap(await apiClient(event).api.me.duties.$get({ query: {} }));
  return { today: mine.today, from: mine.from, to: mine.to, sections: partitionMyDuties(mine.duties, mine.today) };
};
