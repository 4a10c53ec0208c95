import { dutyTitle, formFacts, type CountedRecord, type DutyKind, type DutyStatus, type IsoDate, type ScoreComponent } from '@frontline/core';
import type BetterSqlite3 from 'better-sqlite3';
import { getFormVersionSync } from './bulk/form-versions.ts';
import type { Db } from './open.ts';

/**
 * What the records behind a score were, for its explanation: duties, visits
 * and improvement actions by id. Only work facts — never a customer's name,
 * phone or address — since HR reads these too.
 */

export type DutyRecord = {
  id: number; title: string; kind: DutyKind; dueFrom: IsoDate; dueTo: IsoDate; status: DutyStatus; completedOn: IsoDate | null;
  dueName: string; attendedName: string | null;
};
export type VisitRecord = { id: number; visitedOn: IsoDate; checkpoint: number; channel: string; projectName: string; missing: { key: string; zh: string; en: string }[] };
export type ActionRecord = { id: number; title: string; planId: number; planTitle: string; dueOn: IsoDate; doneOn: IsoDate | null };

export type ExplainedRecord = CountedRecord & { duty?: DutyRecord; visit?: VisitRecord; action?: ActionRecord };

const marks = (ids: readonly number[]) => ids.map(() => '?').join(',');

function byId<T extends { id: number }>(s: BetterSqlite3.Database, sql: (marks: string) => string, ids: readonly number[]): Map<number, T> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  return new Map((s.prepare(sql(marks(unique))).all(...unique) as T[]).map((r) => [r.id, r]));
}

export async function explainRecords(db: Db, records: Record<ScoreComponent, CountedRecord[]>): Promise<Record<ScoreComponent, ExplainedRecord[]>> {
  const s = db.sqlite;
  const idsOf = (...kinds: ScoreComponent[]) => kinds.flatMap((k) => (records[k] ?? []).map((r) => r.id));

  const duties = byId<Omit<DutyRecord, 'title'> & { projectName: string | null; eventTitle: string | null }>(
    s,
    (m) => `select d.id, d.kind, d.due_from as dueFrom, d.due_to as dueTo, d.status, d.completed_on as completedOn, e.name as dueName,
                   a.name as attendedName, p.name as projectName, ev.title as eventTitle
            from duties d join employees e on e.id = d.employee_id left join employees a on a.id = d.attended_by and a.id <> d.employee_id
            left join projects p on p.id = d.project_id left join checkpoint_events ev on ev.id = d.event_id where d.id in (${m})`,
    idsOf('duties_on_time'),
  );
  const visitRows = byId<{ id: number; visitedOn: IsoDate; checkpoint: number; channel: string; projectName: string; answers: string; formVersionId: number }>(
    s,
    (m) => `select v.id, v.visited_on as visitedOn, v.checkpoint, v.channel, p.name as projectName, v.answers, v.form_version_id as formVersionId
            from visits v join projects p on p.id = v.project_id where v.id in (${m})`,
    idsOf('feedback_complete', 'customer_rating'),
  );
  const actions = byId<ActionRecord>(
    s,
    (m) => `select a.id, a.title, a.plan_id as planId, pl.title as planTitle, a.due_on as dueOn, a.done_on as doneOn
            from plan_actions a join improvement_plans pl on pl.id = a.plan_id where a.id in (${m})`,
    idsOf('actions_on_time'),
  );

  // A visit can count for completeness and for the rating: described once.
  const visits = new Map<number, VisitRecord>();
  for (const v of visitRows.values()) {
    const def = getFormVersionSync(db, v.formVersionId)!.definition;
    const missing = formFacts(def, JSON.parse(v.answers)).missing.map((key) => ({ key, ...(def.questions.find((q) => q.key === key)?.label ?? { zh: key, en: key }) }));
    visits.set(v.id, { id: v.id, visitedOn: v.visitedOn, checkpoint: v.checkpoint, channel: v.channel, projectName: v.projectName, missing });
  }

  const out = {} as Record<ScoreComponent, ExplainedRecord[]>;
  for (const [kind, list] of Object.entries(records) as [ScoreComponent, CountedRecord[]][]) {
    out[kind] = list.map((r) => {
      if (kind === 'duties_on_time') {
        const d = duties.get(r.id);
        return d ? { ...r, duty: { ...d, title: dutyTitle(d.kind, d.projectName, d.eventTitle) } } : r;
      }
      if (kind === 'actions_on_time') {
        const a = actions.get(r.id);
        return a ? { ...r, action: a } : r;
      }
      const v = visits.get(r.id);
      return v ? { ...r, visit: v } : r;
    });
  }
  return out;
}
