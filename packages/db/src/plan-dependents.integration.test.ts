import { afterEach, describe, expect, it } from 'vitest';
import { currentFormVersion } from './repositories/forms.ts';
import { DUTY_DEPENDENTS, runPlan, type PlanOptions } from './bulk/planning.ts';
import { factories, createTestDatabase, testDialect, testSql } from './testing/index.ts';

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
    // Each dialect names its foreign keys in its own catalogue.
    const foreignKeysToDuties =
      testDialect() === 'sqlite'
        ? `select m.name as table_name, f."from" as column_name from sqlite_master m join pragma_foreign_key_list(m.name) f
           where m.type = 'table' and f."table" = 'duties'`
        : `select kcu.table_name, kcu.column_name from information_schema.referential_constraints rc
           join information_schema.key_column_usage kcu
             on kcu.constraint_schema = rc.constraint_schema and kcu.constraint_name = rc.constraint_name
           join information_schema.key_column_usage pk
             on pk.constraint_schema = rc.unique_constraint_schema and pk.constraint_name = rc.unique_constraint_name
             and pk.ordinal_position = kcu.position_in_unique_constraint
           where pk.table_name = 'duties' and kcu.table_schema = current_schema()`;
    const referring = (await testSql(db).all<{ table_name: string; column_name: string }>(foreignKeysToDuties)).map(
      (fk) => `${fk.table_name}.${fk.column_name}`,
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
    const sql = testSql(db);
    const duties = await sql.values<number>(
      `select id from duties where employee_id = ? and status = 'planned' order by id`,
      leaver.id,
    );
    expect(duties.length).toBeGreaterThan(1);
    const version = (await currentFormVersion(db, 7))!;
    await sql.run(
      `insert into visit_drafts (client_id, employee_id, form_version_id, duty_id, payload, updated_at) values (?, ?, ?, ?, '{}', ?)`,
      '00000000-0000-4000-a000-0000000000aa',
      leaver.id,
      version.id,
      duties[0],
      AT,
    );
    await sql.run('update employees set active = 0 where id = ?', leaver.id);
    const report = await runPlan(db, options, ctx);
    const left = await sql.values<number>(
      `select id from duties where employee_id = ? and status = 'planned' order by id`,
      leaver.id,
    );
    expect(left).toEqual([duties[0]]);
    expect(report.duties.removed).toBeGreaterThan(0);
    expect(report.duties.kept).toBeGreaterThanOrEqual(1);
  });
});
