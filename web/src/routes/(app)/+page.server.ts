import { partitionMyDuties } from '@frontline/core';
import { apiClient, unwrap } from '#lib/server/api.ts';
import type { PageServerLoad } from './$types';

/** The landing page: the caller's duties, sorted into due now, overdue, upcoming and reception days. */
export const load: PageServerLoad = async (event) => {
  const { me } = await event.parent();
  const api = apiClient(event);
  const [mine, households, improvement] = await Promise.all([
    api.api.me.duties.$get({ query: {} }).then(unwrap),
    me.capabilities.includes('households.view')
      ? api.api.my.households.$get({ query: { limit: '1' } }).then(unwrap)
      : null,
    api.api.me['plan-actions'].$get().then(unwrap),
  ]);
  return {
    today: mine.today,
    sections: partitionMyDuties(mine.duties, mine.today),
    myHouseholds: households?.total ?? null,
    improvement,
  };
};
