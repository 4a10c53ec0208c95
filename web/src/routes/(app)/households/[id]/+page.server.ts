import { fail } from '@sveltejs/kit';
import { apiClient, errorOf, unwrap } from '#lib/server/api.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  return unwrap(await apiClient(event).api.households[':id'].$get({ param: { id: event.params.id } }));
};

export const actions: Actions = {
  reveal: async (event) => {
    const response = await apiClient(event).api.households[':id'].reveal.$post({ param: { id: event.params.id } });
    if (!response.ok) {
      return fail(response.status, { message: (await errorOf(response)).message });
    }
    return { revealed: (await response.json()).household };
  },
};
