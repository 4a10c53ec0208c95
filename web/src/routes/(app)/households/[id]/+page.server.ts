import { fail } from '@sveltejs/kit';
import { apiClient, unwrap, type ApiErrorBody } from '#lib/server/api.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  return unwrap(await apiClient(event).api.households[':id'].$get({ param: { id: event.params.id } }));
};

export const actions: Actions = {
  reveal: async (event) => {
    const response = await apiClient(event).api.households[':id'].reveal.$post({ param: { id: event.params.id } });
    if (!response.ok) {
      const body = (await response.json()) as unknown as ApiErrorBody;
      return fail(response.status, { message: body.error.message });
    }
    return { revealed: (await response.json()).household };
  },
};
