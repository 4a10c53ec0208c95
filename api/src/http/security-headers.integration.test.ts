import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../testing/harness.ts';

/** Every API answer, good or bad, carries the headers against sniffing, framing and leaking referrers. */
let h: Harness;
beforeAll(async () => {
  h = await createHarness({ seed: false });
});
afterAll(async () => h.cleanup());

function expectDefended(res: Response) {
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('x-frame-options')).toBe('DENY');
  expect(res.headers.get('referrer-policy')).toBe('same-origin');
  const csp = res.headers.get('content-security-policy') ?? '';
  expect(csp).toContain("default-src 'none'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toMatch(/script-src/);
}

describe('API security headers', () => {
  it('on JSON, on errors and on the HTML API reference', async () => {
    const answers = [
      await h.request('/api/health'),
      await h.request('/api/me'), // 401
      await h.request('/api/nothing-here'), // 404
      await h.app.request('http://localhost/api/auth/sign-out', { method: 'POST' }), // 403, refused before any route
      await h.request('/api/auth/sign-in', { body: '{', headers: { 'content-type': 'application/json' } }), // 400
      await h.request('/api/docs'),
    ];
    expect(answers.map((r) => r.status)).toEqual([200, 401, 404, 403, 400, 200]);
    for (const res of answers) expectDefended(res);
    expect(answers[5]!.headers.get('content-type')).toMatch(/text\/html/);
    // The reference's own inline style is allowed; nothing else is.
    expect(answers[5]!.headers.get('content-security-policy')).toContain("style-src 'unsafe-inline'");
  });

  it('sends HSTS only when the public origin is https', async () => {
    expect((await h.request('/api/health')).headers.get('strict-transport-security')).toBeNull();
    const secure = await createHarness({ seed: false, origin: 'https://frontline.example.com' });
    try {
      const res = await secure.request('/api/health');
      expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
      expectDefended(res);
    } finally {
      await secure.cleanup();
    }
  });
});
