import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Harness } from '../testing/harness.ts';
import { createWorld } from '../testing/world.ts';

let h: Harness;
beforeEach(async () => {
  h = await createWorld();
});
afterEach(async () => h.cleanup());

describe('bad input at the edge', () => {
  it('415 for a body that is not JSON', async () => {
    const res = await h.request('/api/auth/sign-in', { body: 'login=a', headers: { 'content-type': 'text/plain' } });
    expect(res.status).toBe(415);
    expect(await res.json()).toEqual({
      error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: '不支持的内容类型，应为 application/json。' },
    });
  });

  it('400 for malformed JSON', async () => {
    const res = await h.request('/api/auth/sign-in', {
      body: '{"login":',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('MALFORMED_JSON');
  });

  it('422 with field messages in Chinese by default and in English on request', async () => {
    const zh = await h.request('/api/auth/sign-in', { json: { login: '' } });
    expect(zh.status).toBe(422);
    const body = await zh.json();
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(body.error.fields).sort()).toEqual(['login', 'password']);
    expect(body.error.fields.password).toMatch(/[\u4e00-\u9fff]/);
    const en = await h.request('/api/auth/sign-in', { json: { login: '' }, headers: { 'accept-language': 'en-GB' } });
    expect((await en.json()).error.fields.password).toMatch(/^Invalid input/);
  });

  it('422 for a bad path or query parameter, never 500', async () => {
    const cookie = await h.signIn('admin');
    expect((await h.request('/api/projects/abc', { cookie })).status).toBe(422);
    expect((await h.request('/api/projects/1/households?limit=100000', { cookie })).status).toBe(422);
    expect((await h.request('/api/projects/99999999999999999999', { cookie })).status).toBe(422);
  });

  it('413 for a body over the limit', async () => {
    const res = await h.request('/api/auth/sign-in', { json: { login: 'x'.repeat(2 * 1024 * 1024), password: 'x' } });
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('404 in the error shape for an unknown API path', async () => {
    const res = await h.request('/api/nothing-here');
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('NOT_FOUND');
  });

  it('health answers without a session', async () => {
    const res = await h.request('/api/health');
    expect(await res.json()).toEqual({ status: 'ok', database: 'ok' });
  });
});
