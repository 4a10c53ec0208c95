import { parseAppraisalPeriod, type AppraisalPeriod, type IsoDate } from '@frontline/core';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateTicketHistory, listAdjustments } from '@frontline/db';
import { createTestDatabase, factories, testSql, type TestSql } from '@frontline/db/testing';
import { explainRecords, periodScores, scoreRecords } from './scoring.ts';
import { addAdjustment, closePeriod, listSchemes, saveScheme } from './service.ts';

const AT = Date.UTC(2026, 10, 23, 2);
const TODAY = '2026-11-23';
const Q3 = parseAppraisalPeriod('2026-Q3')!;
const Q4 = parseAppraisalPeriod('2026-Q4')!;
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let sql: TestSql;
let hr: number;
let east: number;
const ctx = () => ({ actorId: hr, at: AT });

/**
 * A quarter of work to score, built afresh for every test: two regions, 60
 * people (engineering and customer-relations staff in the east, staff in the
 * west) each with duties due in Q3 in every state (on time, late, missed,
 * excused, done by a colleague), recorded visits with ratings (some
 * incomplete, some with a colleague present) and, for some, improvement
 * actions; one newcomer with nothing to score; households whose owners must
 * never show in an explanation.
 */
async function buildQuarter(): Promise<void> {
  const f = factories(db, AT);
  const eastRegion = await f.region({ code: 'EAST' });
  const westRegion = await f.region({ code: 'WEST' });
  east = eastRegion.id;
  const eastProject = await f.project(east, { code: 'P001' });
  const westProject = await f.project(westRegion.id, { code: 'P002' });
  hr = (await f.employee({ position: 'hr_admin', line: 'hr', regionId: east })).id;
  const households = [];
  for (let i = 0; i < 6; i++) households.push((await f.household(i % 2 ? westProject.id : eastProject.id)).id);
  const people: { id: number; regionId: number; projectId: number }[] = [];
  for (let i = 0; i < 60; i++) {
    const where =
      i < 50 ? { regionId: east, projectId: eastProject.id } : { regionId: westRegion.id, projectId: westProject.id };
    const line = i % 10 === 9 ? 'customer_relations' : 'engineering';
    people.push({ id: (await f.employee({ ...where, line })).id, ...where });
  }
  const day = (month: number, d: number): IsoDate =>
    `2026-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  for (const [i, p] of people.entries()) {
    const colleague = people[(i + 1) % people.length]!.id;
    const at = { employeeId: p.id, regionId: p.regionId, projectId: p.projectId };
    // Every sixth person did everything on time; the others a mix.
    await f.scoredDuty({ ...at, dueFrom: day(7, 1), dueTo: day(7, 31), completedOn: day(7, 10 + (i % 15)) });
    await f.scoredDuty({
      ...at,
      dueFrom: day(8, 1),
      dueTo: day(8, 31),
      completedOn: day(8, 5),
      householdId: households[i % households.length]!,
    });
    if (i % 6 !== 0) {
      const kind = i % 5;
      if (kind === 0) await f.scoredDuty({ ...at, dueFrom: day(9, 1), dueTo: day(9, 30), completedOn: day(10, 3) });
      if (kind === 1) await f.scoredDuty({ ...at, dueFrom: day(9, 1), dueTo: day(9, 30), status: 'missed' });
      if (kind === 2) await f.scoredDuty({ ...at, dueFrom: day(9, 1), dueTo: day(9, 30), status: 'excused' });
      if (kind === 3)
        await f.scoredDuty({
          ...at,
          dueFrom: day(9, 1),
          dueTo: day(9, 30),
          completedOn: day(9, 12),
          attendedBy: colleague,
        });
      if (kind === 4) await f.scoredDuty({ ...at, dueFrom: day(9, 1), dueTo: day(9, 30), status: 'planned' });
    }
    await f.ratedVisit({
      ...at,
      visitedOn: day(7 + (i % 3), 15),
      rating: 3 + (i % 3),
      householdId: households[i % households.length]!,
    });
    await f.ratedVisit({
      ...at,
      visitedOn: day(8, 20),
      rating: 2 + (i % 4),
      complete: i % 4 !== 0,
      ...(i % 5 === 0 ? { staffIds: [colleague] } : {}),
    });
    if (i % 4 === 1)
      await f.improvementAction({
        ownerId: p.id,
        dueOn: day(8, 15),
        doneOn: i % 8 === 1 ? day(8, 10) : null,
        ...where(p),
      });
  }
  // A newcomer with nothing to score this quarter.
  await f.employee({ regionId: east, projectId: eastProject.id });
}
const where = (p: { regionId: number; projectId: number }) => ({ regionId: p.regionId, projectId: p.projectId });

beforeEach(async () => {
  db = await createTestDatabase();
  sql = testSql(db);
  await buildQuarter();
});

/** The quarter closed as of TODAY, for tests about what a closed period keeps. */
async function closeQ3(): Promise<void> {
  expect(await closePeriod(db, Q3, TODAY, ctx())).toMatchObject({ ok: true });
}
afterEach(async () => db.cleanup());

/** Duties done on time over duties due, excused removed, straight from the table (delegation: credit the attendee). */
async function rawDutyRates(period: AppraisalPeriod): Promise<Map<number, number>> {
  const rows = await sql.all<{ who: number; on_time: number; due: number }>(
    `with facts as (
       select case when status = 'done' and attended_by is not null and attended_by <> employee_id then attended_by else employee_id end as who,
              status, due_to, completed_on from duties where due_to between ? and ?
     ), per_person as (
       select who, sum(case when status = 'done' and completed_on <= due_to then 1 else 0 end) as on_time,
              sum(case when status in ('done', 'missed') or (status in ('planned', 'scheduled', 'delegated') and due_to < ?) then 1 else 0 end) as due
       from facts group by who
     )
     select who, on_time, due from per_person where due > 0`,
    period.from,
    period.to,
    TODAY,
  );
  return new Map(rows.map((r) => [r.who, (r.on_time / r.due) * 100]));
}

describe('scoring a period', () => {
  it('the duties component equals the raw aggregation for everyone', async () => {
    const { state, rows } = await periodScores(db, Q3, TODAY);
    expect(state.status).toBe('open');
    const raw = await rawDutyRates(Q3);
    expect(raw.size).toBeGreaterThan(50);
    const scored = rows.filter((r) => r.components.find((c) => c.kind === 'duties_on_time')!.value !== null);
    expect(scored.length).toBe(raw.size);
    for (const r of scored)
      expect(r.components.find((c) => c.kind === 'duties_on_time')!.value).toBeCloseTo(raw.get(r.employeeId)!, 9);
  });

  it('ranks within region × line × position', async () => {
    const { rows } = await periodScores(db, Q3, TODAY);
    const group = rows.filter(
      (r) => r.regionId === east && r.line === 'engineering' && r.position === 'staff' && r.final !== null,
    );
    expect(group.length).toBeGreaterThan(1);
    const best = Math.max(...group.map((r) => r.final!));
    expect(group.filter((r) => r.rank === 1).every((r) => Math.abs(r.final! - best) < 0.05)).toBe(true);
    expect(group.every((r) => r.of === group.length)).toBe(true);
  });

  it('explains a score with the duties and visits it counted, never a customer’s details', async () => {
    const { rows } = await periodScores(db, Q3, TODAY);
    const someone = rows.find((r) => r.components.every((c) => c.kind === 'actions_on_time' || c.value !== null))!;
    const records = (await scoreRecords(db, Q3, someone.employeeId, TODAY))!;
    const duties = someone.components.find((c) => c.kind === 'duties_on_time')!;
    expect(records.duties_on_time!.filter((r) => ['on_time', 'late', 'missed'].includes(r.outcome)).length).toBe(
      duties.denominator,
    );
    const explained = await explainRecords(db, records);
    expect(explained.duties_on_time![0]!.duty).toMatchObject({
      title: expect.any(String),
      dueTo: expect.stringMatching(/^2026-/),
    });
    expect(explained.feedback_complete![0]!.visit).toMatchObject({ visitedOn: expect.stringMatching(/^2026-0[789]/) });
    const owners = await sql.all<{ name: string; phone: string | null }>(
      'select name, phone from household_owners order by id',
    );
    const text = JSON.stringify(explained);
    for (const o of owners.slice(0, 200)) {
      expect(text).not.toContain(o.name);
      if (o.phone) expect(text).not.toContain(o.phone);
    }
  });
});

describe('complaint handling', () => {
  it('scores (on time + first time) ÷ (2 × closed) of the tickets each person handled, from the ticket rows', async () => {
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
    await generateTicketHistory(db, { count: 600, endAt: AT, years: 1, seed: 4 });
    const from = Date.parse('2026-07-01T00:00:00+08:00');
    const to = Date.parse('2026-10-01T00:00:00+08:00');
    const raw = await sql.all<{ id: number; closed: number; points: number }>(
      `select handler_id as id, count(*) as closed,
              sum(case when closed_at <= resolve_by then 1 else 0 end)
                + sum(case when reopen_count = 0 and ever_closed_unaccepted = 0 then 1 else 0 end) as points
       from tickets where status in ('closed', 'followed_up', 'archived') and handler_id is not null and closed_at >= ? and closed_at < ?
       group by handler_id order by handler_id`,
      from,
      to,
    );
    const { rows } = await periodScores(db, Q3, TODAY);
    const checked = raw.filter((r) => rows.some((x) => x.employeeId === r.id && x.position === 'staff'));
    expect(checked.length).toBeGreaterThan(5);
    for (const r of checked) {
      const c = rows.find((x) => x.employeeId === r.id)!.components.find((k) => k.kind === 'complaint_handling')!;
      expect([c.numerator, c.denominator]).toEqual([r.points, 2 * r.closed]);
      expect(c.value).toBeCloseTo((r.points / (2 * r.closed)) * 100, 9);
    }
    const someone = checked[0]!.id;
    const records = (await scoreRecords(db, Q3, someone, TODAY))!;
    expect(records.complaint_handling).toHaveLength(checked[0]!.closed);
    const explained = await explainRecords(db, records);
    expect(explained.complaint_handling![0]!.ticket).toMatchObject({ closedAt: expect.any(Number) });
    expect(JSON.stringify(explained.complaint_handling)).not.toMatch(/reporter|phone|room/i);
  });
});

describe('closing a period', () => {
  it('refuses a period that has not ended', async () => {
    expect(await closePeriod(db, Q4, TODAY, ctx())).toMatchObject({ ok: false, error: { code: 'PERIOD_NOT_ENDED' } });
  });

  it('freezes the scores as they stood, with the scheme version, once', async () => {
    const live = await periodScores(db, Q3, TODAY);
    const closed = await closePeriod(db, Q3, TODAY, ctx());
    expect(closed).toMatchObject({ ok: true, value: { status: 'closed', asOf: TODAY, people: live.rows.length } });
    const frozen = await periodScores(db, Q3, TODAY);
    expect(frozen.rows).toEqual(live.rows);
    expect(await closePeriod(db, Q3, TODAY, ctx())).toMatchObject({ ok: false, error: { code: 'PERIOD_CLOSED' } });
    await expect(sql.run('update score_results set total = 100')).rejects.toThrow(/SCORE_FROZEN/);
    await expect(sql.run('delete from score_results')).rejects.toThrow(/SCORE_FROZEN/);
    const audit = await sql.get(`select actor_id, entity_id from audit_log where action = 'scores.close'`);
    expect(audit).toEqual({ actor_id: hr, entity_id: '2026-Q3' });
  });

  it('never changes when later data arrives (property)', async () => {
    await closeQ3();
    const before = await periodScores(db, Q3, TODAY);
    const people = before.rows.map((r) => r.employeeId);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...people),
        fc.constantFrom('done', 'missed', 'excused'),
        fc.integer({ min: 1, max: 90 }),
        async (who, status, day) => {
          const due = `2026-${String(7 + Math.floor((day - 1) / 30)).padStart(2, '0')}-${String(((day - 1) % 28) + 1).padStart(2, '0')}`;
          await sql.run(
            `insert into duties (key, kind, employee_id, period_kind, period_key, due_from, due_to, status, completed_on, updated_at) values (?, 'home_visit', ?, 'month', 'x', ?, ?, ?, ?, ?)`,
            `late-${who}-${day}-${Math.random()}`,
            who,
            due,
            due,
            status,
            status === 'done' ? due : null,
            AT,
          );
          const after = await periodScores(db, Q3, '2026-12-31');
          expect(after.rows).toEqual(before.rows);
        },
      ),
      { numRuns: 15 },
    );
    // The live score does change with such a record: the frozen one did not.
    const someone = before.rows.find((r) => r.components[0]!.value === 100)!;
    await sql.run(
      `insert into duties (key, kind, employee_id, period_kind, period_key, due_from, due_to, status, updated_at) values ('late-missed', 'home_visit', ?, 'month', 'x', '2026-08-01', '2026-08-31', 'missed', ?)`,
      someone.employeeId,
      AT,
    );
    expect((await rawDutyRates(Q3)).get(someone.employeeId)).toBeLessThan(100);
    expect(
      (await periodScores(db, Q3, TODAY)).rows.find((r) => r.employeeId === someone.employeeId)!.components[0]!.value,
    ).toBe(100);
  });

  it('takes adjustments beside the frozen score, with reason and author', async () => {
    await closeQ3();
    const { rows } = await periodScores(db, Q3, TODAY);
    const target = rows.find((r) => r.final !== null && r.final < 90)!;
    expect(await addAdjustment(db, Q3, target.employeeId, { delta: 5, reason: '客户表扬信补录' }, ctx())).toMatchObject(
      { ok: true },
    );
    const after = (await periodScores(db, Q3, TODAY)).rows.find((r) => r.employeeId === target.employeeId)!;
    expect(after.total).toBe(target.total);
    expect(after.adjustment).toBe(5);
    expect(after.final).toBeCloseTo(target.total! + 5, 9);
    expect(await listAdjustments(db, '2026-Q3', target.employeeId)).toMatchObject([
      { delta: 5, reason: '客户表扬信补录', authorId: hr },
    ]);
    expect(await addAdjustment(db, Q4, target.employeeId, { delta: 5, reason: 'x' }, ctx())).toMatchObject({
      ok: false,
      error: { code: 'PERIOD_OPEN' },
    });
    const none = rows.find((r) => r.total === null)!;
    expect(await addAdjustment(db, Q3, none.employeeId, { delta: 5, reason: 'x' }, ctx())).toMatchObject({
      ok: false,
      error: { code: 'SCORE_NONE' },
    });
  });
});

describe('schemes', () => {
  it('saving makes a new version; a closed period keeps the version it used', async () => {
    await closeQ3();
    expect(
      await saveScheme(
        db,
        'staff',
        {
          components: [
            { kind: 'duties_on_time', weight: 60 },
            { kind: 'customer_rating', weight: 30 },
          ],
          delegation: 'both',
          note: '',
        },
        ctx(),
      ),
    ).toMatchObject({
      ok: false,
      error: { fields: { components: { code: 'SCHEME_WEIGHTS_TOTAL' } } },
    });
    const saved = await saveScheme(
      db,
      'staff',
      {
        components: [
          { kind: 'customer_rating', weight: 30 },
          { kind: 'duties_on_time', weight: 70 },
        ],
        delegation: 'both',
        note: '2027 起',
      },
      ctx(),
    );
    expect(saved).toMatchObject({
      ok: true,
      value: {
        version: 2,
        components: [
          { kind: 'duties_on_time', weight: 70 },
          { kind: 'customer_rating', weight: 30 },
        ],
      },
    });
    expect((await listSchemes(db)).current.find((s) => s.position === 'staff')!.version).toBe(2);
    const q3 = await periodScores(db, Q3, TODAY);
    expect(q3.rows.filter((r) => r.position === 'staff').every((r) => r.version === 1)).toBe(true);
    const q4 = await periodScores(db, Q4, TODAY);
    expect(
      q4.rows.filter((r) => r.position === 'staff').every((r) => r.version === 2 && r.components.length === 2),
    ).toBe(true);
  });
});
