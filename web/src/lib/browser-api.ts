import { createApiClient } from '#lib/client.ts';
import { currentLocale } from '#lib/i18n/index.svelte.ts';

/** The API as the browser calls it: same origin as the page (one process serves both), in the page's language. */
export const api = createApiClient('/', currentLocale);
