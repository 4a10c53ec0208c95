import { fail, redirect } from '@sveltejs/kit';
import { apiClient, failWith } from '#lib/server/api.ts';
import type { Actions } from './$types';

export const actions: Actions = {
  /** The API checks the current password (throttled like sign-in) and the policy; the repeat is the form's own check. */
  change: async (event) => {
    const form = await event.request.formData();
    const currentPassword = String(form.get('currentPassword') ?? '');
    const newPassword = String(form.get('newPassword') ?? '');
    if (newPassword !== String(form.get('repeatPassword') ?? ''))
      return fail(422, { action: 'change', message: '', fields: {} as Record<string, string>, mismatch: true });
    const response = await apiClient(event).api.me.password.$post({ json: { currentPassword, newPassword } });
    if (!response.ok) return failWith('change', response, { mismatch: false });
    // The API ended every other session and set this browser's fresh one (passed on by handleFetch).
    redirect(303, '/');
  },
  /** The way out for someone who cannot change it now (also while the API holds them to this page). */
  signOut: async (event) => {
    await apiClient(event).api.auth['sign-out'].$post();
    redirect(303, '/sign-in');
  },
};
