import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_FORMS } from '../forms/defaults.ts';
import type { Position } from '../org.ts';
import { appraisalPeriodOf, parseAppraisalPeriod, periodHasEnded, previousAppraisalPeriod } from './periods.ts';
import { bandOf, distribution, rankWithinGroups } from './rank.ts';
import { checkScheme, DEFAULT_SCHEME, SCORE_COMPONENTS, type DelegationRule, type ScoreScheme } from './scheme.ts';
import { formFacts } from './feedback.ts';
import {
  adjustedTotal,
  adjustmentDeltaProblem,
  displayScore,
  scorePeople,
  weightedTotal,
  type ActionFact,
  type DutyFact,
  type ScoringInput,
  type VisitFact,
} from './score.ts';

const scheme = (delegation: DelegationRule = 'attendee', components = DEFAULT_SCHEME.components): ScoreScheme => ({
  id: 1,
  position: 'staff',
  version: 1,
  components,
  delegation,
});
const ASOF = '2026-10-05';

function input(over: Partial<ScoringInput> = {}, delegation: DelegationRule = 'attendee'): ScoringInput {
  return {
    asOf: ASOF,
    people: [
      { id: 1, position: 'staff' },
      { id: 2, position: 'staff' },
    ],
    schemes: new Map<Position, ScoreScheme>([['staff', scheme(delegation)]]),
    duties: [],
    visits: [],
    actions: [],
    ...over,
  };
}

let nextId = 1000;
const duty = (over: Partial<DutyFact> = {}): DutyFact => ({
  id: nextId++,
  employeeId: 1,
  attendedBy: null,
  status: 'done',
  dueTo: '2026-09-30',
  completedOn: '2026-09-20',
  ...over,
});

describe('appraisal periods', () => {
  it('reads the four kinds of names', () => {
    expect(parseAppraisalPeriod('2026-Q4')).toMatchObject({
      kind: 'quarter',
      from: '2026-10-01',
      to: '2026-12-31',
      name: '2026-Q4',
    });
    expect(parseAppraisalPeriod('2026-02')).toMatchObject({ kind: 'month', from: '2026-02-01', to: '2026-02-28' });
    expect(parseAppraisalPeriod('2026-H1')).toMatchObject({ kind: 'half', from: '2026-01-01', to: '2026-06-30' });
    expect(parseAppraisalPeriod('2026')).toMatchObject({ kind: 'year', from: '2026-01-01', to: '2026-12-31' });
    for (const bad of [
      '2026-Q5',
      '2026-13',
      '2026-00',
      '26-Q1',
      '2026-Q4 ',
      '2026-M11',
      '',
      '1999-Q4',
      '2100',
      '9999-Q4',
      '0000',
    ])
      expect(parseAppraisalPeriod(bad)).toBeUndefined();
  });

  it('names round-trip and the previous period crosses the year', () => {
    expect(appraisalPeriodOf('2026-11-23', 'quarter').name).toBe('2026-Q4');
    expect(previousAppraisalPeriod(parseAppraisalPeriod('2026-Q1')!).name).toBe('2025-Q4');
    expect(previousAppraisalPeriod(parseAppraisalPeriod('2026-01')!).name).toBe('2025-12');
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }),
        fc.constantFrom('quarter', 'month', 'half', 'year' as const),
        (d, kind) => {
          const iso = d.toISOString().slice(0, 10);
          const p = appraisalPeriodOf(iso, kind);
          expect(parseAppraisalPeriod(p.name)).toEqual(p);
          expect(p.from <= iso && iso <= p.to).toBe(true);
        },
      ),
    );
  });

  it('a period may be closed only after its last day', () => {
    const q3 = parseAppraisalPeriod('2026-Q3')!;
    expect(periodHasEnded(q3, '2026-09-30')).toBe(false);
    expect(periodHasEnded(q3, '2026-10-01')).toBe(true);
  });
});

describe('scoring schemes', () => {
  it('weights must total 100, once per component, whole points', () => {
    expect(checkScheme(DEFAULT_SCHEME).ok).toBe(true);
    expect(
      checkScheme({
        components: [
          { kind: 'duties_on_time', weight: 60 },
          { kind: 'customer_rating', weight: 39 },
        ],
        delegation: 'both',
      }),
    ).toMatchObject({
      ok: false,
      error: { fields: { components: { code: 'SCHEME_WEIGHTS_TOTAL', params: { total: 99 } } } },
    });
    expect(
      checkScheme({
        components: [
          { kind: 'duties_on_time', weight: 50 },
          { kind: 'duties_on_time', weight: 50 },
        ],
        delegation: 'both',
      }),
    ).toMatchObject({
      ok: false,
      error: { fields: { 'components.1.kind': 'SCHEME_DUPLICATE_COMPONENT' } },
    });
    expect(checkScheme({ components: [], delegation: 'both' })).toMatchObject({
      ok: false,
      error: { fields: { components: 'SCHEME_EMPTY' } },
    });
  });

  it('accepts a scheme exactly when its distinct whole weights total 100 (property)', () => {
    fc.assert(
      fc.property(
        fc.subarray([...SCORE_COMPONENTS], { minLength: 1 }),
        fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 4, maxLength: 4 }),
        (kinds, weights) => {
          const components = kinds.map((kind, i) => ({ kind, weight: weights[i]! }));
          const total = components.reduce((s, c) => s + c.weight, 0);
          expect(checkScheme({ components, delegation: 'attendee' }).ok).toBe(total === 100);
        },
      ),
    );
  });
});

describe('feedback facts of a form', () => {
  // The shared part of every default form: overall rating, its conditional reason, dimension ratings, the issue list.
  const def = {
    ...DEFAULT_FORMS[7],
    questions: DEFAULT_FORMS[7].questions.filter((q) => q.key !== 'household_status'),
  };
  it('is complete with required answers and an issue list, empty meaning "no issues"', () => {
    expect(formFacts(def, { overall: 4, issues: [] })).toEqual({ complete: true, missing: [], ratings: [4] });
    expect(formFacts(def, { overall: 5, service_rating: 3, issues: [{ description: '漏水' }] })).toMatchObject({
      complete: true,
      ratings: [5, 3],
    });
  });
  it('names what is missing: an unstated issue list, a required answer its condition showed', () => {
    expect(formFacts(def, { overall: 4 })).toMatchObject({ complete: false, missing: ['issues'] });
    expect(formFacts(def, { overall: 2, issues: [] })).toMatchObject({ complete: false, missing: ['overall_reason'] });
    expect(formFacts(def, { overall: 2, overall_reason: '等太久', issues: [] }).complete).toBe(true);
  });
});

describe('scoring', () => {
  it('duties: on time over due, excused out of both, open inside the window not counted', () => {
    const duties = [
      duty(),
      duty(),
      duty(),
      duty({ status: 'missed', completedOn: null }),
      duty({ status: 'excused', completedOn: null }),
      duty({ status: 'scheduled', completedOn: null, dueTo: '2026-10-20' }),
      duty({ status: 'planned', completedOn: null, dueTo: '2026-10-01' }),
      duty({ completedOn: '2026-10-02', dueTo: '2026-10-01' }),
    ];
    const s = scorePeople(input({ duties })).get(1)!;
    const c = s.components.find((x) => x.kind === 'duties_on_time')!;
    expect([c.numerator, c.denominator]).toEqual([3, 6]);
    expect(c.value).toBe(50);
    expect(c.records.map((r) => r.outcome)).toEqual([
      'on_time',
      'on_time',
      'on_time',
      'missed',
      'excused',
      'open',
      'missed',
      'late',
    ]);
  });

  it('the weights of components with nothing to count go to the others', () => {
    const s = scorePeople(input({ duties: [duty(), duty({ status: 'missed', completedOn: null })] })).get(1)!;
    expect(s.total).toBe(50);
    expect(scorePeople(input()).get(1)!.total).toBeNull();
    const visits: VisitFact[] = [{ id: 1, recorderId: 1, staffIds: [1, 2], complete: true, ratings: [5, 4] }];
    const both = scorePeople(input({ duties: [duty()], visits })).get(1)!;
    // duties 100 (40), feedback 100 (25), rating (4.5−1)/4 = 87.5 (20): (4000 + 2500 + 1750) / 85
    expect(both.total).toBeCloseTo(8250 / 85, 10);
    expect(
      scorePeople(input({ visits }))
        .get(2)!
        .components.find((c) => c.kind === 'customer_rating'),
    ).toMatchObject({ value: 87.5, records: [{ role: 'present' }] });
    expect(
      scorePeople(input({ visits }))
        .get(2)!
        .components.find((c) => c.kind === 'feedback_complete')!.value,
    ).toBeNull();
  });

  it('improvement actions: done by the due date, late, missed, not yet due', () => {
    const actions: ActionFact[] = [
      { id: 1, ownerId: 1, dueOn: '2026-09-01', doneOn: '2026-08-30' },
      { id: 2, ownerId: 1, dueOn: '2026-09-01', doneOn: '2026-09-03' },
      { id: 3, ownerId: 1, dueOn: '2026-09-01', doneOn: null },
      { id: 4, ownerId: 1, dueOn: '2026-12-01', doneOn: null },
    ];
    const c = scorePeople(input({ actions }))
      .get(1)!
      .components.find((x) => x.kind === 'actions_on_time')!;
    expect(c.records.map((r) => r.outcome)).toEqual(['on_time', 'late', 'missed', 'open']);
    expect(c.value).toBeCloseTo(100 / 3, 10);
  });

  it('a delegated duty lands by the rule HR chose', () => {
    const d = duty({ attendedBy: 2 });
    const side = (rule: DelegationRule, who: number) =>
      scorePeople(input({ duties: [d] }, rule))
        .get(who)!
        .components.find((c) => c.kind === 'duties_on_time')!;
    expect(side('attendee', 1)).toMatchObject({ value: null, records: [{ outcome: 'handed_over', role: 'due' }] });
    expect(side('attendee', 2)).toMatchObject({ value: 100, records: [{ outcome: 'on_time', role: 'attendee' }] });
    expect(side('both', 1).value).toBe(100);
    expect(side('both', 2).value).toBe(100);
    expect(side('due_person', 1).value).toBe(100);
    expect(side('due_person', 2)).toMatchObject({ value: null, records: [] });
    // A delegated duty nobody attended stays against the person due.
    const missed = scorePeople(
      input({ duties: [duty({ status: 'delegated', completedOn: null, dueTo: '2026-09-01' })] }),
    ).get(1)!;
    expect(missed.total).toBe(0);
  });

  it('people without a scheme for their position get no score', () => {
    const s = scorePeople(input({ people: [{ id: 1, position: 'hr_admin' }], duties: [duty()] }));
    expect(s.size).toBe(0);
  });

  const dutyArb = fc.record({
    id: fc.integer({ min: 1, max: 1e6 }),
    employeeId: fc.constantFrom(1, 2),
    attendedBy: fc.constantFrom(null, 1, 2),
    status: fc.constantFrom('planned', 'scheduled', 'done', 'missed', 'excused', 'delegated' as const),
    dueTo: fc.constantFrom('2026-09-15', '2026-09-30', '2026-10-05', '2026-10-20'),
    completedOn: fc.constantFrom(null, '2026-09-10', '2026-09-30', '2026-10-10'),
  });
  const visitArb = fc.record({
    id: fc.integer({ min: 1, max: 1e6 }),
    recorderId: fc.constantFrom(1, 2),
    staffIds: fc.subarray([1, 2]),
    complete: fc.boolean(),
    ratings: fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 5 }),
  });
  const actionArb = fc.record({
    id: fc.integer({ min: 1, max: 1e6 }),
    ownerId: fc.constantFrom(1, 2),
    dueOn: fc.constantFrom('2026-09-01', '2026-10-30'),
    doneOn: fc.constantFrom(null, '2026-08-01', '2026-09-20'),
  });
  const world = fc.record({
    duties: fc.array(dutyArb, { maxLength: 12 }),
    visits: fc.array(visitArb, { maxLength: 6 }),
    actions: fc.array(actionArb, { maxLength: 4 }),
    rule: fc.constantFrom('attendee', 'both', 'due_person' as const),
    person: fc.constantFrom(1, 2),
  });
  type World = typeof world extends fc.Arbitrary<infer T> ? T : never;
  const totalOf = (w: World, duties: DutyFact[]) =>
    scorePeople(input({ duties, visits: w.visits, actions: w.actions }, w.rule)).get(w.person)!.total;

  it('scores stay within 0–100 and the total within its components (property)', () => {
    fc.assert(
      fc.property(world, (w) => {
        const s = scorePeople(input({ duties: w.duties, visits: w.visits, actions: w.actions }, w.rule)).get(w.person)!;
        const values = s.components.flatMap((c) => (c.value === null ? [] : [c.value]));
        for (const v of values) expect(v >= 0 && v <= 100).toBe(true);
        if (s.total === null) expect(values).toEqual([]);
        else expect(s.total >= Math.min(...values) - 1e-9 && s.total <= Math.max(...values) + 1e-9).toBe(true);
      }),
    );
  });

  it('an excused duty never lowers anyone’s score (property)', () => {
    fc.assert(
      fc.property(world, dutyArb, (w, extra) => {
        const before = totalOf(w, w.duties);
        const after = totalOf(w, [...w.duties, { ...extra, status: 'excused' }]);
        expect(after).toBe(before);
      }),
    );
  });

  it('one more duty done on time never lowers the score of the person due (property)', () => {
    fc.assert(
      fc.property(world, (w) => {
        const before = totalOf(w, w.duties);
        const extra: DutyFact = {
          id: 2_000_000,
          employeeId: w.person,
          attendedBy: null,
          status: 'done',
          dueTo: '2026-09-30',
          completedOn: '2026-09-29',
        };
        const after = totalOf(w, [...w.duties, extra]);
        expect(after).not.toBeNull();
        if (before !== null) expect(after! >= before - 1e-9).toBe(true);
      }),
    );
  });

  it('the outcome does not depend on the order facts arrive in (property)', () => {
    fc.assert(
      fc.property(world, (w) => {
        const a = scorePeople(input({ duties: w.duties, visits: w.visits, actions: w.actions }, w.rule)).get(
          w.person,
        )!.total;
        const b = scorePeople(
          input(
            { duties: [...w.duties].reverse(), visits: [...w.visits].reverse(), actions: [...w.actions].reverse() },
            w.rule,
          ),
        ).get(w.person)!.total;
        if (a === null) expect(b).toBeNull();
        else expect(b).toBeCloseTo(a, 9);
      }),
    );
  });

  it('weighted total, display rounding and adjustments', () => {
    expect(
      weightedTotal([
        { weight: 40, value: 100 },
        { weight: 60, value: null },
      ]),
    ).toBe(100);
    expect(displayScore(87.449)).toBe(87.4);
    expect(displayScore(87.45)).toBe(87.5);
    expect(adjustedTotal(95, [3, 4])).toBe(100);
    expect(adjustedTotal(5, [-10])).toBe(0);
    expect(adjustedTotal(null, [5])).toBeNull();
    expect([2.5, -0.1, 100, 0.30000000000000004].map(adjustmentDeltaProblem)).toEqual([null, null, null, null]);
    expect([0, 0.25, -1.05].map(adjustmentDeltaProblem)).toEqual([
      'ADJUSTMENT_DELTA',
      'ADJUSTMENT_DELTA',
      'ADJUSTMENT_DELTA',
    ]);
  });
});

describe('rankings', () => {
  it('ranks within a group, ties sharing a rank and the next skipping', () => {
    const rows = [
      { g: 'a', t: 80 },
      { g: 'a', t: 92.04 },
      { g: 'a', t: 91.96 },
      { g: 'a', t: 70 },
      { g: 'b', t: 10 },
      { g: 'a', t: null },
    ];
    // 92.04 and 91.96 both read 92.0, so they tie; the person with nothing to score is not ranked.
    expect(
      rankWithinGroups(
        rows,
        (r) => r.g,
        (r) => r.t,
      ),
    ).toEqual([
      { rank: 3, of: 4 },
      { rank: 1, of: 4 },
      { rank: 1, of: 4 },
      { rank: 4, of: 4 },
      { rank: 1, of: 1 },
      { rank: null, of: 4 },
    ]);
  });

  it('a rank is one more than the number scoring strictly higher in the group (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            g: fc.constantFrom('a', 'b'),
            t: fc.option(fc.integer({ min: 0, max: 1000 }).map((x) => x / 10)),
          }),
        ),
        (rows) => {
          const ranks = rankWithinGroups(
            rows,
            (r) => r.g,
            (r) => r.t,
          );
          rows.forEach((r, i) => {
            if (r.t === null) return expect(ranks[i]!.rank).toBeNull();
            const higher = rows.filter((o) => o.g === r.g && o.t !== null && o.t > r.t!).length;
            expect(ranks[i]!.rank).toBe(higher + 1);
          });
        },
      ),
    );
  });

  it('counts people per score band and department', () => {
    expect([bandOf(59.94), bandOf(59.96), bandOf(100), bandOf(0)]).toEqual([0, 1, 4, 0]);
    expect(
      distribution(
        [
          { g: '工程', t: 95 },
          { g: '工程', t: 61 },
          { g: '营销', t: null },
        ],
        (r) => r.g,
        (r) => r.t,
      ),
    ).toEqual([{ group: '工程', counts: [0, 1, 0, 0, 1] }]);
  });
});

describe('complaint handling', () => {
  const withTickets = scheme('attendee', [
    { kind: 'duties_on_time', weight: 50 },
    { kind: 'complaint_handling', weight: 50 },
  ]);
  const ticketInput = (tickets: ScoringInput['tickets']) =>
    input({ schemes: new Map<Position, ScoreScheme>([['staff', withTickets]]), tickets });

  it('scores (on time + first time) ÷ (2 × closed) × 100 on the handler’s record', () => {
    const tickets = [
      { id: 1, handlerId: 1, onTime: true, firstTime: true },
      { id: 2, handlerId: 1, onTime: true, firstTime: false },
      { id: 3, handlerId: 1, onTime: false, firstTime: true },
      { id: 4, handlerId: 1, onTime: false, firstTime: false },
      { id: 5, handlerId: 2, onTime: true, firstTime: true },
    ];
    const s = scorePeople(ticketInput(tickets)).get(1)!;
    const c = s.components.find((x) => x.kind === 'complaint_handling')!;
    expect([c.numerator, c.denominator, c.value]).toEqual([4, 8, 50]);
    expect(c.records.map((r) => [r.id, r.role, r.outcome])).toEqual([
      [1, 'handler', 'closed_on_time_first_time'],
      [2, 'handler', 'closed_on_time'],
      [3, 'handler', 'closed_first_time'],
      [4, 'handler', 'closed_late_reopened'],
    ]);
    expect(s.total).toBe(50);
    expect(scorePeople(ticketInput(tickets)).get(2)!.total).toBe(100);
    expect(scorePeople(ticketInput([])).get(1)!.total).toBeNull();
  });

  it('stays within 0–100 and counts every ticket twice in the denominator', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.boolean()), { minLength: 1, maxLength: 30 }), (flags) => {
        const tickets = flags.map(([onTime, firstTime], i) => ({ id: i + 1, handlerId: 1, onTime, firstTime }));
        const c = scorePeople(ticketInput(tickets))
          .get(1)!
          .components.find((x) => x.kind === 'complaint_handling')!;
        const expected = flags.reduce((n, [a, b]) => n + Number(a) + Number(b), 0);
        expect(c.denominator).toBe(2 * flags.length);
        expect(c.numerator).toBe(expected);
        expect(c.value).toBeCloseTo((expected / (2 * flags.length)) * 100, 10);
      }),
    );
  });
});
