import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../../testing/world.ts';

/** Who looks after which household, and what a leaver, leave or a share of households does to the plan. */
let w: World;
beforeEach(async () => {
  w = await createWorld();
});
afterEach(async () => w.cleanup());

describe('household ownership', () => {
  it('a project head moves a household by hand, with a reason kept in its history', async () => {
    const household = (await w.sql.get<{ id: number; owner: number }>(
      'select id, owner_employee_id as owner from households where project_id = ? and owner_employee_id is not null order by id limit 1',
      w.ids.project,
    ))!;
    const target = await w.sql.value<number>(
      "select id from employees where project_id = ? and active = 1 and position = 'staff' and id != ? order by id limit 1",
      w.ids.project,
      household.owner,
    );
    const outsider = w.ids.westStaff;
    const refused = await w.request(`/api/households/${household.id}/owner`, {
      json: { employeeId: outsider, reason: '调整' },
      cookie: await w.as('pm'),
    });
    expect(refused.status).toBe(422);
    expect(
      (
        await w.request(`/api/households/${household.id}/owner`, {
          json: { employeeId: target, reason: '调整' },
          cookie: await w.as('staff'),
        })
      ).status,
    ).toBe(403);
    const moved = await w.request(`/api/households/${household.id}/owner`, {
      json: { employeeId: target, reason: '业主要求更换对接人' },
      cookie: await w.as('pm'),
    });
    expect(moved.status).toBe(200);
    const { history } = await moved.json();
    expect(history[0]).toMatchObject({
      fromEmployeeId: household.owner,
      toEmployeeId: target,
      reason: 'manual',
      note: '业主要求更换对接人',
    });
    expect(history.at(-1)).toMatchObject({ fromEmployeeId: null, reason: 'initial' });
  });

  it('when an employee is marked as left, their households go to colleagues and their open duties go', async () => {
    const leaver = w.ids.colleague;
    const theirs = await w.sql.value<number>('select count(*) from households where owner_employee_id = ?', leaver);
    expect(theirs).toBeGreaterThan(0);
    const res = await w.request(`/api/employees/${leaver}/deactivate`, { json: {}, cookie: await w.as('admin') });
    expect(res.status).toBe(200);
    expect((await res.json()).replan.ownership.moved).toBe(theirs);
    expect(await w.sql.value('select count(*) from households where owner_employee_id = ?', leaver)).toBe(0);
    expect(
      await w.sql.value(
        "select count(*) from duties where employee_id = ? and status in ('planned','scheduled')",
        leaver,
      ),
    ).toBe(0);
  });
});

describe('leave and household shares', () => {
  it('a person records their leave and the planner stops proposing those days', async () => {
    const pm = w.id('pm');
    const res = await w.request(`/api/employees/${pm}/leaves`, {
      json: { from: '2026-12-01', to: '2026-12-31', kind: 'annual' },
      cookie: await w.as('pm'),
    });
    expect(res.status).toBe(201);
    const { duties } = await (
      await w.request('/api/me/duties?kind=reception&from=2026-12-01&to=2026-12-31', { cookie: await w.as('pm') })
    ).json();
    const dec = duties.find((d: { period: { key: string } }) => d.period.key === '2026-M12');
    expect(dec.proposedOn).toBeNull();
    expect(
      (
        await w.request(`/api/employees/${pm}/leaves`, {
          json: { from: '2026-12-01', to: '2026-12-02' },
          cookie: await w.as('staff'),
        })
      ).status,
    ).toBe(403);
    const other = w.ids.westStaff;
    expect(
      (
        await w.request(`/api/employees/${other}/leaves`, {
          json: { from: '2026-12-01', to: '2026-12-02' },
          cookie: await w.as('pm'),
        })
      ).status,
    ).toBe(404);
  });

  it('a project head can give themself a share of the project’s households', async () => {
    const pm = w.id('pm');
    const res = await w.request(`/api/employees/${pm}/ownership-weight`, {
      method: 'PUT',
      json: { weight: 1 },
      cookie: await w.as('pm'),
    });
    expect(res.status).toBe(200);
    expect((await res.json()).ownership.moved).toBeGreaterThan(0);
    expect(
      await w.sql.value<number>('select count(*) from households where owner_employee_id = ?', pm),
    ).toBeGreaterThan(0);
    expect(
      (
        await w.request(`/api/employees/${pm}/ownership-weight`, {
          method: 'PUT',
          json: { weight: 1 },
          cookie: await w.as('staff'),
        })
      ).status,
    ).toBe(403);
  });
});
