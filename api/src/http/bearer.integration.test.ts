import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BASE, type Harness, type TestResponse } from '../testing/harness.ts';
import { createWorld } from '../testing/world.ts';
import { allow, allowToken, caller } from './policy.ts';

/**
 * Bearer requests and the CSRF Origin check: a bearer header exempts a
 * request from the check only on a route that takes tokens, where the token
 * alone authenticates it; cookies are never read on a bearer request.
 */
let h: Harness;
let hr: string;
let token: string;
const count = (text: string, ...args: unknown[]) => h.sql.value<number>(text, ...args);
/** Sent with app.request directly: the harness adds an Origin to every write. */
const send = (path: string, method: string, headers: Record<string, string>) =>
  h.app.request(`${BASE}${path}`, { method, headers }) as Promise<TestResponse>;

beforeEach(async () => {
  h = await createWorld();
  // A state-changing token route, as a future HR-system write would be, beside a cookie-only one;
  // registered before the first request, through the app's own middleware and error handling.
  h.app
    .post('/api/probe/token-write', allowToken('scores.read', 'scores.manage', { summary: 'probe', tags: [] }), (c) =>
      c.json({ actorId: caller(c).employeeId }, 200),
    )
    .post('/api/probe/cookie-write', allow('signed-in', { summary: 'probe', tags: [] }), (c) =>
      c.json({ ok: true }, 200),
    );
  hr = await h.signIn('hr');
  token = (await (await h.request('/api/hr/tokens', { json: { name: 'EHR' }, cookie: hr })).json()).token;
});
afterEach(async () => h.cleanup());

describe('a bearer header on a cookie route', () => {
  it('does not lift the Origin check: a valid cookie with no Origin is refused and nothing changes', async () => {
    const tokens = await count('select count(*) from api_tokens');
    for (const authorization of [`Bearer ${token}`, 'Bearer anything', 'bearer x', 'Bearer']) {
      const res = await send('/api/hr/tokens', 'POST', {
        cookie: hr,
        authorization,
        'content-type': 'application/json',
      });
      expect(res.status, authorization).toBe(403);
      expect((await res.json()).error.code).toBe('ORIGIN_MISMATCH');
    }
    expect(await count('select count(*) from api_tokens')).toBe(tokens);
  });

  it('is never authenticated by its cookie, even with the right Origin', async () => {
    const tokens = await count('select count(*) from api_tokens');
    const write = await h.request('/api/hr/tokens', {
      json: { name: 'via cookie' },
      cookie: hr,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(write.status).toBe(401);
    expect(await count('select count(*) from api_tokens')).toBe(tokens);
    expect((await h.request('/api/me', { cookie: hr, headers: { authorization: 'Bearer x' } })).status).toBe(401);
    // The cookie still works on its own, and was not cleared by the refused requests.
    expect((await h.request('/api/me', { cookie: hr })).status).toBe(200);
  });
});

describe('a route that takes tokens', () => {
  it('serves a valid token without Origin and without a cookie', async () => {
    const res = await send('/api/hr/scores?period=2026-Q3', 'GET', { authorization: `Bearer ${token}` });
    expect(res.status).toBe(200);
    const write = await send('/api/probe/token-write', 'POST', { authorization: `Bearer ${token}` });
    expect(write.status).toBe(200);
    expect(await write.json()).toEqual({ actorId: await h.idOf('hr') });
  });

  it('answers a bad token 401 whatever the cookie, and with no Origin on a write', async () => {
    for (const authorization of [`Bearer ${token.split('.')[0]}.wrong`, 'Bearer nonsense', 'Bearer']) {
      for (const [path, method] of [
        ['/api/hr/scores?period=2026-Q3', 'GET'],
        ['/api/probe/token-write', 'POST'],
      ] as const) {
        const res = await send(path, method, { authorization, cookie: hr });
        expect(res.status, `${method} ${path} ${authorization}`).toBe(401);
        expect((await res.json()).error.code).toBe('TOKEN_INVALID');
        expect(res.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
      }
    }
  });

  it('is a cookie route like any other without a bearer header: a write needs the Origin', async () => {
    const none = await send('/api/probe/token-write', 'POST', { cookie: hr });
    expect(none.status).toBe(403);
    expect((await none.json()).error.code).toBe('ORIGIN_MISMATCH');
    expect((await h.request('/api/probe/token-write', { method: 'POST', cookie: hr })).status).toBe(200);
  });

  it('gives a valid token nothing on a cookie-only write', async () => {
    expect((await send('/api/probe/cookie-write', 'POST', { authorization: `Bearer ${token}` })).status).toBe(403);
    expect(
      (await h.request('/api/probe/cookie-write', { method: 'POST', headers: { authorization: `Bearer ${token}` } }))
        .status,
    ).toBe(401);
  });
});
