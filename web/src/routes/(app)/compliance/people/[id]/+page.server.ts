import { apiClient, unwrap } from '#lib/server/api.ts';
import type { DutyView } from '#lib/duties.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const period = event.url.searchParams.get('period') ?? '';
  const result = await unwrap(await apiClient(event).api.compliance.people[':id'].$get({ param: { id: event.params.id }, query: { period } }));
  return { ...result, duties: result.duties as DutyView[] };
};
