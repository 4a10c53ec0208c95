import { apiClient, unwrap } from '#lib/server/api.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const api = apiClient(event).api;
  const offset = event.url.searchParams.get('offset') ?? '0';
  const [visits, drafts] = await Promise.all([
    api.me.visits.$get({ query: { offset } }).then(unwrap),
    api.me['visit-drafts'].$get().then(unwrap),
  ]);
  return { visits, serverDrafts: drafts.drafts, offset: Number(offset) };
};
