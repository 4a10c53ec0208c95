import { apiClient, unwrap } from '#lib/server/api.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const api = apiClient(event).api;
  const [detail, categories] = await Promise.all([
    api.forms[':id'].$get({ param: { id: event.params.id } }).then(unwrap),
    api['issue-categories'].$get().then(unwrap),
  ]);
  return { ...detail, categories: categories.categories };
};
