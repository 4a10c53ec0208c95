import { version } from '$app/env';
import { assets, immutable } from '$app/manifest';
import { self as sw } from '$app/service-worker';
import { cacheKey, dataUrl, isOfflinePage } from '../lib/offline/rules.ts';

/**
 * The app with no signal. The shell (this version's scripts, styles and static files) is kept per
 * version; the pages of a day's work are kept as last fetched, network first, so an online user
 * never sees a stale page and an offline one sees the last good copy. The API is never cached:
 * visits recorded offline wait in IndexedDB (lib/visits/) and are sent by the page.
 */
// the manifest's paths are relative to the base path, which is the site root
const SHELL_FILES = new Set([...immutable, ...assets].map(({ path }) => `/${path.replace(/^\//, '')}`));
const SHELL = `shell-${version}`;
const PAGES = 'pages';
/** How long a page waits for the network before the kept copy is shown (weak signal, not none). */
const NETWORK_WAIT_MS = 4000;
const CACHED_AT = 'x-frontline-cached-at';

sw.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SHELL)
      .then((cache) => cache.addAll([...SHELL_FILES]))
      .then(() => sw.skipWaiting()),
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(keys.filter((k) => k.startsWith('shell-') && k !== SHELL).map((k) => caches.delete(k))),
      )
      .then(() => sw.clients.claim()),
  );
});

/** A copy of a response stamped with when it was kept, for the status the page shows. */
async function stamped(res: Response): Promise<Response> {
  const headers = new Headers(res.headers);
  headers.set(CACHED_AT, String(Date.now()));
  return new Response(await res.blob(), { status: res.status, statusText: res.statusText, headers });
}

async function keep(key: string, res: Response): Promise<void> {
  // only a whole page this user was shown: no redirects (to sign-in), no errors
  if (res.status !== 200 || res.redirected || res.type !== 'basic') return;
  const cache = await caches.open(PAGES);
  await cache.put(key, await stamped(res));
}

function withTimeout(request: Request, ms: number): Promise<Response> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('slow network')), ms);
    fetch(request).then(
      (res) => {
        clearTimeout(timer);
        resolve(res);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}

async function page(request: Request): Promise<Response> {
  const key = cacheKey(request.url);
  try {
    const res = await withTimeout(request, NETWORK_WAIT_MS);
    void keep(key, res.clone());
    return res;
  } catch {
    const kept = await caches.match(key, { cacheName: PAGES });
    if (kept) return kept;
    // A page never opened with signal: the home page, which says what is waiting to sync.
    if (request.mode === 'navigate') {
      const home = await caches.match(cacheKey(new URL('/', request.url).toString()), { cacheName: PAGES });
      if (home) return home;
    }
    return Response.error();
  }
}

sw.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== sw.location.origin || url.pathname.startsWith('/api/')) return;
  if (SHELL_FILES.has(url.pathname)) {
    event.respondWith(caches.match(url.pathname, { cacheName: SHELL }).then((hit) => hit ?? fetch(request)));
    return;
  }
  if (isOfflinePage(url.pathname, url.searchParams)) {
    event.respondWith(page(request));
    return;
  }
  if (request.mode === 'navigate') {
    // any other page: the network, or with no signal the kept home page rather than the browser's error
    event.respondWith(
      fetch(request).catch(async () => {
        const home = await caches.match(cacheKey(new URL('/', request.url).toString()), { cacheName: PAGES });
        return home ?? Response.error();
      }),
    );
  }
});

type Message = { type: 'warm'; urls: string[] } | { type: 'clear' } | { type: 'status' };

/** Fetches a page and the data its client-side navigation loads, and keeps both. */
async function warm(href: string): Promise<void> {
  for (const url of [href, dataUrl(href)]) {
    try {
      const res = await fetch(url, { credentials: 'same-origin' });
      await keep(cacheKey(url), res);
    } catch {
      // no signal after all: the next page load tries again
    }
  }
}

async function status(): Promise<{ pages: number; refreshedAt: number | null }> {
  const cache = await caches.open(PAGES);
  const keys = await cache.keys();
  let refreshedAt: number | null = null;
  let pages = 0;
  for (const key of keys) {
    if (new URL(key.url).pathname.endsWith('__data.json')) continue;
    pages++;
    const at = Number((await cache.match(key))?.headers.get(CACHED_AT));
    if (at && (refreshedAt === null || at > refreshedAt)) refreshedAt = at;
  }
  return { pages, refreshedAt };
}

sw.addEventListener('message', (event) => {
  const message = event.data as Message;
  const reply = (value: unknown) => event.ports[0]?.postMessage(value);
  if (message.type === 'warm') event.waitUntil(Promise.all(message.urls.map(warm)).then(() => status().then(reply)));
  // signing in or out: the kept pages belong to the person who was signed in
  else if (message.type === 'clear')
    event.waitUntil(caches.delete(PAGES).then(() => reply({ pages: 0, refreshedAt: null })));
  else if (message.type === 'status') event.waitUntil(status().then(reply));
});
