import { apiClient, unwrap } from '#lib/server/api.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  // After the layout's session check: the service worker fetches this page ahead, also just after sign-out,
  // and a load left running past the layout's redirect would reject with nobody waiting for it.
  await event.parent();
  const api = apiClient(event).api;
  const offset = event.url.searchParams.get('offset') ?? '0';
  const [visits, drafts] = await Promise.all([
    api.me.visits.$get({ query: { offset } }).then(unwrap),
    api.me['visit-drafts'].$get().then(unwrap),
  ]);
  return { visits, serverDrafts: drafts.drafts, offset: Number(offset) };
};
