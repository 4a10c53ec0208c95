import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Harness } from '../../testing/harness.ts';
import { createWorld } from '../../testing/world.ts';

let h: Harness;
let household: { id: number; name: string; phone: string; room: string };
beforeEach(async () => {
  h = await createWorld();
  const row = await h.sql.get<typeof household>(
    `select h.id, o.name, o.phone, h.room from households h join household_owners o on o.household_id = h.id and o.position = 0
     where h.owner_employee_id = ? order by h.id limit 1`,
    await h.idOf('staff'),
  );
  household = row!;
});
afterEach(async () => h.cleanup());

describe('household personal data', () => {
  it('is masked when read, for everyone', async () => {
    for (const login of ['staff', 'cr', 'admin']) {
      const body = await (await h.request(`/api/households/${household.id}`, { cookie: await h.signIn(login) })).json();
      const text = JSON.stringify(body);
      expect(text).not.toContain(household.phone);
      expect(text).not.toContain(household.name);
      expect(body.household.owners[0].phone).toBe(`${household.phone.slice(0, 3)}****${household.phone.slice(7)}`);
      expect(body.household.room).not.toBe(household.room);
      expect(body.household.masked).toBe(true);
    }
  });

  it('is revealed to the owner employee, and every reveal is audited', async () => {
    const cookie = await h.signIn('staff');
    const before = await h.sql.value<number>("select count(*) from audit_log where action = 'household.reveal'");
    const res = await h.request(`/api/households/${household.id}/reveal`, { method: 'POST', cookie });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.household.owners[0]).toEqual(expect.objectContaining({ name: household.name, phone: household.phone }));
    expect(body.household.room).toBe(household.room);
    const entries = await h.sql.all<{ actor_id: number; entity_id: string }>(
      "select actor_id, entity_id from audit_log where action = 'household.reveal' order by id",
    );
    expect(entries).toHaveLength(before + 1);
    expect(entries.at(-1)).toEqual({ actor_id: await h.idOf('staff'), entity_id: String(household.id) });
  });

  it('a refused reveal writes nothing to the audit log', async () => {
    const cookie = await h.signIn('pm');
    const count = () => h.sql.value("select count(*) from audit_log where action = 'household.reveal'");
    const before = await count();
    expect((await h.request(`/api/households/${household.id}/reveal`, { method: 'POST', cookie })).status).toBe(403);
    expect(await count()).toBe(before);
  });

  it('the audit log shows the reveal to a system admin', async () => {
    expect(
      (await h.request(`/api/households/${household.id}/reveal`, { method: 'POST', cookie: await h.signIn('staff') }))
        .status,
    ).toBe(200);
    const res = await h.request('/api/audit?action=household.reveal', { cookie: await h.signIn('admin') });
    const body = await res.json();
    expect(body.total).toBeGreaterThan(0);
    expect(body.items[0]).toEqual(expect.objectContaining({ action: 'household.reveal', entity: 'household' }));
  });
});
