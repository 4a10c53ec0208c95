import { fail } from '@sveltejs/kit';
import { apiClient, errorOf, unwrap } from '#lib/server/api.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const { message } = await unwrap(await apiClient(event).api.outbox[':id'].$get({ param: { id: event.params.id } }));
  return { message };
};

export const actions: Actions = {
  retry: async (event) => {
    const response = await apiClient(event).api.outbox[':id'].retry.$post({ param: { id: event.params.id } });
    if (!response.ok) return fail(response.status, { message: (await errorOf(response)).message });
    return { saved: true };
  },
};
