import type { IsoDate } from '../calendar/dates.ts';
import type { DutyStatus } from './lifecycle.ts';
import type { z } from 'zod';
import type { dutyMove } from './plan-report.ts';
import type { PlannedDuty } from './schedule.ts';

/**
 * Writing a new plan over the stored one. The plan is the planner's, the
 * stored duties are partly people's: a duty still `planned` follows the new
 * plan (new owner, window or proposed date); one somebody acted on
 * (scheduled, done, missed, excused, delegated) is theirs and stays as it is.
 * A planned or scheduled duty the new plan no longer has (a leaver's, a rule
 * switched off) goes, unless something hangs on it (a reception day set up,
 * a visit recorded): the store decides that last part, since only it knows.
 */

/** A stored duty of the kinds the planner makes, as reconciling needs it. */
export type StoredPlannedDuty = {
  id: number;
  key: string;
  status: DutyStatus;
  employeeId: number;
  projectId: number | null;
  dueFrom: IsoDate;
  dueTo: IsoDate;
  proposedOn: IsoDate | null;
};

/** A planned duty the run gave another date. */
export type DutyMove = z.infer<typeof dutyMove>;

export type PlanReconciliation = {
  /** Duties the store does not have yet. */
  inserts: PlannedDuty[];
  /** Stored planned duties the new plan changes, by id. */
  updates: { id: number; duty: PlannedDuty }[];
  /** Stored planned or scheduled duties the plan no longer has: to remove where nothing hangs on them. */
  removals: number[];
  /** Duties the plan has again that somebody acted on: left as they are. */
  kept: number;
  unchanged: number;
  /** Planned duties whose proposed date changed (a date, not none, before). */
  moves: DutyMove[];
};

const REMOVABLE: readonly DutyStatus[] = ['planned', 'scheduled'];

function differs(stored: StoredPlannedDuty, d: PlannedDuty): boolean {
  return (
    stored.employeeId !== d.employeeId ||
    stored.projectId !== d.projectId ||
    stored.dueFrom !== d.dueFrom ||
    stored.dueTo !== d.dueTo ||
    stored.proposedOn !== d.proposedOn
  );
}

export function reconcilePlan(stored: readonly StoredPlannedDuty[], plan: readonly PlannedDuty[]): PlanReconciliation {
  const byKey = new Map(stored.map((s) => [s.key, s]));
  const out: PlanReconciliation = { inserts: [], updates: [], removals: [], kept: 0, unchanged: 0, moves: [] };
  const planned = new Set<string>();
  for (const d of plan) {
    planned.add(d.key);
    const old = byKey.get(d.key);
    if (!old) out.inserts.push(d);
    else if (old.status !== 'planned') out.kept++;
    else if (!differs(old, d)) out.unchanged++;
    else {
      out.updates.push({ id: old.id, duty: d });
      if (old.proposedOn !== null && old.proposedOn !== d.proposedOn) {
        out.moves.push({
          dutyId: old.id,
          employeeId: d.employeeId,
          kind: d.kind,
          from: old.proposedOn,
          to: d.proposedOn,
        });
      }
    }
  }
  for (const old of stored) {
    if (planned.has(old.key) || !REMOVABLE.includes(old.status)) continue;
    out.removals.push(old.id);
  }
  return out;
}
