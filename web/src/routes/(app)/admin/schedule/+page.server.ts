import { apiClient, unwrap } from '#lib/server/api.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const { runs } = await unwrap(await apiClient(event).api.schedule.runs.$get());
  return { runs };
};
