import { redirect } from '@sveltejs/kit';
import { apiClient } from '#lib/server/api.ts';
import { languageOf, rememberLanguage } from '#lib/server/language.ts';
import type { RequestHandler } from './$types';

/**
 * Language switch: remembers the choice for a year in this browser and, for
 * someone signed in, stores it with them too (their mail and invites follow),
 * then returns to the page. Signed out, only the browser remembers it.
 */
export const POST: RequestHandler = async (event) => {
  const form = await event.request.formData();
  const lang = languageOf(form.get('lang')) ?? 'zh-CN';
  rememberLanguage(event.cookies, lang);
  // Best effort: 401 when nobody is signed in; the screen follows the cookie either way.
  await apiClient(event)
    .api.me.language.$put({ json: { language: lang } })
    .catch(() => undefined);
  const back = String(form.get('back') ?? '/');
  redirect(303, back.startsWith('/') && !back.startsWith('//') ? back : '/');
};
