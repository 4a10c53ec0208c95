import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cacheKey, dataUrl, isOfflinePage, pagePath, pagesToWarm } from './rules.ts';

const kept = (href: string) => {
  const url = new URL(href, 'https://x.test');
  return isOfflinePage(url.pathname, url.searchParams);
};

describe('pages kept for offline use', () => {
  it('keeps a day’s pages and their data', () => {
    for (const href of [
      '/',
      '/__data.json',
      '/duties',
      '/duties/__data.json',
      '/visits',
      '/visits/__data.json?x-sveltekit-invalidated=01',
      '/duties/12',
      '/households/7/__data.json',
      '/visits/new?dutyId=3',
      '/visits/new/__data.json?bookingId=4',
    ])
      expect(kept(href), href).toBe(true);
  });

  it('never keeps the API, sign-in, admin pages, or a record form with no duty or booking', () => {
    for (const href of [
      '/api/me',
      '/api/me/duties',
      '/sign-in',
      '/admin/audit',
      '/visits/new?checkpoint=7',
      '/visits/9',
      '/households',
    ])
      expect(kept(href), href).toBe(false);
  });

  it('keys ignore SvelteKit’s parameters, the draft id and their order', () => {
    expect(cacheKey('https://x.test/visits/new?draft=abc&dutyId=3')).toBe('https://x.test/visits/new?dutyId=3');
    expect(cacheKey('https://x.test/a?b=2&a=1&x-sveltekit-invalidated=1_0')).toBe(cacheKey('https://x.test/a?a=1&b=2'));
    // fc.webUrl is slow to generate (about 50 ms a URL on a busy 2-core machine): fewer runs, a longer timeout.
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true }), (u) => cacheKey(cacheKey(u)) === cacheKey(u)),
      { numRuns: 50 },
    );
  }, 30_000);

  it('data URLs name the same page', () => {
    expect(dataUrl('https://x.test/')).toBe('https://x.test/__data.json');
    expect(dataUrl('https://x.test/visits/new?dutyId=3')).toBe('https://x.test/visits/new/__data.json?dutyId=3');
    fc.assert(
      fc.property(
        fc.constantFrom('/', '/visits', '/duties/4', '/households/9'),
        (p) => pagePath(new URL(dataUrl(`https://x.test${p}`)).pathname) === p,
      ),
    );
  });

  it('warms home, my visits and the linked record forms, once each, same origin only', () => {
    expect(
      pagesToWarm('https://x.test', [
        '/visits/new?dutyId=3&draft=z',
        '/visits/new?dutyId=3',
        'https://evil.test/',
        '/admin/audit',
      ]),
    ).toEqual([
      'https://x.test/',
      'https://x.test/duties',
      'https://x.test/visits',
      'https://x.test/visits/new?dutyId=3',
    ]);
  });
});
