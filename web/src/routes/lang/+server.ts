import { redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

/** Language switch: remembers the choice for a year and returns to the page. */
export const POST: RequestHandler = async ({ request, cookies }) => {
  const form = await request.formData();
  const lang = form.get('lang') === 'en' ? 'en' : 'zh-CN';
  cookies.set('lang', lang, { path: '/', maxAge: 365 * 86_400, httpOnly: false, sameSite: 'lax' });
  const back = String(form.get('back') ?? '/');
  redirect(303, back.startsWith('/') && !back.startsWith('//') ? back : '/');
};
