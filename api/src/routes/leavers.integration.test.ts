import { hashDemoPassword, planDemo } from '@frontline/db/seed';
import { factories, testDialect } from '@frontline/db/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, T0, type Harness } from '../testing/harness.ts';

/**
 * A leaver's households and duties are handed on, even while a plan awaits
 * verification; and a change the request made is never reported as a failure.
 */
let h: Harness;
let f: ReturnType<typeof factories>;
let group: Awaited<ReturnType<typeof build>>;
const count = (text: string, ...args: unknown[]) => h.sql.value<number>(text, ...args);

async function build() {
  const passwordHash = await hashDemoPassword();
  const region = await f.region();
  const other = await f.region();
  const project = await f.project(region.id);
  const otherProject = await f.project(other.id);
  const hr = await f.employee({ position: 'hr_admin', line: 'hr', regionId: region.id, login: 'hr.t', passwordHash });
  const president = await f.employee({ position: 'regional_president', line: 'president_office', regionId: region.id });
  const leaver = await f.employee({ regionId: region.id, projectId: project.id, login: 'leaver.t', passwordHash });
  const colleague = await f.employee({ regionId: region.id, projectId: project.id });
  const planOwner = await f.employee({ regionId: region.id, projectId: project.id });
  const stranger = await f.employee({ regionId: other.id, projectId: otherProject.id });
  for (let i = 0; i < 9; i++) await f.household(project.id);
  await planDemo(h.db, '2026-11-23', T0);
  const household = await count('select id from households where owner_employee_id = ? order by id limit 1', leaver.id);
  const plan = await f.awaitingVerification({
    ownerId: planOwner.id,
    verifierId: leaver.id,
    householdId: household,
    regionId: region.id,
    projectId: project.id,
    dueTo: '2026-12-14',
  });
  return {
    region,
    project,
    hr,
    president,
    leaver,
    colleague,
    planOwner,
    stranger,
    household,
    plan,
    cookie: await h.signIn('hr.t'),
  };
}

beforeEach(async () => {
  h = await createHarness({ seed: false });
  f = factories(h.db);
  group = await build();
});
afterEach(async () => h.cleanup());

describe('a leaver', () => {
  it('hands on their households, planned duties and revisits, while a plan awaits verification', async () => {
    const { leaver, household, plan, cookie } = group;
    expect(await count('select count(*) from households where owner_employee_id = ?', leaver.id)).toBeGreaterThan(0);
    const res = await h.request(`/api/employees/${leaver.id}/deactivate`, { json: {}, cookie });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.active).toBe(false);
    expect(body.replan).toMatchObject({ status: 'done', revisits: { moved: 1, stranded: 0 } });
    expect(await count('select count(*) from households where owner_employee_id = ?', leaver.id)).toBe(0);
    expect(await count(`select count(*) from duties where employee_id = ? and status = 'planned'`, leaver.id)).toBe(0);
    const newOwner = await count('select owner_employee_id from households where id = ?', household);
    expect(await count('select employee_id from duties where id = ?', plan.dutyId)).toBe(newOwner);
    expect(await count('select employee_id from plan_verifications where duty_id = ?', plan.dutyId)).toBe(newOwner);
    expect(newOwner).not.toBe(group.planOwner.id);
    // The leaver is signed out and cannot sign in.
    expect(
      (await h.request('/api/auth/sign-in', { json: { login: 'leaver.t', password: 'frontline-demo' } })).status,
    ).toBe(401);
  });

  it('recording and removing leave answer success and re-plan, a plan awaiting verification notwithstanding', async () => {
    const { colleague, cookie } = group;
    const added = await h.request(`/api/employees/${colleague.id}/leaves`, {
      json: { from: '2026-12-01', to: '2026-12-31', kind: 'annual' },
      cookie,
    });
    expect(added.status).toBe(201);
    const leave = await added.json();
    expect(leave.replan).toMatchObject({ status: 'done' });
    const removed = await h.request(`/api/employees/${colleague.id}/leaves/${leave.id}`, { method: 'DELETE', cookie });
    expect(removed.status).toBe(200);
    expect((await removed.json()).replan).toMatchObject({ status: 'done' });
  });

  it('can be deactivated only by someone who may manage them', async () => {
    const { president, stranger, hr, cookie } = group;
    expect((await h.request(`/api/employees/${stranger.id}/deactivate`, { json: {}, cookie })).status).toBe(404);
    expect((await h.request(`/api/employees/${president.id}/deactivate`, { json: {}, cookie })).status).toBe(403);
    expect((await h.request(`/api/employees/${hr.id}/deactivate`, { json: {}, cookie })).status).toBe(403);
    expect(await count('select count(*) from employees where active = 0')).toBe(0);
  });
});

describe('a failing re-plan', () => {
  it('never turns a change the request made into a failure', async () => {
    const { leaver, cookie } = group;
    // Any write to duties now fails, as a full disk or a bug in planning would.
    // Each dialect writes a refusing trigger its own way.
    const refusals =
      testDialect() === 'sqlite'
        ? [
            `create trigger refuse_duties before insert on duties begin select raise(abort, 'planning is broken'); end`,
            `create trigger refuse_duty_updates before update on duties begin select raise(abort, 'planning is broken'); end`,
          ]
        : [
            `create function refuse_duties() returns trigger language plpgsql as $$ begin raise exception 'planning is broken'; end $$`,
            `create trigger refuse_duties before insert or update on duties for each row execute function refuse_duties()`,
          ];
    for (const statement of refusals) await h.sql.run(statement);
    const res = await h.request(`/api/employees/${leaver.id}/deactivate`, { json: {}, cookie });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.active).toBe(false);
    expect(body.replan).toEqual({ status: 'failed', error: 'planning is broken' });
    expect(await count('select active from employees where id = ?', leaver.id)).toBe(0);
    expect(await count(`select count(*) from audit_log where action = 'schedule.replan-failed'`)).toBe(1);
  });
});
