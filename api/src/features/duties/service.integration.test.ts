import { getDuty } from '@frontline/db';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { T0 } from '../../testing/harness.ts';
import { createWorld, type World } from '../../testing/world.ts';
import { completeDuty, excuseDuty, markMissed, visibleDuty } from './service.ts';

let w: World;
beforeEach(async () => {
  w = await createWorld();
});
afterEach(async () => w.cleanup());

const ctx = (actorId: number) => ({ actorId, at: T0, today: '2026-11-23' });
const firstDutyOf = (employeeId: number, kind: string) =>
  w.sql.value<number>(
    "select id from duties where employee_id = ? and kind = ? and status = 'planned' order by due_from, id limit 1",
    employeeId,
    kind,
  );

describe('the duty service', () => {
  it('shows a duty to its person and their manager, not to a colleague', async () => {
    const id = await firstDutyOf(w.id('staff'), 'home_visit');
    expect(await visibleDuty(w.db, await w.actor('staff'), id)).toBeDefined();
    expect(await visibleDuty(w.db, await w.actor('pm'), id)).toBeDefined();
    expect(await visibleDuty(w.db, await w.actor('staff.cr'), id)).toBeUndefined();
  });

  it('refuses a move on a duty read before someone else changed it, and keeps theirs', async () => {
    const stale = (await getDuty(w.db, await firstDutyOf(w.id('staff'), 'home_visit')))!;
    expect((await completeDuty(w.db, stale, { notes: '已拜访' }, await w.actor('staff'), ctx(w.id('staff')))).ok).toBe(
      true,
    );
    const late = await excuseDuty(w.db, stale, '病假', await w.actor('pm'), ctx(w.id('pm')));
    expect(late).toEqual({ ok: false, error: { code: 'CONFLICT' } });
    expect(await getDuty(w.db, stale.id)).toMatchObject({ status: 'done', reason: null });
    const audited = await w.sql.value(
      "select count(*) from audit_log where entity = 'duty' and entity_id = ?",
      String(stale.id),
    );
    expect(audited).toBe(1);
  });

  it('marks open duties past their window missed once, with one audit row', async () => {
    const open = await w.sql.value<number>(
      "select count(*) from duties where due_to < '2026-12-01' and status in ('planned','scheduled','delegated')",
    );
    expect(open).toBeGreaterThan(0);
    expect(await markMissed(w.db, '2026-12-01', { actorId: null, at: T0 })).toBe(open);
    expect(await markMissed(w.db, '2026-12-01', { actorId: null, at: T0 })).toBe(0);
    expect(await w.sql.value("select count(*) from audit_log where action = 'duties.mark_missed'")).toBe(1);
  });
});
