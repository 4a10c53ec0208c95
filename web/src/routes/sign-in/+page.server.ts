import { fail, redirect } from '@sveltejs/kit';
import { apiClient, errorOf } from '#lib/server/api.ts';
import { rememberLanguage } from '#lib/server/language.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const me = await apiClient(event).api.me.$get();
  if (me.ok) redirect(303, '/');
  return {};
};

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const login = String(form.get('login') ?? '');
    const password = String(form.get('password') ?? '');
    const response = await apiClient(event).api.auth['sign-in'].$post({ json: { login, password } });
    if (!response.ok) {
      const error = await errorOf(response);
      return fail((response.status as number) === 429 ? 429 : 400, {
        login,
        message: error.message,
        fields: error.fields ?? {},
      });
    }
    // The screen follows the language the person chose (个人中心), whatever this browser showed before.
    const me = await response.json();
    rememberLanguage(event.cookies, me.employee.language);
    redirect(303, '/');
  },
};
