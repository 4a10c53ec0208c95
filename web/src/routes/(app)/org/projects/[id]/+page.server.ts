import { apiClient, unwrap } from '#lib/server/api.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const { me } = await event.parent();
  const client = apiClient(event).api;
  const id = event.params.id;
  const tab = event.url.searchParams.get('tab') === 'households' && me.capabilities.includes('households.view') ? 'households' : 'staff';
  const offset = event.url.searchParams.get('offset') ?? '0';
  const building = event.url.searchParams.get('building') ?? '';
  const detail = await unwrap(await client.projects[':id'].$get({ param: { id } }));
  const list =
    tab === 'staff'
      ? { kind: 'staff' as const, page: await unwrap(await client.projects[':id'].employees.$get({ param: { id }, query: { limit: '50', offset } })) }
      : {
          kind: 'households' as const,
          page: await unwrap(
            await client.projects[':id'].households.$get({ param: { id }, query: { limit: '50', offset, ...(building ? { building } : {}) } }),
          ),
        };
  return { ...detail, tab, list, offset: Number(offset), building };
};
