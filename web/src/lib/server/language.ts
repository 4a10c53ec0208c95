import { isLocale, type Locale } from '@frontline/core';
import type { Cookies } from '@sveltejs/kit';

/**
 * The screen's language lives in the `lang` cookie (read by hooks.server.ts);
 * a signed-in person's choice is also stored with them (their mail and
 * invites are written in it), and sets the cookie again when they sign in.
 */
export const LANG_COOKIE = 'lang';

/** Remembers the screen's language in this browser for a year. */
export function rememberLanguage(cookies: Cookies, language: Locale): void {
  cookies.set(LANG_COOKIE, language, { path: '/', maxAge: 365 * 86_400, httpOnly: false, sameSite: 'lax' });
}

/** A language a form sent: one of ours, or null. */
export function languageOf(value: FormDataEntryValue | null): Locale | null {
  return isLocale(value) ? value : null;
}
