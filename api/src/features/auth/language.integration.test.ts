import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cookieFrom } from '../../testing/harness.ts';
import { createWorld, type World } from '../../testing/world.ts';

/** My language (个人中心): stored per employee, only the caller's own, Chinese unless changed. */
let w: World;
beforeEach(async () => {
  w = await createWorld({ plan: false });
});
afterEach(async () => w.cleanup());

const setLanguage = async (login: 'staff' | 'pm', json: unknown, headers: Record<string, string> = {}) =>
  w.request('/api/me/language', { method: 'PUT', cookie: await w.as(login), json, headers });

const stored = (login: 'staff' | 'pm') =>
  w.sql.value<string>('select language from employees where id = ?', w.id(login));

describe('PUT /api/me/language', () => {
  it('is Chinese until changed, and GET /api/me and sign-in say so', async () => {
    const me = await (await w.request('/api/me', { cookie: await w.as('staff') })).json();
    expect(me.employee.language).toBe('zh-CN');
    expect(await stored('staff')).toBe('zh-CN');
  });

  it('stores the caller’s choice and no one else’s, audited once per change', async () => {
    const res = await setLanguage('staff', { language: 'en' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ language: 'en' });
    expect(await stored('staff')).toBe('en');
    expect(await stored('pm')).toBe('zh-CN');
    expect(Number(await w.sql.value('select count(*) from employees where language = ?', 'en'))).toBe(1);
    expect((await (await w.request('/api/me', { cookie: await w.as('staff') })).json()).employee.language).toBe('en');

    // Choosing it again changes nothing and writes no second audit row.
    expect((await setLanguage('staff', { language: 'en' })).status).toBe(200);
    const audit = await w.sql.all<{ actor_id: number; entity_id: string; before_json: string; after_json: string }>(
      `select actor_id, entity_id, before_json, after_json from audit_log where action = 'employee.language'`,
    );
    expect(audit.map((a) => [a.actor_id, a.entity_id, JSON.parse(a.before_json), JSON.parse(a.after_json)])).toEqual([
      [w.id('staff'), String(w.id('staff')), { language: 'zh-CN' }, { language: 'en' }],
    ]);

    // A fresh sign-in answers with it, so the web app can set the screen to it.
    const signedIn = await w.request('/api/auth/sign-in', { json: { login: 'staff', password: 'frontline-demo' } });
    expect((await signedIn.json()).employee.language).toBe('en');

    expect((await setLanguage('staff', { language: 'zh-CN' })).status).toBe(200);
    expect(await stored('staff')).toBe('zh-CN');
  });

  it('refuses an unknown language with 422 and a field message in the caller’s language, changing nothing', async () => {
    for (const body of [{ language: 'fr' }, { language: 'EN' }, { language: null }, {}]) {
      const res = await setLanguage('staff', body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      const { error } = await res.json();
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.fields.language, JSON.stringify(body)).toMatch(/[\u4e00-\u9fff]/);
    }
    const english = await (await setLanguage('staff', { language: 'fr' }, { 'accept-language': 'en' })).json();
    expect(english.error.fields.language).toMatch(/^Invalid/);
    expect(english.error.fields.language).toContain('"zh-CN"');
    expect(await stored('staff')).toBe('zh-CN');
    expect(Number(await w.sql.value(`select count(*) from audit_log where action = 'employee.language'`))).toBe(0);
  });

  it('is for people signed in, and open to a session that must still change its password', async () => {
    const anonymous = await w.request('/api/me/language', { method: 'PUT', json: { language: 'en' } });
    expect(anonymous.status).toBe(401);

    const reset = await w.request(`/api/employees/${w.id('staff')}/password-reset`, {
      method: 'POST',
      cookie: await w.as('hr'),
    });
    expect(reset.status).toBe(200);
    const { temporaryPassword } = await reset.json();
    const held = cookieFrom(
      await w.request('/api/auth/sign-in', { json: { login: 'staff', password: temporaryPassword } }),
    )!;
    const res = await w.request('/api/me/language', { method: 'PUT', cookie: held, json: { language: 'en' } });
    expect(res.status).toBe(200);
    expect(await stored('staff')).toBe('en');
  });
});
