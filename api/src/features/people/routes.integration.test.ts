import { verify } from '@node-rs/argon2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cookieFrom, type Harness } from '../../testing/harness.ts';
import { createWorld } from '../../testing/world.ts';

/** Changing one's own password and an administrator's reset, through the HTTP app on a real database. */
let h: Harness;
beforeEach(async () => {
  h = await createWorld();
});
afterEach(async () => h.cleanup());

const DEMO = 'frontline-demo';
const NEW = '春眠不觉晓 处处闻啼鸟';
const one = <T = unknown>(text: string, ...args: unknown[]) => h.sql.value<T>(text, ...args);
const hashOf = (id: number) => one<string>('select password_hash from employees where id = ?', id);
const auditOf = (action: string) => h.sql.all('select * from audit_log where action = ? order by id', action);

function change(
  cookie: string | undefined,
  currentPassword: string,
  newPassword: string,
  headers: Record<string, string> = {},
) {
  return h.request('/api/me/password', { json: { currentPassword, newPassword }, cookie, headers });
}

describe('changing my password', () => {
  it('ends every other session, keeps this browser signed in on a fresh one, and is audited without the password', async () => {
    const here = await h.signIn('staff');
    const phone = await h.signIn('staff');
    const res = await change(here, DEMO, NEW);
    expect(res.status).toBe(200);
    expect((await res.json()).mustChangePassword).toBe(false);
    const fresh = cookieFrom(res)!;
    expect(fresh).toMatch(/^frontline_session=/);
    expect(fresh).not.toBe(here);

    expect((await h.request('/api/me', { cookie: phone })).status).toBe(401);
    expect((await h.request('/api/me', { cookie: here })).status).toBe(401);
    expect((await h.request('/api/me', { cookie: fresh })).status).toBe(200);
    expect(await one('select count(*) from sessions where employee_id = ?', await h.idOf('staff'))).toBe(1);

    expect((await h.request('/api/auth/sign-in', { json: { login: 'staff', password: DEMO } })).status).toBe(401);
    expect((await h.request('/api/auth/sign-in', { json: { login: 'staff', password: NEW } })).status).toBe(200);
    expect(await verify(await hashOf(await h.idOf('staff')), NEW)).toBe(true);

    const [entry] = await auditOf('employee.password-change');
    expect(entry).toMatchObject({ actor_id: await h.idOf('staff'), entity_id: String(await h.idOf('staff')) });
    expect(JSON.parse(entry!.after_json as string)).toEqual({ mustChange: false, sessionsEnded: 2 });
    expect(JSON.stringify(await h.sql.all('select * from audit_log'))).not.toContain(NEW);
  });

  it('a wrong current password is 422 on that field, changes nothing, and counts against the sign-in throttle', async () => {
    const cookie = await h.signIn('staff');
    const before = await hashOf(await h.idOf('staff'));
    const wrong = await change(cookie, 'not-my-password', NEW);
    expect(wrong.status).toBe(422);
    expect((await wrong.json()).error.fields).toEqual({ currentPassword: '当前密码不正确。' });
    const en = await change(cookie, 'not-my-password', NEW, { 'accept-language': 'en' });
    expect((await en.json()).error.fields.currentPassword).toBe('The current password is not correct.');
    for (let i = 0; i < 3; i++) expect((await change(cookie, `guess-${i}`, NEW)).status).toBe(422);
    // Five failures: now locked, here and at the sign-in form alike, even with the right password.
    const locked = await change(cookie, DEMO, NEW);
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBe('1');
    expect((await h.request('/api/auth/sign-in', { json: { login: 'staff', password: DEMO } })).status).toBe(429);
    expect(await hashOf(await h.idOf('staff'))).toBe(before);
    expect(await auditOf('auth.password-change-failed')).toHaveLength(5);
    // The session itself is untouched, and after the wait the right password goes through.
    expect((await h.request('/api/me', { cookie })).status).toBe(200);
    h.advance(1000);
    expect((await change(cookie, DEMO, NEW)).status).toBe(200);
  });

  it('a failure by the employee number locks the change form too (both keys are one account)', async () => {
    const no = await one<string>("select employee_no from employees where login = 'staff'");
    for (let i = 0; i < 5; i++) await h.request('/api/auth/sign-in', { json: { login: no, password: `guess-${i}` } });
    const cookie = await h.signIn('staff'); // by login: another key, still free
    expect((await change(cookie, DEMO, NEW)).status).toBe(429);
  });

  it('checks the new password against the policy, with messages in the caller’s language', async () => {
    const cookie = await h.signIn('staff');
    const cases: [string, string][] = [
      ['short', '密码至少需要 10 个字符。'],
      [DEMO, '新密码不能与当前密码相同。'],
      ['1234567890', '这个密码太常见，容易被猜到，请换一个。'],
    ];
    for (const [candidate, message] of cases) {
      const res = await change(cookie, DEMO, candidate);
      expect(res.status, candidate).toBe(422);
      expect((await res.json()).error.fields).toEqual({ newPassword: message });
    }
    // Demo logins and numbers are too short to be passwords anyway; give this person long ones.
    await h.sql.run("update employees set login = 'staff.member', employee_no = 'E2026000042' where login = 'staff'");
    for (const candidate of ['Staff.Member', 'e2026000042']) {
      const res = await change(cookie, DEMO, candidate, { 'accept-language': 'en' });
      expect((await res.json()).error.fields.newPassword, candidate).toBe(
        'The password cannot be your login or employee number.',
      );
    }
    expect(await auditOf('employee.password-change')).toHaveLength(0);
  });

  it('needs a session and our Origin', async () => {
    expect((await change(undefined, DEMO, NEW)).status).toBe(401);
    const cookie = await h.signIn('staff');
    const res = await change(cookie, DEMO, NEW, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect((await h.request('/api/auth/sign-in', { json: { login: 'staff', password: DEMO } })).status).toBe(200);
  });
});

describe('an administrator resets a password', () => {
  const reset = (cookie: string, id: number) =>
    h.request(`/api/employees/${id}/password-reset`, { method: 'POST', cookie });
  const staffOf = (regionId: number) =>
    one<number>(
      "select id from employees where region_id = ? and position = 'staff' and active = 1 and project_id is not null order by id limit 1",
      regionId,
    );

  it('HR of region 1 resets a region-1 staff member: a temporary password once, their sessions end, audited without it', async () => {
    const hr = await h.signIn('hr');
    const staff = await h.signIn('staff');
    const res = await reset(hr, await h.idOf('staff'));
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = await res.json();
    expect(body.temporaryPassword).toMatch(/^[a-km-zA-HJ-NP-Z2-9]{4}-[a-km-zA-HJ-NP-Z2-9]{4}-[a-km-zA-HJ-NP-Z2-9]{4}$/);
    expect(body).toMatchObject({ employee: { id: await h.idOf('staff'), canManage: true }, sessionsEnded: 1 });
    expect((await h.request('/api/me', { cookie: staff })).status).toBe(401);
    expect((await h.request('/api/auth/sign-in', { json: { login: 'staff', password: DEMO } })).status).toBe(401);
    expect(await verify(await hashOf(await h.idOf('staff')), body.temporaryPassword)).toBe(true);
    expect(await one('select password_change_required from employees where id = ?', await h.idOf('staff'))).toBe(1);
    const [entry] = await auditOf('employee.password-reset');
    expect(entry).toMatchObject({ actor_id: await h.idOf('hr'), entity_id: String(await h.idOf('staff')) });
    expect(JSON.parse(entry!.after_json as string)).toEqual({ mustChange: true, sessionsEnded: 1 });
    expect(JSON.stringify(await h.sql.all('select * from audit_log'))).not.toContain(body.temporaryPassword);
    // Each reset makes a new one.
    expect((await (await reset(hr, await h.idOf('staff'))).json()).temporaryPassword).not.toBe(body.temporaryPassword);
  });

  it('HR may not reach region 2 (404), a regional president, another HR admin or themselves (403)', async () => {
    const hr = await h.signIn('hr');
    const otherHr = await one<number>(
      "insert into employees (employee_no, name, line, position, region_id, active, login, created_at, updated_at) values ('E900001', '郑薇', 'hr', 'hr_admin', 1, 1, 'hr.second', 0, 0) returning id",
    );
    const hashes = () => h.sql.value<string>("select string_agg(password_hash, ',' order by id) from employees");
    const before = await hashes();
    expect((await reset(hr, await staffOf(2))).status).toBe(404);
    expect((await reset(hr, 999_999)).status).toBe(404);
    for (const id of [await h.idOf('president'), otherHr, await h.idOf('hr')]) {
      const res = await reset(hr, id);
      expect(res.status, String(id)).toBe(403);
      expect((await res.json()).error.code).toBe('FORBIDDEN');
    }
    expect(await hashes()).toBe(before);
    expect(await auditOf('employee.password-reset')).toHaveLength(0);
  });

  it('a system admin resets anyone but themselves; other positions not at all', async () => {
    const admin = await h.signIn('admin');
    expect((await reset(admin, await h.idOf('hr'))).status).toBe(200);
    expect((await reset(admin, await staffOf(2))).status).toBe(200);
    expect((await reset(admin, await h.idOf('admin'))).status).toBe(403);
    for (const login of ['president', 'pm', 'cr', 'staff'])
      expect((await reset(await h.signIn(login), await h.idOf('staff'))).status, login).toBe(403);
    expect((await h.request(`/api/employees/${await h.idOf('staff')}/password-reset`, { method: 'POST' })).status).toBe(
      401,
    );
  });

  it('employee lists say whom the viewer may manage, as core decides', async () => {
    const rows = async (login: string, path: string) =>
      new Map(
        (
          (await (await h.request(path, { cookie: await h.signIn(login) })).json()).items as {
            position: string;
            canManage: boolean;
          }[]
        ).map((e) => [e.position, e.canManage]),
      );
    const office = await rows('hr', '/api/regions/1/employees?limit=200');
    expect(office.get('functional_head')).toBe(true);
    expect(office.get('regional_president')).toBe(false);
    expect(office.get('hr_admin')).toBe(false); // themselves, the region's only one
    const project = await rows('hr', '/api/projects/1/employees?limit=200');
    expect([project.get('staff'), project.get('project_head')]).toEqual([true, true]);
    expect([...(await rows('pm', '/api/projects/1/employees?limit=200')).values()]).not.toContain(true);
  });

  it('holds the person to the change route until they have chosen a new password', async () => {
    const hr = await h.signIn('hr');
    const { temporaryPassword } = await (await reset(hr, await h.idOf('staff'))).json();
    const signedIn = await h.request('/api/auth/sign-in', { json: { login: 'staff', password: temporaryPassword } });
    expect(signedIn.status).toBe(200);
    expect((await signedIn.json()).mustChangePassword).toBe(true);
    const held = cookieFrom(signedIn)!;

    const me = await h.request('/api/me', { cookie: held });
    expect(me.status).toBe(200);
    expect((await me.json()).mustChangePassword).toBe(true);
    const refusals = [
      await h.request('/api/me/duties', { cookie: held }),
      await h.request('/api/projects/1', { cookie: held }),
      await h.request('/api/me/feed/rotate', { method: 'POST', cookie: held }),
      await h.request('/api/health', { cookie: held }),
    ];
    for (const res of refusals) {
      expect(res.status).toBe(403);
      expect((await res.json()).error).toEqual({
        code: 'PASSWORD_CHANGE_REQUIRED',
        message: '请先设置新密码，然后才能继续使用。',
      });
    }
    // The temporary password cannot be kept.
    expect((await change(held, temporaryPassword, temporaryPassword)).status).toBe(422);
    const changed = await change(held, temporaryPassword, NEW);
    expect(changed.status).toBe(200);
    const free = cookieFrom(changed)!;
    expect((await h.request('/api/me/duties', { cookie: free })).status).toBe(200);
    expect((await (await h.request('/api/me', { cookie: free })).json()).mustChangePassword).toBe(false);
    expect(await one('select password_change_required from employees where id = ?', await h.idOf('staff'))).toBe(0);
  });

  it('a held session may still sign out', async () => {
    const hr = await h.signIn('hr');
    const { temporaryPassword } = await (await reset(hr, await h.idOf('staff'))).json();
    const held = cookieFrom(
      await h.request('/api/auth/sign-in', { json: { login: 'staff', password: temporaryPassword } }),
    )!;
    expect((await h.request('/api/auth/sign-out', { method: 'POST', cookie: held })).status).toBe(204);
    expect((await h.request('/api/me', { cookie: held })).status).toBe(401);
  });
});
