import { apiClient, unwrap } from '#lib/server/api.ts';
import type { PageServerLoad } from './$types';

/** The defect library, searched by words and category from the query string. */
export const load: PageServerLoad = async (event) => {
  const api = apiClient(event).api;
  const q = event.url.searchParams.get('q') ?? '';
  const categoryId = event.url.searchParams.get('categoryId') ?? '';
  const [{ defects }, { categories }] = await Promise.all([
    api.defects.$get({ query: { ...(q ? { q } : {}), ...(categoryId ? { categoryId } : {}) } }).then(unwrap),
    api['issue-categories'].$get().then(unwrap),
  ]);
  return { defects, categories, q, categoryId };
};
