import type { Cookies } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { forwardSetCookies } from './bridge.ts';

describe('forwardSetCookies', () => {
  it('re-issues the API’s session cookie with its attributes', () => {
    const set: unknown[] = [];
    const cookies = { set: (...args: unknown[]) => set.push(args) } as unknown as Cookies;
    const headers = new Headers();
    headers.append(
      'set-cookie',
      '__Host-frontline_session=abc.def; Max-Age=600; Path=/; HttpOnly; Secure; SameSite=Lax',
    );
    forwardSetCookies(new Response(null, { headers }), cookies);
    expect(set).toEqual([
      [
        '__Host-frontline_session',
        'abc.def',
        { path: '/', maxAge: 600, httpOnly: true, secure: true, sameSite: 'lax' },
      ],
    ]);
  });
});
