import { hashDemoPassword } from '@frontline/db/seed';
import { factories, testDialect } from '@frontline/db/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../testing/harness.ts';

/** Planning runs: regional callers plan their own region, and a failed run says why. */
let h: Harness;
let ids: { east: number; south: number };
const count = (text: string, ...args: unknown[]) => h.sql.value<number>(text, ...args);

beforeEach(async () => {
  h = await createHarness({ seed: false });
  const f = factories(h.db);
  const passwordHash = await hashDemoPassword();
  const east = await f.region();
  const south = await f.region();
  ids = { east: east.id, south: south.id };
  for (const region of [east, south]) {
    const project = await f.project(region.id);
    await f.employee({ position: 'regional_president', line: 'president_office', regionId: region.id });
    for (let i = 0; i < 2; i++) await f.employee({ regionId: region.id, projectId: project.id });
    for (let i = 0; i < 4; i++) await f.household(project.id);
  }
  await f.employee({
    position: 'cr_admin',
    line: 'customer_relations',
    regionId: east.id,
    login: 'cr.east',
    passwordHash,
  });
  await f.employee({
    position: 'cr_admin',
    line: 'customer_relations',
    regionId: null,
    login: 'cr.group',
    passwordHash,
  });
});
afterEach(async () => h.cleanup());

async function run(
  login: string,
): Promise<{ id: number; status: string; regionIds: number[] | null; error: string | null; report: unknown }> {
  const cookie = await h.signIn(login);
  const started = await h.request('/api/schedule/runs', { json: { months: 3 }, cookie });
  expect(started.status).toBe(202);
  await h.runner.idle();
  return (await h.request(`/api/schedule/runs/${(await started.json()).id}`, { cookie })).json();
}

describe('planning runs', () => {
  it('a regional customer-relations admin plans their own region only', async () => {
    const r = await run('cr.east');
    expect(r).toMatchObject({ status: 'done', regionIds: [ids.east] });
    expect(await count('select count(*) from duties where region_id = ?', ids.east)).toBeGreaterThan(0);
    expect(await count('select count(*) from duties where region_id = ?', ids.south)).toBe(0);
    expect(
      await count(
        'select count(*) from households where owner_employee_id is not null and project_id in (select id from projects where region_id = ?)',
        ids.south,
      ),
    ).toBe(0);
  });

  it('a group customer-relations admin plans every region, and a regional one sees only runs covering theirs', async () => {
    const group = await run('cr.group');
    expect(group).toMatchObject({ status: 'done', regionIds: null });
    expect(await count('select count(*) from duties where region_id = ?', ids.south)).toBeGreaterThan(0);
    const east = await h.signIn('cr.east');
    const ownRun = await run('cr.east');
    // A run of the south only, by the group: the east does not see it.
    const southOnly = await h.sql.value<number>(
      `insert into schedule_runs (status, horizon_from, horizon_to, allow_unknown_years, done, total, started_at, region_ids) values ('done', '2026-11-23', '2027-02-22', 0, 1, 1, 0, ?) returning id`,
      JSON.stringify([ids.south]),
    );
    const listed = (await (await h.request('/api/schedule/runs', { cookie: east })).json()).runs.map(
      (x: { id: number }) => x.id,
    );
    expect(listed).toEqual([ownRun.id, group.id]);
    expect((await h.request(`/api/schedule/runs/${southOnly}`, { cookie: east })).status).toBe(404);
  });

  it('a failed run records and shows why', async () => {
    // A database that refuses every new duty, in each dialect's own trigger language.
    if (testDialect() === 'sqlite') {
      await h.sql.run(
        `create trigger refuse_duties before insert on duties begin select raise(abort, 'disk full'); end`,
      );
    } else {
      await h.sql.run(
        `create function refuse_duties() returns trigger language plpgsql as $$ begin raise exception 'disk full'; end $$`,
      );
      await h.sql.run(
        `create trigger refuse_duties before insert on duties for each row execute function refuse_duties()`,
      );
    }
    const r = await run('cr.group');
    expect(r).toMatchObject({ status: 'failed', error: 'disk full', report: null });
  });
});
