import { shanghaiDate, type PlanReport } from '@frontline/core';
import { runPlan, writeAudit } from '@frontline/db';
import { handOnVerifications } from '../improvement-plans/service.ts';
import type { Context } from 'hono';
import type { AppEnv } from '../../http/context.ts';
import { auditContext } from '../../http/request-info.ts';
import type { ImportMoves } from '../imports/service.ts';
import { replanOptions, replanPersonRegion } from './service.ts';

/**
 * What a re-plan after a change did. The change itself is already committed
 * when the re-plan runs, so a failing re-plan never turns the request into a
 * failure: the answer says the change is made and the re-plan did not finish
 * (the next planning run catches up), and the failure is logged and audited.
 */
export type ReplanOutcome =
  | {
      status: 'done';
      ownership: PlanReport['ownership'];
      duties: PlanReport['duties'];
      revisits?: { moved: number; stranded: number };
      /** Planned duties whose date changed, the first few in full. */
      moved: number;
      moves: PlanReport['moves'];
    }
  | { status: 'failed'; error: string }
  /** The person belongs to no region: nothing to re-plan. */
  | null;

async function settle(
  c: Context<AppEnv>,
  work: () => Promise<(PlanReport & { revisits?: { moved: number; stranded: number } }) | null>,
): Promise<ReplanOutcome> {
  try {
    const report = await work();
    return (
      report && {
        status: 'done',
        ownership: report.ownership,
        duties: report.duties,
        moved: report.moved,
        moves: report.moves,
        ...(report.revisits ? { revisits: report.revisits } : {}),
      }
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`[${c.get('requestId') ?? '-'}] re-plan after ${c.req.method} ${c.req.path} failed`, error);
    await writeAudit(c.get('deps').db, auditContext(c), {
      action: 'schedule.replan-failed',
      entity: 'schedule',
      after: { path: c.req.path, error: message },
    }).catch((e: unknown) => console.error('could not audit the failed re-plan', e));
    return { status: 'failed', error: message };
  }
}

/**
 * Re-plans after a change that moves duties (a leaver, leave, a household
 * share, a new checkpoint event): one region, from today to the last run's
 * horizon, at once and in the request.
 */
export async function replanRegion(c: Context<AppEnv>, regionId: number): Promise<ReplanOutcome> {
  const { db, now } = c.get('deps');
  return settle(c, async () =>
    runPlan(db, { ...(await replanOptions(db, shanghaiDate(now()))), regionIds: [regionId] }, auditContext(c)),
  );
}

/**
 * The same for one person's region; only their project's households may
 * change hands. For a leaver, their open verification revisits then go to
 * whoever took over each household.
 */
export async function replanPerson(
  c: Context<AppEnv>,
  employeeId: number,
  options: { leaver?: boolean } = {},
): Promise<ReplanOutcome> {
  const { db, now, mail } = c.get('deps');
  return settle(c, async () => {
    const report = await replanPersonRegion(db, employeeId, auditContext(c), shanghaiDate(now()));
    if (!options.leaver) return report;
    const revisits = await handOnVerifications(db, employeeId, mail, auditContext(c));
    return report && { ...report, revisits };
  });
}

/**
 * After an employee import: the regions whose people moved, joined, left or
 * changed position, with household ownership rebalanced only in the projects
 * involved; the leavers' revisits go to whoever took their households.
 * Nothing to do when nobody moved.
 */
export async function replanAfterImport(c: Context<AppEnv>, affected: ImportMoves): Promise<ReplanOutcome> {
  if (affected.regionIds.length === 0) return null;
  const { db, now, mail } = c.get('deps');
  return settle(c, async () => {
    const options = await replanOptions(db, shanghaiDate(now()));
    const report = await runPlan(
      db,
      { ...options, regionIds: affected.regionIds, ownershipProjectIds: affected.projectIds },
      auditContext(c),
    );
    const revisits = { moved: 0, stranded: 0 };
    for (const id of affected.leaverIds) {
      const r = await handOnVerifications(db, id, mail, auditContext(c));
      revisits.moved += r.moved;
      revisits.stranded += r.stranded;
    }
    return { ...report, revisits };
  });
}

/** After the calendar changed: every region, from today to the plan's horizon; planned duties that no longer fit move. */
export async function replanAll(c: Context<AppEnv>): Promise<ReplanOutcome> {
  const { db, now } = c.get('deps');
  return settle(c, async () => runPlan(db, await replanOptions(db, shanghaiDate(now())), auditContext(c)));
}
