import { redirect } from '@sveltejs/kit';
import { apiClient } from '#lib/server/api.ts';
import type { Actions } from './$types';

export const actions: Actions = {
  signOut: async (event) => {
    await apiClient(event).api.auth['sign-out'].$post();
    redirect(303, '/sign-in');
  },
};
