import { apiClient, unwrap } from '#lib/server/api.ts';
import { resetPasswordAction } from '#lib/server/passwords.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const client = apiClient(event).api;
  const id = event.params.id;
  const offset = event.url.searchParams.get('offset') ?? '0';
  const [detail, staff] = await Promise.all([
    client.regions[':id'].$get({ param: { id } }).then(unwrap),
    client.regions[':id'].employees.$get({ param: { id }, query: { limit: '50', offset } }).then(unwrap),
  ]);
  return { ...detail, staff, offset: Number(offset) };
};

export const actions: Actions = { resetPassword: resetPasswordAction };
