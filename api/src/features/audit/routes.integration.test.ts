import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../../testing/world.ts';

let w: World;
beforeEach(async () => {
  w = await createWorld({ plan: false, households: 1 });
});
afterEach(async () => w.cleanup());

type Entry = {
  actorId: number | null;
  actorName: string | null;
  actorNo: string | null;
  action: string;
  entity: string;
};

async function audit(query: string, headers: Record<string, string> = {}) {
  return w.request(`/api/audit?${query}`, { cookie: await w.as('admin'), headers });
}

const personOf = (id: number) =>
  w.sql.get<{ name: string; employee_no: string }>('select name, employee_no from employees where id = ?', id);

describe('the audit log', () => {
  it('names who acted, with their employee number, beside the id', async () => {
    await w.as('staff');
    await w.as('pm');
    const res = await audit('action=auth.sign-in');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { items: Entry[]; total: number };
    // staff, pm, and the admin reading the log
    expect(body.total).toBe(3);
    expect(body.items.map((e) => e.actorId).sort()).toEqual([w.id('admin'), w.id('pm'), w.id('staff')].sort());
    for (const entry of body.items) {
      const person = (await personOf(entry.actorId!))!;
      expect(entry).toMatchObject({
        action: 'auth.sign-in',
        entity: 'employee',
        actorName: person.name,
        actorNo: person.employee_no,
      });
      expect(entry.actorNo).toBeTruthy();
    }
  });

  it('filters by action and by who acted', async () => {
    const staff = await w.as('staff');
    await w.as('pm');
    expect((await w.request('/api/auth/sign-out', { method: 'POST', cookie: staff })).status).toBeLessThan(300);

    const signOuts = (await (await audit('action=auth.sign-out')).json()) as { items: Entry[]; total: number };
    expect(signOuts.total).toBe(1);
    expect(signOuts.items[0]).toMatchObject({ action: 'auth.sign-out', actorId: w.id('staff') });

    const pmSignIns = (await (await audit(`action=auth.sign-in&actorId=${w.id('pm')}`)).json()) as {
      items: Entry[];
      total: number;
    };
    expect(pmSignIns.total).toBe(1);
    expect(pmSignIns.items[0]).toMatchObject({ action: 'auth.sign-in', actorId: w.id('pm') });

    const everythingOfStaff = (await (await audit(`actorId=${w.id('staff')}`)).json()) as { items: Entry[] };
    expect(everythingOfStaff.items.map((e) => e.action).sort()).toEqual(['auth.sign-in', 'auth.sign-out']);
  });

  it('refuses an action it does not record, on the field, in the caller’s language', async () => {
    const zh = await audit('action=auth.sign-in.typo');
    expect(zh.status).toBe(422);
    expect((await zh.json()).error.fields.action).toMatch(/[\u4e00-\u9fff]/);
    const en = await audit('action=auth.sign-in.typo', { 'accept-language': 'en' });
    expect(en.status).toBe(422);
    expect((await en.json()).error.fields.action).toMatch(/^Invalid option/);
  });

  it('is for system admins only', async () => {
    expect((await w.request('/api/audit', { cookie: await w.as('cr.group') })).status).toBe(403);
  });
});
