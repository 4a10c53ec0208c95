import type { DutyStatus, IsoDate } from '@frontline/core';
import { currentFormVersion } from '../repositories/forms.ts';
import type { Db } from '../open.ts';

/**
 * Factories for the records appraisal scores count: duties in any state,
 * recorded home visits with ratings (complete or not, with colleagues
 * present), and improvement actions. Rows as the app leaves them; only the
 * columns scoring and its explanations read are chosen by the test.
 */
export function scoreFactories(db: Db, at: number) {
  let n = 0;
  const next = () => ++n;
  return {
    /** A home-visit duty due in [dueFrom, dueTo] (one day by default); `attendedBy` someone else for a deputy's visit. */
    async scoredDuty(o: {
      employeeId: number;
      dueTo: IsoDate;
      dueFrom?: IsoDate;
      status?: DutyStatus;
      completedOn?: IsoDate | null;
      attendedBy?: number | null;
      regionId?: number | null;
      projectId?: number | null;
      householdId?: number | null;
    }) {
      const status = o.status ?? 'done';
      const done = status === 'done';
      return db.kysely
        .insertInto('duties')
        .values({
          key: `score-duty-${next()}`,
          kind: 'home_visit',
          employee_id: o.employeeId,
          region_id: o.regionId ?? null,
          project_id: o.projectId ?? null,
          period_kind: 'month',
          period_key: o.dueTo.slice(0, 7),
          due_from: o.dueFrom ?? o.dueTo,
          due_to: o.dueTo,
          household_id: o.householdId ?? null,
          status,
          deputy_id: o.attendedBy ?? null,
          attended_by: done ? (o.attendedBy ?? o.employeeId) : null,
          completed_on: done ? (o.completedOn ?? o.dueTo) : null,
          updated_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
    },
    /**
     * A recorded home visit (checkpoint 7) with its five ratings; `complete:
     * false` leaves its issue list unstated, which makes the form incomplete.
     */
    async ratedVisit(o: {
      employeeId: number;
      projectId: number;
      regionId: number;
      visitedOn: IsoDate;
      rating?: number;
      complete?: boolean;
      staffIds?: number[];
      householdId?: number;
    }) {
      const version = (await currentFormVersion(db, 7))!;
      const rating = o.rating ?? 4;
      const answers: Record<string, unknown> = {
        overall: rating,
        household_status: 'living',
        product_rating: rating,
        engineering_rating: rating,
        service_rating: rating,
        organisation_rating: rating,
        nps: 8,
      };
      if (o.complete !== false) answers.issues = [];
      const k = next();
      const { id } = await db.kysely
        .insertInto('visits')
        .values({
          client_id: `00000000-0000-4000-a000-${String(k).padStart(12, '0')}`,
          employee_id: o.employeeId,
          duty_id: null,
          booking_id: null,
          checkpoint: 7,
          form_version_id: version.id,
          project_id: o.projectId,
          region_id: o.regionId,
          channel: 'home_visit',
          visited_on: o.visitedOn,
          visited_at: '10:00',
          answers: JSON.stringify(answers),
          issue_count: 0,
          created_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (o.householdId !== undefined)
        await db.kysely.insertInto('visit_households').values({ visit_id: id, household_id: o.householdId }).execute();
      for (const employeeId of o.staffIds ?? [])
        await db.kysely.insertInto('visit_staff').values({ visit_id: id, employee_id: employeeId }).execute();
      return { id };
    },
    /** An improvement action owned by someone, due on a day, done or not, in a plan of its own. */
    async improvementAction(o: {
      ownerId: number;
      dueOn: IsoDate;
      doneOn?: IsoDate | null;
      projectId?: number | null;
      regionId?: number | null;
    }) {
      const category = await db.kysely
        .selectFrom('issue_categories')
        .select('id')
        .where('code', '=', 'leaks')
        .executeTakeFirstOrThrow();
      const issue = await db.kysely
        .insertInto('common_issues')
        .values({
          status: 'confirmed',
          category_id: category.id,
          dimension: 'engineering',
          title: '漏水',
          keywords: '[]',
          scope: 'project',
          reason: '{}',
          merged_into: null,
          dismiss_reason: null,
          reviewed_by: null,
          reviewed_at: null,
          created_at: at,
          updated_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const plan = await db.kysely
        .insertInto('improvement_plans')
        .values({
          common_issue_id: issue.id,
          kind: 'targeted',
          title: '返修',
          description: '返修',
          owner_line: 'engineering',
          owner_id: o.ownerId,
          project_id: o.projectId ?? null,
          region_id: o.regionId ?? null,
          sample_size: 1,
          status: 'in_progress',
          closed_on: null,
          created_by: null,
          created_at: at,
          updated_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return db.kysely
        .insertInto('plan_actions')
        .values({
          plan_id: plan.id,
          title: `整改措施${next()}`,
          owner_id: o.ownerId,
          due_on: o.dueOn,
          done_on: o.doneOn ?? null,
          done_by: o.doneOn ? o.ownerId : null,
          created_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
    },
  };
}
