import { addDaysIso, type IsoDate } from '@frontline/core';
import { exclusive, type Db } from '../open.ts';
import { runPlan } from '../bulk/planning.ts';
import { createRandom } from './random.ts';

/**
 * Demo history: the duties of the months before today, as the planner would
 * have made them then, with what became of those whose window has passed — mostly done in their
 * window, some late, missed, excused or attended by a colleague — so
 * compliance and appraisal have a past to show.
 */
export async function seedDemoHistory(db: Db, from: IsoDate, today: IsoDate, at: number, seed = 7): Promise<{ duties: number }> {
  await runPlan(db, { horizon: { from, to: addDaysIso(today, -1) }, today: from, allowUnknownYears: false }, { actorId: null, at });
  const r = createRandom(seed);
  return exclusive(db, () => {
    const s = db.sqlite;
    const past = s
      .prepare(
        `select d.id, d.employee_id, d.due_from, d.due_to, e.project_id, e.region_id, e.manager_id from duties d join employees e on e.id = d.employee_id
         where d.due_to < ? and d.status in ('planned', 'scheduled') order by d.id`,
      )
      .all(today) as { id: number; employee_id: number; due_from: string; due_to: string; project_id: number | null; region_id: number | null; manager_id: number | null }[];
    const colleagues = s.prepare(`select id from employees where active = 1 and id <> ? and region_id is ? and project_id is ? limit 5`).pluck();
    const done = s.prepare(`update duties set status = 'done', completed_on = ?, attended_by = ?, deputy_id = ?, notes = '演示历史记录', updated_at = ? where id = ?`);
    const missed = s.prepare(`update duties set status = 'missed', updated_at = ? where id = ?`);
    const excused = s.prepare(`update duties set status = 'excused', reason = '年假', approved_by = ?, updated_at = ? where id = ?`);
    let changed = 0;
    for (const d of past) {
      const span = Math.max(0, Math.round((Date.parse(d.due_to) - Date.parse(d.due_from)) / 86_400_000));
      const onTime = addDaysIso(d.due_from, r.int(0, span));
      const roll = r.next();
      if (roll < 0.78) done.run(onTime, d.employee_id, null, at, d.id);
      else if (roll < 0.84) {
        const late = addDaysIso(d.due_to, r.int(1, 10));
        if (late < today) done.run(late, d.employee_id, null, at, d.id);
        else missed.run(at, d.id);
      } else if (roll < 0.91) missed.run(at, d.id);
      else if (roll < 0.96 && d.manager_id !== null) excused.run(d.manager_id, at, d.id);
      else {
        const deputy = r.pick(colleagues.all(d.employee_id, d.region_id, d.project_id) as number[]) as number | undefined;
        if (deputy === undefined) done.run(onTime, d.employee_id, null, at, d.id);
        else done.run(onTime, deputy, deputy, at, d.id);
      }
      changed++;
    }
    return { duties: changed };
  });
}
