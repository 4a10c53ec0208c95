import { apiClient, unwrap } from './api.ts';

type Api = ReturnType<typeof apiClient>['api'];
export type ProjectChoice = { id: number; name: string };

/**
 * The projects a page's filter offers: those in the caller's scope (of one region when given), from
 * the route without the project list's employee and household counts.
 */
export async function projectChoices(api: Api, regionId?: number): Promise<ProjectChoice[]> {
  const query = regionId === undefined ? {} : { regionId: String(regionId) };
  const { items } = await unwrap(await api.projects.choices.$get({ query }));
  return items.map((p) => ({ id: p.id, name: p.name }));
}
