import { parseAppraisalPeriod, type IsoDate } from '@frontline/core';
import { generateTicketHistory, inTransaction, scoreInputsVersion } from '@frontline/db';
import { createTestDatabase, factories, openSecondConnection, testSql, type TestSql } from '@frontline/db/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { periodScores, wholePeriodScores, type ScoreRow, type WholePeriod } from './scoring.ts';
import { addAdjustment, closePeriod, saveScheme } from './service.ts';

/**
 * A period's scores are remembered under the version of their inputs that
 * the database's triggers keep (migration 018): after every kind of write
 * that can change a score — duties, visits and who was at them, improvement
 * actions, tickets, schemes, people and their places, closing and adjusting
 * — the remembered scores are those a fresh scoring gives, whichever
 * connection wrote; without a write they are not scored again.
 */
const AT = Date.UTC(2026, 10, 23, 2);
const TODAY = '2026-11-23';
const Q3 = parseAppraisalPeriod('2026-Q3')!;
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let sql: TestSql;
let hr: number;
let east: number;
let people: number[];
let duties: number[];
let visits: number[];
let actions: number[];
const ctx = () => ({ actorId: hr, at: AT });

const day = (month: number, d: number): IsoDate =>
  `2026-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

beforeEach(async () => {
  db = await createTestDatabase();
  sql = testSql(db);
  const f = factories(db, AT);
  east = (await f.region({ code: 'EAST' })).id;
  const project = (await f.project(east, { code: 'P001' })).id;
  hr = (await f.employee({ position: 'hr_admin', line: 'hr', regionId: east })).id;
  people = [];
  duties = [];
  visits = [];
  actions = [];
  for (let i = 0; i < 4; i++) {
    const id = (await f.employee({ regionId: east, projectId: project })).id;
    people.push(id);
    const at = { employeeId: id, regionId: east, projectId: project };
    duties.push((await f.scoredDuty({ ...at, dueFrom: day(8, 1), dueTo: day(8, 31), completedOn: day(8, 10) })).id);
    await f.scoredDuty({ ...at, dueFrom: day(9, 1), dueTo: day(9, 30), completedOn: day(9, 5 + i) });
    visits.push((await f.ratedVisit({ ...at, visitedOn: day(8, 15), rating: 3 + (i % 3) })).id);
    actions.push((await f.improvementAction({ ownerId: id, dueOn: day(9, 20), doneOn: day(9, 10) })).id);
  }
}, 60_000);
afterEach(async () => db.cleanup());

/** The remembered scores, checked against a fresh scoring of the same records. */
async function remembered(today: IsoDate = TODAY): Promise<WholePeriod> {
  const found = await wholePeriodScores(db, Q3, today);
  const live = await periodScores(db, Q3, today);
  expect(found.rows).toEqual(live.rows);
  expect(found.state).toEqual(live.state);
  return found;
}

const rowOf = (w: WholePeriod, employeeId: number): ScoreRow => w.rows.find((r) => r.employeeId === employeeId)!;
const component = (w: WholePeriod, employeeId: number, kind: string) =>
  rowOf(w, employeeId).components.find((c) => c.kind === kind)!;

describe('remembered scores', () => {
  it('are scored once while nothing changes, concurrent reads sharing one scoring', async () => {
    const [a, b] = await Promise.all([wholePeriodScores(db, Q3, TODAY), wholePeriodScores(db, Q3, TODAY)]);
    expect(b).toBe(a);
    expect(await wholePeriodScores(db, Q3, TODAY)).toBe(a);
    // The list order: region, line, position, rank, person (staff of engineering, then HR).
    const staff = a.listed.filter((r) => r.position === 'staff');
    expect(staff.map((r) => r.rank)).toEqual(staff.map((r) => r.rank).sort((x, y) => x! - y!));
    expect(a.listed.at(-1)!.employeeId).toBe(hr);
    // A unit of work rolled back leaves the version, and so the remembered scores, as they were.
    await expect(
      inTransaction(db, async (tx) => {
        await tx.updateTable('duties').set({ status: 'missed', completed_on: null }).execute();
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await wholePeriodScores(db, Q3, TODAY)).toBe(a);
    // A write scoring does not read (a sign-in's language) does not score again either.
    await sql.run(`update employees set language = 'en' where id = ?`, people[0]);
    expect(await wholePeriodScores(db, Q3, TODAY)).toBe(a);
  });

  it('follow a duty done, missed or handed to a colleague', async () => {
    const before = await remembered();
    expect(component(before, people[0]!, 'duties_on_time').value).toBe(100);
    await sql.run(
      `update duties set status = 'missed', completed_on = null, attended_by = null where id = ?`,
      duties[0],
    );
    const missed = await remembered();
    expect(missed).not.toBe(before);
    expect(component(missed, people[0]!, 'duties_on_time').value).toBe(50);
    await sql.run(
      `update duties set status = 'done', completed_on = ?, attended_by = ? where id = ?`,
      day(8, 12),
      people[1],
      duties[0],
    );
    const delegated = await remembered();
    expect(component(delegated, people[1]!, 'duties_on_time').denominator).toBe(3);
    await sql.run(`delete from duties where id = ?`, duties[0]);
    expect(component(await remembered(), people[0]!, 'duties_on_time').denominator).toBe(1);
  });

  it('follow a visit recorded, its answers changed, and a colleague present', async () => {
    const before = await remembered();
    await factories(db, AT).ratedVisit({
      employeeId: people[0]!,
      projectId: rowOf(before, people[0]!).projectId!,
      regionId: east,
      visitedOn: day(9, 2),
      rating: 1,
    });
    const recorded = await remembered();
    expect(component(recorded, people[0]!, 'customer_rating').value).toBeLessThan(
      component(before, people[0]!, 'customer_rating').value!,
    );
    const answers = JSON.parse(await sql.value<string>(`select answers from visits where id = ?`, visits[1]));
    delete answers.issues;
    await sql.run(`update visits set answers = ? where id = ?`, JSON.stringify(answers), visits[1]);
    expect(component(await remembered(), people[1]!, 'feedback_complete').value).toBe(0);
    await sql.run(`insert into visit_staff (visit_id, employee_id) values (?, ?)`, visits[2], people[3]);
    const present = await remembered();
    expect(component(present, people[3]!, 'customer_rating').denominator).toBe(
      component(before, people[3]!, 'customer_rating').denominator + 5,
    );
  });

  it('follow an improvement action done late', async () => {
    const before = await remembered();
    expect(component(before, people[2]!, 'actions_on_time').value).toBe(100);
    await sql.run(`update plan_actions set done_on = ? where id = ?`, day(9, 28), actions[2]);
    expect(component(await remembered(), people[2]!, 'actions_on_time').value).toBe(0);
  });

  it('follow a scheme saved, and a ticket reopened', async () => {
    const before = await remembered();
    const saved = await saveScheme(
      db,
      'staff',
      {
        components: [
          { kind: 'duties_on_time', weight: 60 },
          { kind: 'complaint_handling', weight: 40 },
        ],
        delegation: 'attendee',
        note: '加入投诉报修处理',
      },
      ctx(),
    );
    expect(saved.ok).toBe(true);
    const schemed = await remembered();
    expect(rowOf(schemed, people[0]!).version).toBe(rowOf(before, people[0]!).version + 1);
    const f = factories(db, AT);
    for (let i = 0; i < 3; i++) await f.household(rowOf(before, people[0]!).projectId!);
    await generateTicketHistory(db, { count: 200, endAt: AT, years: 1, seed: 4 });
    const ticketed = await remembered();
    const from = Date.parse('2026-07-01T00:00:00+08:00');
    const to = Date.parse('2026-10-01T00:00:00+08:00');
    const handled = await sql.get<{ id: number; handler_id: number }>(
      `select t.id, t.handler_id from tickets t join employees e on e.id = t.handler_id
       where t.status in ('closed', 'followed_up', 'archived') and t.closed_at >= ? and t.closed_at < ?
         and t.reopen_count = 0 and t.ever_closed_unaccepted = 0 and e.position = 'staff' order by t.id limit 1`,
      from,
      to,
    );
    expect(handled).toBeDefined();
    const counted = component(ticketed, handled!.handler_id, 'complaint_handling');
    await sql.run(`update tickets set reopen_count = 1 where id = ?`, handled!.id);
    expect(component(await remembered(), handled!.handler_id, 'complaint_handling').numerator).toBe(
      counted.numerator - 1,
    );
  });

  it('follow a person leaving, moving position, and their region renamed', async () => {
    const before = await remembered();
    expect(before.rows).toHaveLength(5);
    await sql.run(`update employees set active = 0, left_on = ? where id = ?`, day(6, 30), people[3]);
    expect((await remembered()).rows).toHaveLength(4);
    await sql.run(`update employees set position = 'project_head' where id = ?`, people[2]);
    expect(rowOf(await remembered(), people[2]!)).toMatchObject({ position: 'project_head', rank: 1, of: 1 });
    await sql.run(`update regions set name = '华东新区' where id = ?`, east);
    expect(rowOf(await remembered(), people[0]!).regionName).toBe('华东新区');
  });

  it('follow the period closed and a frozen score adjusted', async () => {
    const open = await remembered();
    expect(open.state.status).toBe('open');
    expect((await closePeriod(db, Q3, TODAY, ctx())).ok).toBe(true);
    const closed = await remembered();
    expect(closed.state.status).toBe('closed');
    expect(closed.rows).toEqual(open.rows);
    const total = rowOf(closed, people[1]!).total!;
    expect((await addAdjustment(db, Q3, people[1]!, { delta: -5, reason: '复核扣分' }, ctx())).ok).toBe(true);
    expect(rowOf(await remembered(), people[1]!)).toMatchObject({ total, adjustment: -5, final: total - 5 });
  });

  it('follow a write made through another connection, as another app server would', async () => {
    const before = await remembered();
    const other = await openSecondConnection(db);
    try {
      const version = await scoreInputsVersion(db);
      await testSql(other).run(
        `update duties set status = 'missed', completed_on = null, attended_by = null where id = ?`,
        duties[1],
      );
      expect(await scoreInputsVersion(db)).not.toBe(version);
      const after = await remembered();
      expect(after).not.toBe(before);
      expect(component(after, people[1]!, 'duties_on_time').value).toBe(50);
    } finally {
      await other.close();
    }
  });

  it('are scored again on another day: what is due depends on it', async () => {
    await sql.run(
      `update duties set status = 'planned', completed_on = null, attended_by = null where id = ?`,
      duties[0],
    );
    // Not yet due in the period's last days; due (and not done) once the day has passed.
    const early = await remembered(day(8, 20));
    const late = await remembered(TODAY);
    expect(late).not.toBe(early);
    expect(component(early, people[0]!, 'duties_on_time')).toMatchObject({ denominator: 1, numerator: 1 });
    expect(component(late, people[0]!, 'duties_on_time')).toMatchObject({ denominator: 2, numerator: 1 });
  });
});
