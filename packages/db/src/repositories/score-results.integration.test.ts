import { afterEach, beforeEach, expect, it } from 'vitest';
import { parseAppraisalPeriod } from '@frontline/core';
import { createTestDatabase, factories } from '../testing/index.ts';
import { currentSchemes } from './score-schemes.ts';
import { listScoredPeople } from './score-records.ts';
import {
  frozenRecords,
  getClosedPeriod,
  insertAdjustment,
  insertClosedPeriod,
  insertFrozenScores,
  listFrozenScores,
  type FrozenScoreInput,
} from './score-results.ts';

const AT = Date.UTC(2026, 10, 23, 2);
const Q3 = parseAppraisalPeriod('2026-Q3')!;
let db: Awaited<ReturnType<typeof createTestDatabase>>;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => db.cleanup());

/** Two people frozen in Q3: one in a region's engineering line, one at group level with no region or line. */
async function freezeTwo() {
  const f = factories(db, AT);
  const region = await f.region();
  const inRegion = (await f.employee({ regionId: region.id, line: 'engineering' })).id;
  const atGroup = (await f.employee({ regionId: null, line: null, position: 'hr_admin' })).id;
  const people = await listScoredPeople(db, Q3);
  const scheme = (await currentSchemes(db)).get('staff')!;
  const scores: FrozenScoreInput[] = people.map((p) => ({
    ...p,
    schemeId: scheme.id,
    total: p.employeeId === inRegion ? 75 : null,
    components: [
      {
        kind: 'duties_on_time',
        weight: 40,
        value: p.employeeId === inRegion ? 75 : null,
        numerator: 3,
        denominator: 4,
      },
      { kind: 'customer_rating', weight: 60, value: null, numerator: 9, denominator: 2 },
    ],
    records: {
      duties_on_time: [{ id: 7, role: 'due', outcome: 'late' }],
      customer_rating: [{ id: 8, role: 'present', outcome: 'rated', ratings: [4, 5] }],
    },
  }));
  await db.kysely.transaction().execute(async (tx) => {
    await insertClosedPeriod(tx, Q3, { asOf: '2026-11-23', people: scores.length }, { actorId: null, at: AT });
    await insertFrozenScores(tx, Q3.name, scores);
  });
  return { region: region.id, inRegion, atGroup };
}

it('keeps the records each component counted, ratings included', async () => {
  const { inRegion } = await freezeTwo();
  expect(await getClosedPeriod(db, Q3.name)).toMatchObject({
    name: Q3.name,
    asOf: '2026-11-23',
    people: 2,
    closedBy: null,
  });
  expect(await frozenRecords(db, Q3.name, inRegion)).toEqual({
    duties_on_time: [{ id: 7, role: 'due', outcome: 'late' }],
    customer_rating: [{ id: 8, role: 'present', outcome: 'rated', ratings: [4, 5] }],
  });
  expect(await frozenRecords(db, Q3.name, inRegion + 1000)).toBeUndefined();
});

it('reads a ranking group by its frozen unit, a missing region or line matching only itself', async () => {
  const { region, inRegion, atGroup } = await freezeTwo();
  const regional = await listFrozenScores(db, Q3.name, {
    group: { regionId: region, line: 'engineering', position: 'staff' },
  });
  expect(regional.map((r) => r.employeeId)).toEqual([inRegion]);
  const groupLevel = await listFrozenScores(db, Q3.name, {
    group: { regionId: null, line: null, position: 'hr_admin' },
  });
  expect(groupLevel.map((r) => r.employeeId)).toEqual([atGroup]);
  expect(groupLevel[0]).toMatchObject({ line: null, regionId: null, total: null, adjustment: null });
  expect((await listFrozenScores(db, Q3.name)).map((r) => r.components.map((c) => c.kind))).toEqual([
    ['duties_on_time', 'customer_rating'],
    ['duties_on_time', 'customer_rating'],
  ]);
});

it('sums the adjustments beside a frozen score', async () => {
  const { inRegion, atGroup } = await freezeTwo();
  await db.kysely.transaction().execute(async (tx) => {
    await insertAdjustment(tx, {
      period: Q3.name,
      employeeId: inRegion,
      delta: 2.5,
      reason: '补录',
      authorId: atGroup,
      at: AT,
    });
    await insertAdjustment(tx, {
      period: Q3.name,
      employeeId: inRegion,
      delta: -1,
      reason: '重复',
      authorId: atGroup,
      at: AT,
    });
  });
  const [row] = await listFrozenScores(db, Q3.name, { employeeId: inRegion });
  expect(row).toMatchObject({ employeeId: inRegion, total: 75, adjustment: 1.5 });
});
