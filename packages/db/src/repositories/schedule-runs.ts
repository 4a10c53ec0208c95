import { planReport, type DateRange, type IsoDate, type PlanReport } from '@frontline/core';
import type { Selectable } from 'kysely';
import { z } from 'zod';
import { jsonArrayHas } from '../dialect/index.ts';
import type { ScheduleRunTable } from '../schema.ts';
import { executorOf, type Reader } from '../unit-of-work.ts';
import { oneOf } from './columns.ts';
import { liveLease } from './leases.ts';

/** Planning runs: one row each, its progress while it runs, then its report or why it failed. */

export const SCHEDULE_RUN_STATUSES = ['running', 'done', 'failed'] as const;

export type ScheduleRun = {
  id: number;
  status: (typeof SCHEDULE_RUN_STATUSES)[number];
  horizonFrom: IsoDate;
  horizonTo: IsoDate;
  allowUnknownYears: boolean;
  done: number;
  total: number;
  report: PlanReport | null;
  /** The regions it planned; null: every region. */
  regionIds: number[] | null;
  /** Why it failed, for a failed run. */
  error: string | null;
  actorId: number | null;
  startedAt: number;
  finishedAt: number | null;
};

const regionIdList = z.array(z.number().int());

function toRun(r: Selectable<ScheduleRunTable>): ScheduleRun {
  return {
    id: r.id,
    status: oneOf(SCHEDULE_RUN_STATUSES, r.status, 'schedule_runs.status'),
    horizonFrom: r.horizon_from,
    horizonTo: r.horizon_to,
    allowUnknownYears: r.allow_unknown_years === 1,
    done: r.done,
    total: r.total,
    report: r.report_json === null ? null : planReport.parse(JSON.parse(r.report_json)),
    regionIds: r.region_ids === null ? null : regionIdList.parse(JSON.parse(r.region_ids)),
    error: r.error,
    actorId: r.actor_id,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
  };
}

/** Recent runs; with `regionId`, the runs that covered that region (its own and group-wide ones). */
export async function listScheduleRuns(
  x: Reader,
  filter: { regionId?: number } = {},
  limit = 20,
): Promise<ScheduleRun[]> {
  let q = executorOf(x).selectFrom('schedule_runs').selectAll();
  if (filter.regionId !== undefined) {
    const regionId = filter.regionId;
    q = q.where((eb) =>
      eb.or([eb('region_ids', 'is', null), jsonArrayHas(executorOf(x), eb.ref('region_ids'), regionId)]),
    );
  }
  return (await q.orderBy('id', 'desc').limit(limit).execute()).map(toRun);
}

export async function getScheduleRun(x: Reader, id: number): Promise<ScheduleRun | undefined> {
  const row = await executorOf(x).selectFrom('schedule_runs').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toRun(row);
}

/** The last run that finished: re-plans between full runs follow its horizon. */
export async function lastFinishedRun(
  x: Reader,
): Promise<{ horizonTo: IsoDate; allowUnknownYears: boolean } | undefined> {
  const row = await executorOf(x)
    .selectFrom('schedule_runs')
    .select(['horizon_to', 'allow_unknown_years'])
    .where('status', '=', 'done')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return row && { horizonTo: row.horizon_to, allowUnknownYears: row.allow_unknown_years === 1 };
}

export async function insertScheduleRun(
  x: Reader,
  options: { horizon: DateRange; allowUnknownYears: boolean; regionIds?: readonly number[] },
  by: { actorId: number | null; at: number; holder?: string },
): Promise<number> {
  const { id } = await executorOf(x)
    .insertInto('schedule_runs')
    .values({
      status: 'running',
      horizon_from: options.horizon.from,
      horizon_to: options.horizon.to,
      allow_unknown_years: options.allowUnknownYears ? 1 : 0,
      done: 0,
      total: 0,
      actor_id: by.actorId,
      started_at: by.at,
      region_ids: options.regionIds ? JSON.stringify([...options.regionIds]) : null,
      holder: by.holder ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function updateScheduleRun(
  x: Reader,
  id: number,
  change: {
    done?: number;
    total?: number;
    status?: ScheduleRun['status'];
    report?: PlanReport | null;
    error?: string;
    finishedAt?: number;
  },
): Promise<void> {
  await executorOf(x)
    .updateTable('schedule_runs')
    .set({
      ...(change.done === undefined ? {} : { done: change.done }),
      ...(change.total === undefined ? {} : { total: change.total }),
      ...(change.status ? { status: change.status } : {}),
      ...(change.report === undefined
        ? {}
        : { report_json: change.report === null ? null : JSON.stringify(change.report) }),
      ...(change.finishedAt === undefined ? {} : { finished_at: change.finishedAt }),
      ...(change.error === undefined ? {} : { error: change.error }),
    })
    .where('id', '=', id)
    .execute();
}

/** The lease a planning run is held under: one run at a time across every app server. */
export const PLANNING_LEASE = 'planning';

/**
 * Runs left 'running' by a server that stopped are marked failed: every
 * running run but those of the server that holds the planning lease now (it
 * is alive, renewing it). Called at start-up and whenever a server takes the
 * lease to start a run.
 */
export async function failInterruptedRuns(x: Reader, at: number): Promise<number> {
  const live = await liveLease(x, PLANNING_LEASE, at);
  let q = executorOf(x)
    .updateTable('schedule_runs')
    .set({ status: 'failed', finished_at: at, error: 'interrupted: the server stopped during the run' })
    .where('status', '=', 'running');
  if (live) q = q.where((eb) => eb.or([eb('holder', 'is', null), eb('holder', '!=', live.holder)]));
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}
