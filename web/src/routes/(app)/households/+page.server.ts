import { apiClient, unwrap } from '#lib/server/api.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const offset = event.url.searchParams.get('offset') ?? '0';
  const page = await unwrap(await apiClient(event).api.my.households.$get({ query: { limit: '50', offset } }));
  return { page, offset: Number(offset) };
};
