import { fail, redirect } from '@sveltejs/kit';
import { apiClient, errorOf, unwrap } from '#lib/server/api.ts';
import { languageOf, rememberLanguage } from '#lib/server/language.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const { me } = await event.parent();
  const api = apiClient(event).api;
  const [{ leaves }, feed] = await Promise.all([
    api.employees[':id'].leaves.$get({ param: { id: String(me.employee.id) } }).then(unwrap),
    // Revoked: no URL until the user asks for one again.
    event.url.searchParams.has('feedOff') ? null : api.me.feed.$get().then(unwrap),
  ]);
  return { leaves, feed };
};

export const actions: Actions = {
  rotateFeed: async (event) => {
    const response = await apiClient(event).api.me.feed.rotate.$post();
    if (!response.ok) return fail(response.status, { message: (await errorOf(response)).message });
    return { feedRotated: true };
  },
  revokeFeed: async (event) => {
    const response = await apiClient(event).api.me.feed.$delete();
    if (!response.ok) return fail(response.status, { message: (await errorOf(response)).message });
    redirect(303, '/profile?feedOff');
  },
  /** My language: stored with me (my mail and invites are written in it), and the screen follows at once. */
  language: async (event) => {
    const form = await event.request.formData();
    const chosen = form.get('language');
    const response = await apiClient(event).api.me.language.$put({
      // The API checks the value and answers a field message for anything but zh-CN or en.
      json: { language: (languageOf(chosen) ?? String(chosen ?? '')) as 'zh-CN' },
    });
    if (!response.ok) {
      const error = await errorOf(response);
      return fail(response.status, { action: 'language', message: error.message, fields: error.fields ?? {} });
    }
    const { language } = await response.json();
    rememberLanguage(event.cookies, language);
    redirect(303, '/profile?language=saved');
  },
  signOut: async (event) => {
    await apiClient(event).api.auth['sign-out'].$post();
    redirect(303, '/sign-in');
  },
  /** My leave: the planner proposes no reception day inside it. */
  addLeave: async (event) => {
    const me = await unwrap(await apiClient(event).api.me.$get());
    const form = await event.request.formData();
    const response = await apiClient(event).api.employees[':id'].leaves.$post({
      param: { id: String(me.employee.id) },
      json: {
        from: String(form.get('from') ?? ''),
        to: String(form.get('to') ?? ''),
        kind: String(form.get('kind') ?? 'annual') as 'annual',
      },
    });
    if (!response.ok) return fail(response.status, { message: (await errorOf(response)).message });
    return { saved: true };
  },
  removeLeave: async (event) => {
    const me = await unwrap(await apiClient(event).api.me.$get());
    const form = await event.request.formData();
    const response = await apiClient(event).api.employees[':id'].leaves[':leaveId'].$delete({
      param: { id: String(me.employee.id), leaveId: String(form.get('leaveId') ?? '') },
    });
    if (!response.ok) return fail(response.status, { message: (await errorOf(response)).message });
    return { saved: true };
  },
};
