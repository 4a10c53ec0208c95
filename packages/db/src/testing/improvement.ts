import type { Db } from '../open.ts';
import {
  insertImprovementPlan,
  insertVerificationRevisit,
  saveImprovementPlanRound,
  saveImprovementPlanStatus,
} from '../repositories/improvement-plans.ts';

/** Factories for improvement plans, spread into `factories()`. */
export function improvementFactories(db: Db, at: number) {
  return {
    /**
     * A plan awaiting verification with one revisit of `householdId` owed by
     * `verifierId`, as a submitted plan leaves it: a confirmed leak issue, a
     * targeted plan on the project, its first round open.
     */
    async awaitingVerification(o: {
      ownerId: number;
      verifierId: number;
      householdId: number;
      regionId: number;
      projectId: number;
      dueTo: string;
    }) {
      return db.kysely.transaction().execute(async (tx) => {
        const category = await tx
          .selectFrom('issue_categories')
          .select('id')
          .where('code', '=', 'leaks')
          .executeTakeFirstOrThrow();
        const issue = await tx
          .insertInto('common_issues')
          .values({
            status: 'confirmed',
            category_id: category.id,
            dimension: 'engineering',
            title: '漏水',
            keywords: '[]',
            scope: 'project',
            reason: '{}',
            created_at: at,
            updated_at: at,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const planId = await insertImprovementPlan(
          tx,
          {
            commonIssueId: issue.id,
            kind: 'targeted',
            title: '返修',
            description: '返修',
            cause: '',
            standardChange: '',
            ownerLine: 'engineering',
            ownerId: o.ownerId,
            projectId: o.projectId,
            regionId: o.regionId,
            sampleSize: 1,
          },
          { actorId: null, at },
        );
        await saveImprovementPlanStatus(tx, planId, { from: 'draft', to: 'awaiting_verification', closedOn: null }, at);
        await saveImprovementPlanRound(tx, planId, 1);
        const dutyId = await insertVerificationRevisit(
          tx,
          {
            planId,
            round: 1,
            householdId: o.householdId,
            employeeId: o.verifierId,
            regionId: o.regionId,
            projectId: o.projectId,
            dueFrom: o.dueTo,
            dueTo: o.dueTo,
          },
          at,
        );
        return { planId, dutyId };
      });
    },
  };
}
