import { partitionMyDuties } from '@frontline/core';
import { apiClient, unwrap } from '#lib/server/api.ts';
import type { PageServerLoad } from './$types';

/** The landing page: the caller's duties, sorted into due now, overdue, upcoming and reception days. */
export const load: PageServerLoad = async (event) => {
  const { me } = await event.parent();
  const api = apiClient(event);
  const [mine, households, improvement] = await Promise.all([
    unwrap(await api.api.me.duties.$get({ query: {} })),
    me.capabilities.includes('households.view')
      ? unwrap(await api.api.my.households.$get({ query: { limit: '1' } }))
      : null,
    unwrap(await api.api.me['plan-actions'].$get()),
  ]);
  return {
    today: mine.today,
    sections: partitionMyDuties(mine.duties, mine.today),
    myHouseholds: households?.total ?? null,
    improvement,
  };
};
