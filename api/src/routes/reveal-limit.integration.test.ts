import { DEFAULT_SESSION_POLICY, REVEAL_LIMIT } from '@frontline/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { BASE, createHarness, T0, type Harness } from '../testing/harness.ts';

/** Reveals of customer data are limited per person, counted from the audit log; reaching the limit tells the system admins once. */
let h: Harness;
let staff: string;
let households: { id: number; name: string; phone: string }[];
let admins: { id: number; email: string }[];

const count = (sql: string, ...args: unknown[]) => h.db.sqlite.prepare(sql).pluck().get(...args) as number;
const reveal = (id: number, cookie: string, headers: Record<string, string> = {}) => h.request(`/api/households/${id}/reveal`, { method: 'POST', cookie, headers });
const limitAlerts = () => h.db.sqlite.prepare(`select to_employee_id, subject, body_text from outbox where dedupe_key like 'reveal-limit:%' order by id`).all() as { to_employee_id: number; subject: string; body_text: string }[];

beforeAll(async () => {
  h = await createHarness();
  staff = await h.signIn('staff');
  households = h.db.sqlite
    .prepare(
      `select h.id, o.name, o.phone from households h join household_owners o on o.household_id = h.id and o.position = 0
       where h.owner_employee_id = ? order by h.id limit 5`,
    )
    .all(h.idOf('staff')) as typeof households;
  admins = h.db.sqlite.prepare(`select id, email from employees where position = 'system_admin' and active = 1 and email is not null`).all() as typeof admins;
});
afterAll(async () => h.cleanup());

describe('the reveal limit', () => {
  it(`lets ${REVEAL_LIMIT.max} reveals through, then answers 429 with Retry-After`, async () => {
    for (let i = 0; i < REVEAL_LIMIT.max; i++) expect((await reveal(households[i % households.length]!.id, staff)).status).toBe(200);
    const refused = await reveal(households[0]!.id, staff, { 'accept-language': 'en' });
    expect(refused.status).toBe(429);
    // Every reveal was at the harness's fixed instant, so the first leaves the window a full window later.
    expect(refused.headers.get('retry-after')).toBe(String(REVEAL_LIMIT.windowMs / 1000));
    const body = await refused.json();
    expect(body.error).toEqual({ code: 'TOO_MANY_REVEALS', message: 'Full customer details were shown too often (30 in 10 minutes at most); try again in 600 s.' });
    expect(JSON.stringify(body)).not.toContain(households[0]!.phone);
    expect(count(`select count(*) from audit_log where action = 'household.reveal' and actor_id = ?`, h.idOf('staff'))).toBe(REVEAL_LIMIT.max);
  });

  it('reaching it writes one audit row and one alert to every active system admin, without customer data', async () => {
    expect(admins.length).toBeGreaterThan(0);
    for (let i = 0; i < 5; i++) expect((await reveal(households[1]!.id, staff)).status).toBe(429);
    const rows = h.db.sqlite.prepare(`select actor_id, entity, entity_id from audit_log where action = 'household.reveal_limited'`).all();
    expect(rows).toEqual([{ actor_id: h.idOf('staff'), entity: 'employee', entity_id: String(h.idOf('staff')) }]);
    const alerts = limitAlerts();
    expect(alerts.map((a) => a.to_employee_id).sort()).toEqual(admins.map((a) => a.id).sort());
    const person = h.db.sqlite.prepare('select name, employee_no from employees where id = ?').get(h.idOf('staff')) as { name: string; employee_no: string };
    expect(alerts[0]!.subject).toContain(`${person.name} ${person.employee_no}`);
    for (const a of alerts) for (const household of households) expect(a.body_text).not.toContain(household.phone);
  });

  it('holds after a restart: a new app on the same database counts the same reveals', async () => {
    const restarted = createApp({ db: h.db, now: () => T0 + 60_000, sessionPolicy: DEFAULT_SESSION_POLICY, trustProxy: true });
    const res = await restarted.request(`${BASE}/api/households/${households[0]!.id}/reveal`, { method: 'POST', headers: { cookie: staff, origin: BASE } });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('540');
  });

  it('is per person: a colleague still reveals, and the person may again once the window has passed, without a second alert inside it', async () => {
    expect((await reveal(households[0]!.id, await h.signIn('cr'))).status).toBe(200);
    h.advance(REVEAL_LIMIT.windowMs / 2);
    expect((await reveal(households[0]!.id, staff)).headers.get('retry-after')).toBe(String(REVEAL_LIMIT.windowMs / 2000));
    h.advance(REVEAL_LIMIT.windowMs / 2);
    expect((await reveal(households[0]!.id, staff)).status).toBe(200);
    expect(limitAlerts()).toHaveLength(admins.length);
  });

  it('parallel reveals cannot slip past it', async () => {
    const cookie = await h.signIn('staff.cr');
    const statuses = await Promise.all(Array.from({ length: REVEAL_LIMIT.max + 10 }, () => reveal(households[2]!.id, cookie).then((r) => r.status)));
    expect(statuses.filter((s) => s === 200)).toHaveLength(REVEAL_LIMIT.max);
    expect(statuses.filter((s) => s === 429)).toHaveLength(10);
    expect(count(`select count(*) from audit_log where action = 'household.reveal_limited' and actor_id = ?`, h.idOf('staff.cr'))).toBe(1);
  });
});
