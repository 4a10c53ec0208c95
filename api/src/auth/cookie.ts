import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

/**
 * Over HTTPS the cookie takes the __Host- prefix (Secure, host-only, Path=/),
 * which stops sibling subdomains from planting or reading it.
 */
export function sessionCookieName(secure: boolean): string {
  return secure ? '__Host-frontline_session' : 'frontline_session';
}

export function isSecure(c: Context, origin: string | undefined): boolean {
  if (origin) return origin.startsWith('https:');
  return new URL(c.req.url).protocol === 'https:';
}

export function readSessionCookie(c: Context, secure: boolean): string | undefined {
  return getCookie(c, sessionCookieName(secure));
}

export function writeSessionCookie(c: Context, secure: boolean, token: string, expiresAt: number, now: number): void {
  setCookie(c, sessionCookieName(secure), token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure,
    path: '/',
    maxAge: Math.max(Math.floor((expiresAt - now) / 1000), 0),
  });
}

export function clearSessionCookie(c: Context, secure: boolean): void {
  deleteCookie(c, sessionCookieName(secure), { path: '/', secure, httpOnly: true, sameSite: 'Lax' });
}
