import { shanghaiDate } from '@frontline/core';
import { currentPlanOptions, replanRegionOf, runPlan, type PlanReport } from '@frontline/db';
import type { Context } from 'hono';
import type { AppEnv } from '../http/context.ts';
import { auditContext } from '../http/request-info.ts';

/**
 * Re-plans after a change that moves duties (a leaver, leave, a household
 * share, a new checkpoint event): one region, from today to the last run's
 * horizon, at once and in the request.
 */
export async function replanRegion(c: Context<AppEnv>, regionId: number): Promise<PlanReport> {
  const { db, now } = c.get('deps');
  return runPlan(db, { ...(await currentPlanOptions(db, shanghaiDate(now()))), regionIds: [regionId] }, auditContext(c));
}

/** The same for one person's region; only their project's households may change hands. */
export async function replanPerson(c: Context<AppEnv>, employeeId: number): Promise<PlanReport | null> {
  const { db, now } = c.get('deps');
  return replanRegionOf(db, employeeId, auditContext(c), await currentPlanOptions(db, shanghaiDate(now())));
}
