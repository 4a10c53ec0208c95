import { apiClient, unwrap } from '#lib/server/api.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const client = apiClient(event).api;
  const regions = await unwrap(await client.regions.$get());
  const projects = await unwrap(await client.projects.$get({ query: {} }));
  return { regions: regions.items, projects: projects.items };
};
