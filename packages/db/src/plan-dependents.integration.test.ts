import { afterEach, describe, expect, it } from 'vitest';
import { currentFormVersion } from './repositories/forms.ts';
import { DUTY_DEPENDENTS, runPlan, type PlanOptions } from './bulk/planning.ts';
import { factories, createTestDatabase } from './testing/index.ts';

const AT = Date.UTC(2026, 10, 23, 2);
const TODAY = '2026-11-23';
const options: PlanOptions = { horizon: { from: TODAY, to: '2027-11-22' }, today: TODAY, allowUnknownYears: false };
const ctx = { actorId: null, at: AT };

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function database() {
  const db = await createTestDatabase();
  cleanups.push(db.cleanup);
  return db;
}

describe('what the planner may remove', () => {
  it('knows every table that refers to a duty', async () => {
    const db = await database();
    const tables = db.sqlite.prepare(`select name from sqlite_master where type = 'table'`).pluck().all() as string[];
    const referring = tables.flatMap((table) =>
      (
        db.sqlite.prepare(`select "table" as target, "from" as column from pragma_foreign_key_list(?)`).all(table) as {
          target: string;
          column: string;
        }[]
      )
        .filter((fk) => fk.target === 'duties')
        .map((fk) => `${table}.${fk.column}`),
    );
    expect(referring.sort()).toEqual(DUTY_DEPENDENTS.map((d) => `${d.table}.${d.column}`).sort());
  });
});

describe('a planning run', () => {
  it('keeps a planned duty that a draft hangs on when its person leaves, and removes the others', async () => {
    const db = await database();
    const f = factories(db);
    const region = await f.region();
    const project = await f.project(region.id);
    const leaver = await f.employee({ regionId: region.id, projectId: project.id });
    await f.employee({ regionId: region.id, projectId: project.id });
    for (let i = 0; i < 4; i++) await f.household(project.id);
    await runPlan(db, options, ctx);
    const duties = db.sqlite
      .prepare(`select id from duties where employee_id = ? and status = 'planned' order by id`)
      .pluck()
      .all(leaver.id) as number[];
    expect(duties.length).toBeGreaterThan(1);
    const version = (await currentFormVersion(db, 7))!;
    db.sqlite
      .prepare(
        `insert into visit_drafts (client_id, employee_id, form_version_id, duty_id, payload, updated_at) values (?, ?, ?, ?, '{}', ?)`,
      )
      .run('00000000-0000-4000-a000-0000000000aa', leaver.id, version.id, duties[0], AT);
    db.sqlite.prepare('update employees set active = 0 where id = ?').run(leaver.id);
    const report = await runPlan(db, options, ctx);
    const left = db.sqlite
      .prepare(`select id from duties where employee_id = ? and status = 'planned'`)
      .pluck()
      .all(leaver.id);
    expect(left).toEqual([duties[0]]);
    expect(report.duties.removed).toBeGreaterThan(0);
    expect(report.duties.kept).toBeGreaterThanOrEqual(1);
  });
});
