import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cookieFrom, type Harness } from '../../testing/harness.ts';
import { createWorld } from '../../testing/world.ts';

let h: Harness;
beforeEach(async () => {
  h = await createWorld();
});
afterEach(async () => h.cleanup());

describe('sign-in', () => {
  it('sets an HttpOnly, SameSite=Lax session cookie and stores only a hash of the secret', async () => {
    const res = await h.request('/api/auth/sign-in', { json: { login: 'staff', password: 'frontline-demo' } });
    expect(res.status).toBe(200);
    const header = res.headers.getSetCookie().join('\n');
    expect(header).toMatch(/frontline_session=[a-z2-9]{24}\.[a-z2-9]{32}/);
    expect(header).toMatch(/HttpOnly/);
    expect(header).toMatch(/SameSite=Lax/);
    expect(header).not.toMatch(/Secure/);
    const secret = cookieFrom(res)!.split('.')[1]!;
    const stored = await h.sql.all<{ secret_hash: Buffer }>('select secret_hash from sessions');
    expect(stored).toHaveLength(1);
    expect(stored[0]!.secret_hash.byteLength).toBe(32);
    expect(stored[0]!.secret_hash.toString('utf8')).not.toContain(secret);
    const me = await (await h.request('/api/me', { cookie: cookieFrom(res) })).json();
    expect(me.employee.name).toBeTruthy();
    expect(me.scope).toEqual({ kind: 'project', regionId: 1, projectId: 1 });
  });

  it('answers the same for an unknown login and a wrong password', async () => {
    const unknown = await h.request('/api/auth/sign-in', { json: { login: 'nobody', password: 'x' } });
    const wrong = await h.request('/api/auth/sign-in', { json: { login: 'staff', password: 'x' } });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(await unknown.json()).toEqual(await wrong.json());
  });

  it('uses a Secure __Host- cookie when served over HTTPS', async () => {
    const secure = await createWorld({ origin: 'https://frontline.example.com', plan: false });
    try {
      const res = await secure.request('/api/auth/sign-in', { json: { login: 'staff', password: 'frontline-demo' } });
      const header = res.headers.getSetCookie().join('\n');
      expect(header).toMatch(/^__Host-frontline_session=/);
      expect(header).toMatch(/Secure/);
      expect(header).toMatch(/Path=\//);
      expect(header).not.toMatch(/Domain=/);
    } finally {
      await secure.cleanup();
    }
  });

  it('throttles an account after repeated failures with 429 and Retry-After, then lets it in after the wait', async () => {
    for (let i = 0; i < 5; i++) await h.request('/api/auth/sign-in', { json: { login: 'pm', password: 'wrong' } });
    const locked = await h.request('/api/auth/sign-in', { json: { login: 'pm', password: 'frontline-demo' } });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await locked.json()).error.code).toBe('TOO_MANY_ATTEMPTS');
    h.advance(Number(locked.headers.get('retry-after')) * 1000);
    expect((await h.request('/api/auth/sign-in', { json: { login: 'pm', password: 'frontline-demo' } })).status).toBe(
      200,
    );
  });

  it('throttles one address trying many accounts', async () => {
    const from = { 'x-forwarded-for': '203.0.113.9' };
    for (let i = 0; i < 30; i++)
      await h.request('/api/auth/sign-in', { json: { login: `guess${i}`, password: 'x' }, headers: from });
    const res = await h.request('/api/auth/sign-in', {
      json: { login: 'staff', password: 'frontline-demo' },
      headers: from,
    });
    expect(res.status).toBe(429);
    const elsewhere = await h.request('/api/auth/sign-in', {
      json: { login: 'staff', password: 'frontline-demo' },
      headers: { 'x-forwarded-for': '198.51.100.1' },
    });
    expect(elsewhere.status).toBe(200);
  });
});

describe('sessions', () => {
  it('each sign-in makes a new session; sign-out ends it on the server', async () => {
    const a = await h.signIn('staff');
    const b = await h.signIn('staff');
    expect(a).not.toBe(b);
    const out = await h.request('/api/auth/sign-out', { method: 'POST', cookie: a });
    expect(out.status).toBe(204);
    expect((await h.request('/api/me', { cookie: a })).status).toBe(401);
    expect((await h.request('/api/me', { cookie: b })).status).toBe(200);
  });

  it('expires after the idle limit and slides while in use, up to the absolute limit', async () => {
    const cookie = await h.signIn('staff');
    for (let day = 0; day < 29; day++) {
      h.advance(24 * 3600_000);
      expect((await h.request('/api/me', { cookie })).status).toBe(200);
    }
    h.advance(24 * 3600_000);
    expect((await h.request('/api/me', { cookie })).status).toBe(401);

    const idle = await h.signIn('pm');
    h.advance(7 * 24 * 3600_000);
    expect((await h.request('/api/me', { cookie: idle })).status).toBe(401);
  });

  it('rejects a token whose secret does not match', async () => {
    const cookie = await h.signIn('staff');
    const forged = cookie.replace(/\.[a-z2-9]+$/, '.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa');
    expect((await h.request('/api/me', { cookie: forged })).status).toBe(401);
  });

  it('disabling an employee ends their sessions at once', async () => {
    const staff = await h.signIn('staff');
    const hr = await h.signIn('hr');
    const res = await h.request(`/api/employees/${await h.idOf('staff')}/deactivate`, { method: 'POST', cookie: hr });
    expect(res.status).toBe(200);
    expect((await h.request('/api/me', { cookie: staff })).status).toBe(401);
    expect(
      (await h.request('/api/auth/sign-in', { json: { login: 'staff', password: 'frontline-demo' } })).status,
    ).toBe(401);
    const audit = await h.sql.value("select count(*) from audit_log where action = 'employee.disable'");
    expect(audit).toBe(1);
  });
});

describe('CSRF', () => {
  it('refuses state-changing requests from another origin or with no origin', async () => {
    const cookie = await h.signIn('staff');
    const evil = await h.request('/api/auth/sign-out', {
      method: 'POST',
      cookie,
      headers: { origin: 'https://evil.example' },
    });
    expect(evil.status).toBe(403);
    expect((await evil.json()).error.code).toBe('ORIGIN_MISMATCH');
    const none = await h.app.request('http://localhost/api/auth/sign-out', { method: 'POST', headers: { cookie } });
    expect(none.status).toBe(403);
    expect((await h.request('/api/me', { cookie })).status).toBe(200);
  });
});
