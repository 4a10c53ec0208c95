import { pickLocale } from '@frontline/core';
import type { Handle, HandleFetch } from '@sveltejs/kit/hooks';
import { sequence } from '@sveltejs/kit/hooks';
import { forwardSetCookies, inProcessApi } from '#lib/server/bridge.ts';

/** zh-CN unless the user chose English with the switch (the `lang` cookie). */
const locale: Handle = async ({ event, resolve }) => {
  event.locals.locale = pickLocale(null, event.cookies.get('lang'));
  return resolve(event, { transformPageChunk: ({ html }) => html.replace('%lang%', event.locals.locale) });
};

export const handle = sequence(locale);

/**
 * API calls made by server loads and actions go to the Hono app in the same
 * process (no network hop), carrying the browser's cookies, language and
 * address; cookies the API sets are passed back to the browser.
 */
export const handleFetch: HandleFetch = async ({ event, request, fetch }) => {
  const url = new URL(request.url);
  const api = inProcessApi();
  if (!api || url.origin !== event.url.origin || !url.pathname.startsWith('/api/')) return fetch(request);
  const headers = new Headers(request.headers);
  const cookie = event.request.headers.get('cookie');
  if (cookie) headers.set('cookie', cookie);
  // API messages in the language the page is shown in
  headers.set('accept-language', event.locals.locale);
  if (request.method !== 'GET' && request.method !== 'HEAD') headers.set('origin', event.url.origin);
  const response = await api(new Request(request, { headers }), event.getClientAddress());
  forwardSetCookies(response, event.cookies);
  return response;
};
