import { redirect } from '@sveltejs/kit';
import { apiClient, unwrap } from '#lib/server/api.ts';
import type { LayoutServerLoad } from './$types';

/** Every page behind sign-in: no session, back to the sign-in page. */
export const load: LayoutServerLoad = async (event) => {
  const response = await apiClient(event).api.me.$get();
  if ((response.status as number) === 401) redirect(303, '/sign-in');
  return { me: await unwrap(response) };
};
