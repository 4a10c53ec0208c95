import { factories } from '@frontline/db/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoPasswordHash, T0 } from '../../testing/harness.ts';
import { createWorld, type World } from '../../testing/world.ts';

/**
 * HR API tokens through the API: made and revoked by HR admins within their
 * region, stored hashed, good for the scores export only. Each test builds
 * the small group afresh, with an HR admin in the second region who can
 * sign in; the export a token reads is of a quarter the test closes itself.
 */
let h: World;
const count = (text: string, ...args: unknown[]) => h.sql.value<number>(text, ...args);
const Q3 = '2026-Q3';

beforeEach(async () => {
  h = await createWorld({ plan: false });
  await factories(h.db, T0).employee({
    employeeNo: 'H00002',
    login: 'hr.west',
    passwordHash: await demoPasswordHash(),
    position: 'hr_admin',
    line: 'hr',
    regionId: h.ids.west,
  });
}, 60_000);
afterEach(async () => h.cleanup());

/** Closes Q3 as group HR, so that its scores are frozen. */
async function closeQ3(): Promise<void> {
  expect((await h.request('/api/scores/close', { json: { period: Q3 }, cookie: await h.as('hr.group') })).status).toBe(
    200,
  );
}

describe('HR API tokens', () => {
  it('read scores only, are stored hashed, and stop at revocation', async () => {
    await closeQ3();
    const made = await h.request('/api/hr/tokens', { json: { name: 'EHR 同步' }, cookie: await h.as('hr') });
    expect(made.status).toBe(201);
    const { token, id } = await made.json();
    expect(token).toMatch(/^[a-z0-9]+\.[a-z0-9]+$/);
    const stored = await h.sql.get('select * from api_tokens where id = ?', id);
    expect(JSON.stringify(stored)).not.toContain(token.split('.')[1]);
    const bearer = { authorization: `Bearer ${token}` };

    const json = await h.request(`/api/hr/scores?period=${Q3}`, { headers: bearer });
    expect(json.status).toBe(200);
    const body = await json.json();
    expect(body).toMatchObject({ period: Q3, status: 'closed' });
    expect(body.rows.length).toBe(
      await count(`select count(*) from score_results where period = ? and region_id = ?`, Q3, h.ids.east),
    );
    expect(Object.keys(body.rows[0])).toEqual([
      'employeeNo',
      'name',
      'line',
      'position',
      'region',
      'project',
      'components',
      'computed',
      'adjustment',
      'total',
      'rank',
      'rankedInGroup',
      'schemeVersion',
      'period',
    ]);
    const csv = await h.request(`/api/hr/scores?period=${Q3}&format=csv`, { headers: bearer });
    expect(csv.headers.get('content-type')).toContain('text/csv');

    // Scores only: no other route accepts it.
    expect((await h.request(`/api/scores?period=${Q3}`, { headers: bearer })).status).toBe(401);
    expect((await h.request('/api/me', { headers: bearer })).status).toBe(401);
    expect(
      (await h.request(`/api/hr/scores?period=${Q3}`, { headers: { authorization: `Bearer ${id}.wrongsecret` } }))
        .status,
    ).toBe(401);

    const list = await (await h.request('/api/hr/tokens', { cookie: await h.as('hr') })).json();
    expect(list.items[0]).toMatchObject({ id, name: 'EHR 同步', lastUsedAt: expect.any(Number) });
    expect(JSON.stringify(list)).not.toContain('secret');
    expect((await h.request('/api/hr/tokens', { json: { name: 'x' }, cookie: await h.as('staff') })).status).toBe(403);

    expect((await h.request(`/api/hr/tokens/${id}`, { method: 'DELETE', cookie: await h.as('hr') })).status).toBe(204);
    const revoked = await h.request(`/api/hr/scores?period=${Q3}`, { headers: bearer });
    expect(revoked.status).toBe(401);
    expect((await revoked.json()).error.code).toBe('TOKEN_INVALID');
    expect((await h.request(`/api/hr/tokens/${id}`, { method: 'DELETE', cookie: await h.as('hr') })).status).toBe(404);
    const via = await h.sql.value<string>(
      `select after_json from audit_log where action = 'scores.export' order by id desc limit 1`,
    );
    expect(JSON.parse(via)).toMatchObject({ via: 'api_token', tokenId: id });
  });

  it('are listed and revoked only within the HR admin’s region; group HR sees them all', async () => {
    const { id } = await (
      await h.request('/api/hr/tokens', { json: { name: '区域一' }, cookie: await h.as('hr') })
    ).json();
    const south = await h.sql.value<string>(
      `select login from employees where position = 'hr_admin' and region_id = ? order by id limit 1`,
      h.ids.west,
    );
    const other = await h.signIn(south);
    const listed = await (await h.request('/api/hr/tokens', { cookie: other })).json();
    expect(listed.items.map((t: { id: string }) => t.id)).not.toContain(id);
    expect((await h.request(`/api/hr/tokens/${id}`, { method: 'DELETE', cookie: other })).status).toBe(404);
    expect(await count('select count(*) from api_tokens where id = ? and revoked_at is null', id)).toBe(1);
    const all = await (await h.request('/api/hr/tokens', { cookie: await h.as('hr.group') })).json();
    expect(all.items.map((t: { id: string }) => t.id)).toContain(id);
    expect((await h.request(`/api/hr/tokens/${id}`, { method: 'DELETE', cookie: await h.as('hr') })).status).toBe(204);
  });

  it('stops working when its creator loses the HR role', async () => {
    const { token } = await (
      await h.request('/api/hr/tokens', { json: { name: '临时' }, cookie: await h.as('hr') })
    ).json();
    await h.sql.run(`update employees set active = 0 where login = 'hr'`);
    try {
      expect(
        (await h.request(`/api/hr/scores?period=${Q3}`, { headers: { authorization: `Bearer ${token}` } })).status,
      ).toBe(401);
    } finally {
      await h.sql.run(`update employees set active = 1 where login = 'hr'`);
    }
  });
});
