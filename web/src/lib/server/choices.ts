import { apiClient, unwrap } from './api.ts';

type Api = ReturnType<typeof apiClient>['api'];
export type ProjectChoice = { id: number; name: string };

/**
 * The projects in the caller's scope (of one region when given), from the route without the project
 * list's employee and household counts.
 */
export async function projectChoices(api: Api, regionId?: number): Promise<ProjectChoice[]> {
  const query = regionId === undefined ? {} : { regionId: String(regionId) };
  const { items } = await unwrap(await api.projects.choices.$get({ query }));
  return items.map((p) => ({ id: p.id, name: p.name }));
}

/**
 * What a page's project filter offers the caller: their own project, else their region's projects.
 * At group level, every project when `groupWide`, else none (those pages narrow by region first).
 */
export async function projectFilterChoices(
  api: Api,
  me: { project: ProjectChoice | null; region: { id: number } | null },
  { groupWide = false } = {},
): Promise<ProjectChoice[]> {
  if (me.project) return [me.project];
  if (me.region) return projectChoices(api, me.region.id);
  return groupWide ? projectChoices(api) : [];
}
