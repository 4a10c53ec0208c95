import { addDaysIso, type IsoDate } from '@frontline/core';
import { writeDutyOutcomes, type DutyOutcome } from '../bulk/seed.ts';
import { runPlan } from '../bulk/planning.ts';
import type { Db } from '../open.ts';
import { createRandom } from './random.ts';

/**
 * Demo history: the duties of the months before today, as the planner would
 * have made them then, with what became of those whose window has passed — mostly done in their
 * window, some late, missed, excused or attended by a colleague — so
 * compliance and appraisal have a past to show.
 */
export async function seedDemoHistory(
  db: Db,
  from: IsoDate,
  today: IsoDate,
  at: number,
  seed = 7,
): Promise<{ duties: number }> {
  await runPlan(
    db,
    { horizon: { from, to: addDaysIso(today, -1) }, today: from, allowUnknownYears: false },
    { actorId: null, at },
  );
  const r = createRandom(seed);
  const past = await db.kysely
    .selectFrom('duties as d')
    .innerJoin('employees as e', 'e.id', 'd.employee_id')
    .select(['d.id', 'd.employee_id', 'd.due_from', 'd.due_to', 'e.project_id', 'e.region_id', 'e.manager_id'])
    .where('d.due_to', '<', today)
    .where('d.status', 'in', ['planned', 'scheduled'])
    .orderBy('d.id')
    .execute();
  // A deputy: one of the first five active colleagues (by id) of the same region and project; `is not distinct from`
  // would be PostgreSQL's null-safe equality, so the nulls are spelled out.
  const colleaguesOf = async (d: (typeof past)[number]) =>
    (
      await db.kysely
        .selectFrom('employees')
        .select('id')
        .where('active', '=', 1)
        .where('id', '<>', d.employee_id)
        .where((eb) =>
          eb.and([
            d.region_id === null ? eb('region_id', 'is', null) : eb('region_id', '=', d.region_id),
            d.project_id === null ? eb('project_id', 'is', null) : eb('project_id', '=', d.project_id),
          ]),
        )
        .orderBy('id')
        .limit(5)
        .execute()
    ).map((e) => e.id);
  const outcomes: DutyOutcome[] = [];
  for (const d of past) {
    const span = Math.max(0, Math.round((Date.parse(d.due_to) - Date.parse(d.due_from)) / 86_400_000));
    const onTime = addDaysIso(d.due_from, r.int(0, span));
    const done = (completedOn: IsoDate, attendedBy: number, deputyId: number | null): DutyOutcome => ({
      dutyId: d.id,
      status: 'done',
      completedOn,
      attendedBy,
      deputyId,
    });
    const roll = r.next();
    if (roll < 0.78) outcomes.push(done(onTime, d.employee_id, null));
    else if (roll < 0.84) {
      const late = addDaysIso(d.due_to, r.int(1, 10));
      outcomes.push(late < today ? done(late, d.employee_id, null) : { dutyId: d.id, status: 'missed' });
    } else if (roll < 0.91) outcomes.push({ dutyId: d.id, status: 'missed' });
    else if (roll < 0.96 && d.manager_id !== null)
      outcomes.push({ dutyId: d.id, status: 'excused', approvedBy: d.manager_id });
    else {
      const deputy = r.pick(await colleaguesOf(d));
      outcomes.push(deputy === undefined ? done(onTime, d.employee_id, null) : done(onTime, deputy, deputy));
    }
  }
  await writeDutyOutcomes(db, outcomes, at);
  return { duties: outcomes.length };
}
