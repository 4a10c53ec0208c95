import { expect, test, type Page } from '@playwright/test';
import { signIn } from './fixtures.ts';

/**
 * The Content-Security-Policy in a real browser: the pages that do the most
 * (charts, the visit form with a photo preview, sign-in) run with no
 * violation and fetch nothing from another origin, while an injected inline
 * script is refused. Desktop and phone.
 */

// A real 64×48 JPEG.
const JPEG = Buffer.from(
  '/9j/2wBDAA0JCgsKCA0LCgsODg0PEyAVExISEyccHhcgLikxMC4pLSwzOko+MzZGNywtQFdBRkxOUlNSMj5aYVpQYEpRUk//2wBDAQ4ODhMREyYVFSZPNS01T09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT0//wAARCAAwAEADASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAT/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFgEBAQEAAAAAAAAAAAAAAAAAAAIF/8QAFBEBAAAAAAAAAAAAAAAAAAAAAP/aAAwDAQACEQMRAD8AoASyAAAAAAAAAAAAAAAAAAAAAAH/2Q==',
  'base64',
);

type Watch = { violations: string[]; foreign: string[] };

/** Records CSP violations (the DOM event and the console's report) and any request that leaves our origin. */
async function watch(page: Page, origin: string): Promise<Watch> {
  const seen: Watch = { violations: [], foreign: [] };
  await page.exposeFunction('__cspViolation', (text: string) => seen.violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as { __cspViolation(t: string): void }).__cspViolation(
        `event: ${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`,
      ),
    );
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content Security Policy/i.test(msg.text()))
      seen.violations.push(`console: ${msg.text()}`);
  });
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (!['blob:', 'data:'].includes(url.protocol) && url.origin !== origin) seen.foreign.push(request.url());
  });
  return seen;
}

/** Proves the watch is live on this page: an inline script added now is blocked and reported. */
async function expectInlineScriptBlocked(page: Page, seen: Watch) {
  const before = seen.violations.length;
  const ran = await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__injected = true';
    document.head.append(script);
    return (window as unknown as { __injected?: boolean }).__injected === true;
  });
  expect(ran).toBe(false);
  // Reported both ways; wait for both before taking them off the list.
  const reported = () => seen.violations.slice(before);
  await expect
    .poll(
      () =>
        reported().some((v) => v.startsWith('event: script-src-elem inline')) &&
        reported().some((v) => v.startsWith('console:')),
    )
    .toBe(true);
  seen.violations.splice(before);
}

test('the sign-in page and the pages with charts run under the policy without a violation', async ({
  page,
  baseURL,
}, info) => {
  const seen = await watch(page, new URL(baseURL!).origin);
  await page.goto('/sign-in', { waitUntil: 'networkidle' });
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('登录一线');
  await expectInlineScriptBlocked(page, seen);

  await signIn(page, info.project.name === 'phone' ? 'president' : 'cr');
  await page.goto('/analysis', { waitUntil: 'networkidle' });
  await expect(page.getByTestId('chart-heatmap').locator('svg')).toBeVisible();
  // The tooltip writes inline-styled HTML: hovering must not trip the policy.
  await page.getByTestId('chart-heatmap').locator('svg').hover();
  expect(seen.violations).toEqual([]);

  await page.context().clearCookies();
  await signIn(page, 'hr');
  await page.goto('/scores', { waitUntil: 'networkidle' });
  await expect(page.getByTestId('chart-distribution').locator('svg')).toBeVisible();
  await expectInlineScriptBlocked(page, seen);
  expect(seen.violations).toEqual([]);
  expect(seen.foreign).toEqual([]);
});

test('the visit form shows a photo preview and saves its draft under the policy', async ({ page, baseURL }, info) => {
  const seen = await watch(page, new URL(baseURL!).origin);
  await signIn(page, info.project.name === 'phone' ? 'staff.cr' : 'staff');
  await page.goto('/visits/new?checkpoint=7', { waitUntil: 'networkidle' });
  await expect(page).toHaveURL(/draft=/);
  await page.getByTestId('add-issue').click();
  const photos = page.getByTestId('issue-item').getByTestId('issue-photos');
  await photos.locator('input[type=file]').setInputFiles({ name: 'crack.jpg', mimeType: 'image/jpeg', buffer: JPEG });
  const preview = photos.locator('img');
  await expect(preview).toHaveAttribute('src', /^blob:/);
  await expect.poll(() => preview.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(64);
  await page.waitForLoadState('networkidle');
  await expectInlineScriptBlocked(page, seen);
  expect(seen.violations).toEqual([]);
  expect(seen.foreign).toEqual([]);
});

test('HTML pages, assets and API answers carry the security headers', async ({ request }) => {
  const page = await request.get('/sign-in');
  expect(page.headers()['content-type']).toMatch(/text\/html/);
  const csp = page.headers()['content-security-policy'] ?? '';
  expect(csp).toMatch(/script-src 'self' 'nonce-[^']+'/);
  for (const directive of [
    "default-src 'self'",
    "frame-ancestors 'none'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "connect-src 'self'",
  ]) {
    expect(csp).toContain(directive);
  }
  // A fresh nonce for every page.
  expect((await request.get('/sign-in')).headers()['content-security-policy']).not.toBe(csp);
  const asset = await request.get('/favicon.svg');
  const api = await request.get('/api/health');
  for (const res of [page, asset, api]) {
    expect(res.headers()['x-content-type-options']).toBe('nosniff');
    expect(res.headers()['x-frame-options']).toBe('DENY');
    expect(res.headers()['referrer-policy']).toBe('same-origin');
  }
  expect(api.headers()['content-security-policy']).toContain("default-src 'none'");
});
