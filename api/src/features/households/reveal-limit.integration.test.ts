import { DEFAULT_SESSION_POLICY, REVEAL_LIMIT } from '@frontline/core';
import { hashDemoPassword } from '@frontline/db/seed';
import { factories } from '@frontline/db/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../app.ts';
import { BASE, createHarness, T0, type Harness } from '../../testing/harness.ts';

/**
 * Reveals of customer data are limited per person, counted from the audit
 * log; reaching the limit tells the system admins once. Each test builds its
 * own small group: a staff member looking after five households, a
 * customer-relations colleague, two system admins and one who has left.
 */
let h: Harness;
let staff: string;
let staffId: number;
let households: { id: number; name: string; phone: string }[];
let admins: number[];
let passwordHash: string;
let f: ReturnType<typeof factories>;
let project: { id: number; regionId: number };

const count = (text: string, ...args: unknown[]) => h.sql.value<number>(text, ...args);
const reveal = (id: number, cookie: string, headers: Record<string, string> = {}) =>
  h.request(`/api/households/${id}/reveal`, { method: 'POST', cookie, headers });
const limitAlerts = () =>
  h.sql.all<{ to_employee_id: number; subject: string; body_text: string }>(
    `select to_employee_id, subject, body_text from outbox where dedupe_key like 'reveal-limit:%' order by id`,
  );
/** Spends the staff member's reveals for this window. */
async function reachLimit() {
  for (let i = 0; i < REVEAL_LIMIT.max; i++)
    expect((await reveal(households[i % households.length]!.id, staff)).status).toBe(200);
}

beforeEach(async () => {
  h = await createHarness({ seed: false });
  f = factories(h.db);
  passwordHash = await hashDemoPassword();
  const region = await f.region();
  project = await f.project(region.id);
  staffId = (
    await f.employee({ regionId: region.id, projectId: project.id, login: 'staff.t', passwordHash, name: '王强' })
  ).id;
  households = [];
  for (let i = 0; i < 5; i++) {
    const name = `业主${i}`;
    const phone = `1391234000${i}`;
    households.push({
      id: (await f.household(project.id, { ownerEmployeeId: staffId, ownerName: name, ownerPhone: phone })).id,
      name,
      phone,
    });
  }
  await f.employee({
    position: 'cr_admin',
    line: 'customer_relations',
    regionId: region.id,
    login: 'cr.t',
    passwordHash,
  });
  admins = [
    (await f.employee({ position: 'system_admin', line: null })).id,
    (await f.employee({ position: 'system_admin', line: null })).id,
  ];
  await f.employee({ position: 'system_admin', line: null, active: false });
  staff = await h.signIn('staff.t');
});
afterEach(async () => h.cleanup());

describe('the reveal limit', () => {
  it(`lets ${REVEAL_LIMIT.max} reveals through, then answers 429 with Retry-After`, async () => {
    await reachLimit();
    const refused = await reveal(households[0]!.id, staff, { 'accept-language': 'en' });
    expect(refused.status).toBe(429);
    // Every reveal was at the harness's fixed instant, so the first leaves the window a full window later.
    expect(refused.headers.get('retry-after')).toBe(String(REVEAL_LIMIT.windowMs / 1000));
    const body = await refused.json();
    expect(body.error).toEqual({
      code: 'TOO_MANY_REVEALS',
      message: 'Full customer details were shown too often (30 in 10 minutes at most); try again in 600 s.',
    });
    expect(JSON.stringify(body)).not.toContain(households[0]!.phone);
    expect(
      await count(`select count(*) from audit_log where action = 'household.reveal' and actor_id = ?`, staffId),
    ).toBe(REVEAL_LIMIT.max);
  });

  it('reaching it writes one audit row and one alert to every active system admin, without customer data', async () => {
    // One of the admins reads English: their alert is in English, the other's in Chinese.
    await h.sql.run(`update employees set language = 'en' where id = ?`, admins[1]);
    await reachLimit();
    for (let i = 0; i < 5; i++) expect((await reveal(households[1]!.id, staff)).status).toBe(429);
    const rows = await h.sql.all(
      `select actor_id, entity, entity_id from audit_log where action = 'household.reveal_limited' order by id`,
    );
    expect(rows).toEqual([{ actor_id: staffId, entity: 'employee', entity_id: String(staffId) }]);
    const alerts = await limitAlerts();
    expect(alerts.map((a) => a.to_employee_id).sort()).toEqual([...admins].sort());
    const person = (await h.sql.get<{ name: string; employee_no: string }>(
      'select name, employee_no from employees where id = ?',
      staffId,
    ))!;
    const subjectTo = (id: number) => alerts.find((a) => a.to_employee_id === id)!.subject;
    expect(subjectTo(admins[0]!)).toBe(`[一线] 查看客户信息过于频繁：${person.name} ${person.employee_no}`);
    expect(subjectTo(admins[1]!)).toBe(
      `[Frontline] Too many customer-detail views: ${person.name} ${person.employee_no}`,
    );
    for (const a of alerts) for (const household of households) expect(a.body_text).not.toContain(household.phone);
  });

  it('holds after a restart: a new app on the same database counts the same reveals', async () => {
    await reachLimit();
    const restarted = createApp({
      db: h.db,
      now: () => T0 + 60_000,
      sessionPolicy: DEFAULT_SESSION_POLICY,
      trustProxy: true,
    });
    const res = await restarted.request(`${BASE}/api/households/${households[0]!.id}/reveal`, {
      method: 'POST',
      headers: { cookie: staff, origin: BASE },
    });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('540');
  });

  it('is per person: a colleague still reveals, and the person may again once the window has passed, without a second alert inside it', async () => {
    await reachLimit();
    expect((await reveal(households[0]!.id, staff)).status).toBe(429);
    expect(await limitAlerts()).toHaveLength(admins.length);
    expect((await reveal(households[0]!.id, await h.signIn('cr.t'))).status).toBe(200);
    h.advance(REVEAL_LIMIT.windowMs / 2);
    expect((await reveal(households[0]!.id, staff)).headers.get('retry-after')).toBe(
      String(REVEAL_LIMIT.windowMs / 2000),
    );
    h.advance(REVEAL_LIMIT.windowMs / 2);
    expect((await reveal(households[0]!.id, staff)).status).toBe(200);
    expect(await limitAlerts()).toHaveLength(admins.length);
  });

  it('parallel reveals cannot slip past it', async () => {
    const cookie = await h.signIn('cr.t');
    const crId = await h.idOf('cr.t');
    const statuses = await Promise.all(
      Array.from({ length: REVEAL_LIMIT.max + 10 }, () => reveal(households[2]!.id, cookie).then((r) => r.status)),
    );
    expect(statuses.filter((s) => s === 200)).toHaveLength(REVEAL_LIMIT.max);
    expect(statuses.filter((s) => s === 429)).toHaveLength(10);
    expect(
      await count(`select count(*) from audit_log where action = 'household.reveal_limited' and actor_id = ?`, crId),
    ).toBe(1);
  });
});
