import { apiClient, unwrap } from '#lib/server/api.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const period = event.url.searchParams.get('period') ?? '';
  return unwrap(
    await apiClient(event).api.compliance.people[':id'].$get({ param: { id: event.params.id }, query: { period } }),
  );
};
