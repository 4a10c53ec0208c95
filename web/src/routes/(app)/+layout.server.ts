import { redirect } from '@sveltejs/kit';
import { apiClient, unwrap } from '#lib/server/api.ts';
import type { LayoutServerLoad } from './$types';

const CHANGE_PASSWORD_PAGE = '/profile/password';

/**
 * Every page behind sign-in: no session, back to the sign-in page. After an
 * administrator's reset, every page but the change page sends the person
 * there (the API answers them nothing else until they have changed it).
 */
export const load: LayoutServerLoad = async (event) => {
  const response = await apiClient(event).api.me.$get();
  if ((response.status as number) === 401) redirect(303, '/sign-in');
  const me = await unwrap(response);
  if (me.mustChangePassword && event.url.pathname !== CHANGE_PASSWORD_PAGE) redirect(303, CHANGE_PASSWORD_PAGE);
  return { me };
};
