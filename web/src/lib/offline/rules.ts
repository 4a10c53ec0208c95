/**
 * What the service worker keeps for a field employee with no signal, and under which key. Pure, so
 * the rules are tested without a worker: the pages of a day's work (home, my visits, a duty, the
 * record form of a duty or booking, a household's masked summary) and the data SvelteKit loads for
 * them; never the API, sign-in, or a record form with no duty behind it (its draft id is made by
 * the server, and two visits from one cached copy would share it).
 */

/** The parameters that say nothing about the page: SvelteKit's own, and the draft id the form adds. */
const VOLATILE = ['x-sveltekit-invalidated', 'x-sveltekit-trailing-slash', 'draft'];

/** The page a request is for: its path without SvelteKit's `/__data.json` suffix. */
export function pagePath(pathname: string): string {
  if (pathname === '/__data.json') return '/';
  return pathname.endsWith('/__data.json') ? pathname.slice(0, -'/__data.json'.length) : pathname;
}

/** Whether a same-origin GET for this path and query is one of the pages kept for offline use. */
export function isOfflinePage(pathname: string, search: URLSearchParams): boolean {
  const path = pagePath(pathname);
  if (path === '/' || path === '/duties' || path === '/visits') return true;
  if (/^\/duties\/\d+$/.test(path) || /^\/households\/\d+$/.test(path)) return true;
  if (path === '/visits/new') return search.has('dutyId') || search.has('bookingId');
  return false;
}

/** The cache key of a request: its URL without the volatile parameters, parameters sorted. */
export function cacheKey(href: string): string {
  const url = new URL(href);
  for (const p of VOLATILE) url.searchParams.delete(p);
  url.searchParams.sort();
  url.hash = '';
  return url.toString();
}

/** The pages worth fetching ahead while there is signal: home, my duties, my visits, and the record forms linked from what is on screen. */
export function pagesToWarm(origin: string, links: readonly string[]): string[] {
  const out = new Set<string>();
  for (const href of ['/', '/duties', '/visits', ...links]) {
    const url = new URL(href, origin);
    if (url.origin !== origin || !isOfflinePage(url.pathname, url.searchParams)) continue;
    out.add(cacheKey(url.toString()));
  }
  return [...out];
}

/** Where SvelteKit loads a page's data from during client-side navigation. */
export function dataUrl(href: string): string {
  const url = new URL(href);
  url.pathname = url.pathname === '/' ? '/__data.json' : `${url.pathname.replace(/\/$/, '')}/__data.json`;
  return url.toString();
}
