import type { MessageKey } from '#lib/i18n/keys.ts';

export type ErrorText = { title: MessageKey; messageKey: MessageKey; message?: string };

/**
 * What an error page says, in the page's language. 404 and 403 have their own text;
 * SvelteKit's own messages ("Not Found", "Internal Error") are English and never shown. Other
 * refusals show the API's message, which comes in the page's language, when the error came
 * from the API (it carries a code); otherwise the general text. A server error has the
 * server's general text, unless the API said what it was (a full disk, a database that cannot
 * be used now): then its message, which says that nothing was saved.
 */
export function errorText(status: number, error: { message: string; code?: string } | null): ErrorText {
  if (status === 404) return { title: 'error.notFound', messageKey: 'error.notFoundText' };
  if (status === 403) return { title: 'error.forbidden', messageKey: 'error.forbiddenText' };
  const fromApi =
    error?.code !== undefined && error.code !== 'UNKNOWN' && error.code !== 'INTERNAL' && error.message.trim() !== '';
  return {
    title: 'error.title',
    messageKey: status >= 500 ? 'error.serverText' : 'error.otherText',
    ...(fromApi ? { message: error.message } : {}),
  };
}
