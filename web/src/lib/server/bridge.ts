import type { Cookies } from '@sveltejs/kit';

type InProcessApi = (request: Request, clientAddress: string) => Promise<Response>;

/** Registered by api/src/server.ts when the API and the web app share a process. */
export function inProcessApi(): InProcessApi | undefined {
  return (globalThis as Record<symbol, unknown>)[Symbol.for('frontline.api')] as InProcessApi | undefined;
}

/** Re-issues the API's Set-Cookie headers through SvelteKit so they reach the browser. */
export function forwardSetCookies(response: Response, cookies: Cookies): void {
  for (const header of response.headers.getSetCookie()) {
    const [pair = '', ...attributes] = header.split(';').map((s) => s.trim());
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const name = pair.slice(0, eq);
    const value = decodeURIComponent(pair.slice(eq + 1));
    const options: Parameters<Cookies['set']>[2] = { path: '/', httpOnly: false, secure: false };
    for (const attribute of attributes) {
      const [key = '', val = ''] = attribute.split('=');
      switch (key.toLowerCase()) {
        case 'path':
          options.path = val;
          break;
        case 'max-age':
          options.maxAge = Number(val);
          break;
        case 'expires':
          options.expires = new Date(val);
          break;
        case 'httponly':
          options.httpOnly = true;
          break;
        case 'secure':
          options.secure = true;
          break;
        case 'samesite':
          options.sameSite = val.toLowerCase() as 'lax' | 'strict' | 'none';
          break;
      }
    }
    cookies.set(name, value, options);
  }
}
