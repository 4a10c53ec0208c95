import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../testing/harness.ts';

/**
 * Who may reach what: each role against a record in its own project, in
 * another project of its region, and in another region. The demo group puts
 * the role accounts in region 1 / project 1; project 10 is another occupied
 * project of region 1 and project 2 belongs to region 2.
 */
const ROLES = ['anonymous', 'staff', 'pm', 'head.engineering', 'president', 'cr', 'staff.cr', 'hr', 'admin'] as const;
type Role = (typeof ROLES)[number];
type Target = 'own' | 'region' | 'other';
type Expect = Record<Role, [number, number, number]>;

let h: Harness;
const cookies = new Map<Role, string | undefined>();
const ids = { project: { own: 1, region: 10, other: 2 }, region: { own: 1, region: 1, other: 2 } };
const household: Record<Target, number> = { own: 0, region: 0, other: 0 };
const employee: Record<Target, number> = { own: 0, region: 0, other: 0 };
let staffHousehold = 0;

beforeAll(async () => {
  h = await createHarness();
  for (const role of ROLES) cookies.set(role, role === 'anonymous' ? undefined : await h.signIn(role));
  const q = (sql: string, ...args: unknown[]) => h.db.sqlite.prepare(sql).pluck().get(...args) as number;
  const staffId = h.idOf('staff');
  staffHousehold = q('select id from households where owner_employee_id = ? limit 1', staffId);
  household.own = q('select id from households where project_id = 1 and (owner_employee_id is null or owner_employee_id != ?) limit 1', staffId);
  household.region = q('select id from households where project_id = 10 limit 1');
  household.other = q('select id from households where project_id = 2 limit 1');
  employee.own = q("select id from employees where project_id = 1 and login is null or (project_id = 1 and login like 'e%') limit 1");
  employee.region = q('select id from employees where project_id = 10 limit 1');
  employee.other = q('select id from employees where region_id = 2 limit 1');
});
afterAll(async () => h.cleanup());

async function statusOf(role: Role, path: string, method = 'GET'): Promise<number> {
  const res = await h.request(path, { method, cookie: cookies.get(role) });
  return res.status;
}

function check(name: string, path: (t: Target) => string, expected: Expect, method = 'GET') {
  it(name, async () => {
    const actual = {} as Record<Role, number[]>;
    for (const role of ROLES) {
      actual[role] = [];
      for (const t of ['own', 'region', 'other'] as const) actual[role].push(await statusOf(role, path(t), method));
    }
    expect(actual).toEqual(expected);
  });
}

const ALL_OK: [number, number, number] = [200, 200, 200];
const UNAUTH: [number, number, number] = [401, 401, 401];
const FORBID: [number, number, number] = [403, 403, 403];

describe('authorization matrix', () => {
  check('GET /api/projects/:id', (t) => `/api/projects/${ids.project[t]}`, {
    anonymous: UNAUTH, staff: [200, 404, 404], pm: [200, 404, 404], 'head.engineering': [200, 200, 404],
    president: [200, 200, 404], cr: [200, 200, 404], 'staff.cr': [200, 404, 404], hr: [200, 200, 404], admin: ALL_OK,
  });

  check('GET /api/projects/:id/employees', (t) => `/api/projects/${ids.project[t]}/employees`, {
    anonymous: UNAUTH, staff: [200, 404, 404], pm: [200, 404, 404], 'head.engineering': [200, 200, 404],
    president: [200, 200, 404], cr: [200, 200, 404], 'staff.cr': [200, 404, 404], hr: [200, 200, 404], admin: ALL_OK,
  });

  check('GET /api/projects/:id/households', (t) => `/api/projects/${ids.project[t]}/households`, {
    anonymous: UNAUTH, staff: [200, 404, 404], pm: [200, 404, 404], 'head.engineering': [200, 200, 404],
    president: [200, 200, 404], cr: [200, 200, 404], 'staff.cr': [200, 404, 404], hr: FORBID, admin: ALL_OK,
  });

  check('GET /api/households/:id', (t) => `/api/households/${household[t]}`, {
    anonymous: UNAUTH, staff: [200, 404, 404], pm: [200, 404, 404], 'head.engineering': [200, 200, 404],
    president: [200, 200, 404], cr: [200, 200, 404], 'staff.cr': [200, 404, 404], hr: FORBID, admin: ALL_OK,
  });

  check('POST /api/households/:id/reveal', (t) => `/api/households/${household[t]}/reveal`, {
    anonymous: UNAUTH, staff: [403, 404, 404], pm: [403, 404, 404], 'head.engineering': [403, 403, 404],
    president: [403, 403, 404], cr: [200, 200, 404], 'staff.cr': [200, 404, 404], hr: FORBID, admin: FORBID,
  }, 'POST');

  check('GET /api/regions/:id', (t) => `/api/regions/${ids.region[t]}`, {
    anonymous: UNAUTH, staff: [200, 200, 404], pm: [200, 200, 404], 'head.engineering': [200, 200, 404],
    president: [200, 200, 404], cr: [200, 200, 404], 'staff.cr': [200, 200, 404], hr: [200, 200, 404], admin: ALL_OK,
  });

  check('GET /api/regions/:id/employees', (t) => `/api/regions/${ids.region[t]}/employees`, {
    anonymous: UNAUTH, staff: [404, 404, 404], pm: [404, 404, 404], 'head.engineering': [200, 200, 404],
    president: [200, 200, 404], cr: [200, 200, 404], 'staff.cr': [404, 404, 404], hr: [200, 200, 404], admin: ALL_OK,
  });

  check('GET /api/employees/:id', (t) => `/api/employees/${employee[t]}`, {
    anonymous: UNAUTH, staff: [200, 404, 404], pm: [200, 404, 404], 'head.engineering': [200, 200, 404],
    president: [200, 200, 404], cr: [200, 200, 404], 'staff.cr': [200, 404, 404], hr: [200, 200, 404], admin: ALL_OK,
  });

  check('GET /api/audit', () => '/api/audit', {
    anonymous: UNAUTH, staff: FORBID, pm: FORBID, 'head.engineering': FORBID, president: FORBID, cr: FORBID,
    'staff.cr': FORBID, hr: FORBID, admin: ALL_OK,
  });

  check('GET /api/me', () => '/api/me', {
    anonymous: UNAUTH, staff: ALL_OK, pm: ALL_OK, 'head.engineering': ALL_OK, president: ALL_OK, cr: ALL_OK,
    'staff.cr': ALL_OK, hr: ALL_OK, admin: ALL_OK,
  });

  check('GET /api/my/households', () => '/api/my/households', {
    anonymous: UNAUTH, staff: ALL_OK, pm: ALL_OK, 'head.engineering': ALL_OK, president: ALL_OK, cr: ALL_OK,
    'staff.cr': ALL_OK, hr: FORBID, admin: ALL_OK,
  });

  check('POST /api/imports/employees (no file)', () => '/api/imports/employees', {
    anonymous: UNAUTH, staff: FORBID, pm: FORBID, 'head.engineering': FORBID, president: FORBID, cr: FORBID,
    'staff.cr': FORBID, hr: [415, 415, 415], admin: [415, 415, 415],
  }, 'POST');

  check('POST /api/imports/households (no file)', () => '/api/imports/households', {
    anonymous: UNAUTH, staff: FORBID, pm: FORBID, 'head.engineering': FORBID, president: FORBID, cr: [415, 415, 415],
    'staff.cr': FORBID, hr: FORBID, admin: [415, 415, 415],
  }, 'POST');

  it('the owner employee may reveal the household they look after', async () => {
    expect(await statusOf('staff', `/api/households/${staffHousehold}/reveal`, 'POST')).toBe(200);
  });

  it('lists only what is in scope', async () => {
    const projects = async (role: Role) =>
      ((await (await h.request('/api/projects', { cookie: cookies.get(role) })).json()) as { items: { id: number }[] }).items.map((p) => p.id);
    expect(await projects('staff')).toEqual([1]);
    expect((await projects('president')).every((id) => [1, 4, 7, 10].includes(id))).toBe(true);
    expect(await projects('admin')).toHaveLength(12);
  });
});
