import { apiClient, unwrap } from '#lib/server/api.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const offset = event.url.searchParams.get('offset') ?? '0';
  const action = event.url.searchParams.get('action') ?? '';
  const page = await unwrap(
    await apiClient(event).api.audit.$get({ query: { limit: '50', offset, ...(action ? { action } : {}) } }),
  );
  return { page, offset: Number(offset), action };
};
