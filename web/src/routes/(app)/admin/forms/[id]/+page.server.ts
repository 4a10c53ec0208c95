import { apiClient, unwrap } from '#lib/server/api.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const api = apiClient(event).api;
  const [detail, categories] = await Promise.all([
    unwrap(await api.forms[':id'].$get({ param: { id: event.params.id } })),
    unwrap(await api['issue-categories'].$get()),
  ]);
  return { ...detail, categories: categories.categories };
};
