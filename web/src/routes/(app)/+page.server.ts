import { apiClient, unwrap } from '#lib/server/api.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const { me } = await event.parent();
  if (!me.capabilities.includes('households.view')) return { myHouseholds: null };
  const mine = await unwrap(await apiClient(event).api.my.households.$get({ query: { limit: '1' } }));
  return { myHouseholds: mine.total };
};
