import { apiClient, unwrap } from '#lib/server/api.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const { visit } = await unwrap(await apiClient(event).api.visits[':id'].$get({ param: { id: event.params.id } }));
  return { visit };
};
