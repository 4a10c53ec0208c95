import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestDatabase, factories } from '../testing/index.ts';
import {
  describeDuties,
  describeVisits,
  listActionFacts,
  listDutyFacts,
  listScoredPeople,
  listVisitRows,
} from './score-records.ts';

const AT = Date.UTC(2026, 10, 23, 2);
const Q3 = { from: '2026-07-01', to: '2026-09-30' };
let db: Awaited<ReturnType<typeof createTestDatabase>>;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => db.cleanup());

/** Two colleagues of one project and a third elsewhere, with duties, visits and an action in and around Q3. */
async function build() {
  const f = factories(db, AT);
  const region = await f.region();
  const project = await f.project(region.id);
  const where = { regionId: region.id, projectId: project.id };
  const due = (await f.employee(where)).id;
  const deputy = (await f.employee(where)).id;
  const other = (await f.employee({ ...where, line: 'customer_relations' })).id;
  const handed = await f.scoredDuty({ employeeId: due, dueTo: '2026-08-31', attendedBy: deputy });
  const own = await f.scoredDuty({ employeeId: other, dueTo: '2026-09-30', status: 'missed' });
  await f.scoredDuty({ employeeId: due, dueTo: '2026-10-31', status: 'planned' });
  const visit = await f.ratedVisit({ employeeId: other, ...where, visitedOn: '2026-08-18', staffIds: [deputy] });
  await f.ratedVisit({ employeeId: other, ...where, visitedOn: '2026-10-02' });
  const action = await f.improvementAction({ ownerId: due, dueOn: '2026-07-15', doneOn: '2026-07-14' });
  return { due, deputy, other, handed: handed.id, own: own.id, visit: visit.id, action: action.id };
}

it('reads everything due or recorded in the period, for everyone', async () => {
  const r = await build();
  expect((await listScoredPeople(db, Q3)).map((p) => p.employeeId)).toEqual([r.due, r.deputy, r.other]);
  expect((await listDutyFacts(db, Q3)).map((d) => d.id).sort()).toEqual([r.handed, r.own].sort());
  expect(await listVisitRows(db, Q3)).toMatchObject([
    { id: r.visit, recorderId: r.other, staffIds: [r.deputy], answers: { overall: 4, issues: [] } },
  ]);
  expect(await listActionFacts(db, Q3)).toEqual([
    { id: r.action, ownerId: r.due, dueOn: '2026-07-15', doneOn: '2026-07-14' },
  ]);
});

it('narrows to one person: the duties they were due or attended, the visits they recorded or were present at', async () => {
  const r = await build();
  expect((await listScoredPeople(db, Q3, { employeeId: r.deputy })).map((p) => p.employeeId)).toEqual([r.deputy]);
  expect((await listDutyFacts(db, Q3, { employeeId: r.deputy })).map((d) => d.id)).toEqual([r.handed]);
  expect((await listVisitRows(db, Q3, { employeeId: r.deputy })).map((v) => v.id)).toEqual([r.visit]);
  expect(await listActionFacts(db, Q3, { employeeId: r.deputy })).toEqual([]);
  const engineering = await listScoredPeople(db, Q3, {
    group: { regionId: (await listScoredPeople(db, Q3))[0]!.regionId, line: 'engineering', position: 'staff' },
  });
  expect(engineering.map((p) => p.employeeId)).toEqual([r.due, r.deputy]);
});

it('describes records by work facts only', async () => {
  const r = await build();
  const duty = (await describeDuties(db, [r.handed, r.handed])).get(r.handed)!;
  expect(duty).toMatchObject({
    kind: 'home_visit',
    status: 'done',
    dueTo: '2026-08-31',
    attendedName: expect.any(String),
  });
  expect((await describeVisits(db, [r.visit])).get(r.visit)).toMatchObject({
    visitedOn: '2026-08-18',
    checkpoint: 7,
    channel: 'home_visit',
  });
  expect((await describeDuties(db, [])).size).toBe(0);
});
