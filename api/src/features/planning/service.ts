import {
  checkParticipation,
  checkRule,
  defaultHorizonEnd,
  personReplan,
  replanScope,
  type FieldCodes,
  type IsoDate,
  type CadenceRule,
  type NewCadenceRule,
  type ParticipationCell,
  type PlanReport,
} from '@frontline/core';
import {
  deleteBlackout,
  getEmployee,
  insertBlackout,
  insertEvent,
  insertRule,
  lastFinishedRun,
  Refusal,
  replaceParticipation,
  runPlan,
  unitOfWork,
  updateRule,
  writeAudit,
  type AuditContext,
  type Blackout,
  type CheckpointEvent,
  type Db,
  type NewCheckpointEvent,
  type PlanOptions,
  inTransaction,
} from '@frontline/db';

/**
 * Planning's decisions: what a planning run covers (a requested one, and the
 * re-plans between runs that follow a change), and the writes to what the
 * planner reads — cadence rules, the participation matrix, checkpoint
 * events, blackout dates — each checked by core's rules and audited in its
 * own transaction. The run itself is `runPlan` (db's bulk path).
 */

/** A run asked for on the planning screen: `months` from today or a later start. */
export function requestedRun(
  body: { from?: IsoDate | undefined; months: number; allowUnknownYears: boolean },
  today: IsoDate,
  regionId: number | null,
): PlanOptions {
  const from = body.from && body.from > today ? body.from : today;
  return {
    horizon: { from, to: defaultHorizonEnd(from, body.months) },
    today,
    allowUnknownYears: body.allowUnknownYears,
    ...(regionId === null ? {} : { regionIds: [regionId] }),
  };
}

/** Options for re-plans between full runs: today to the last run's horizon end, and its unknown-year choice. */
export async function replanOptions(db: Db, today: IsoDate): Promise<Omit<PlanOptions, 'regionIds'>> {
  return { ...replanScope(await lastFinishedRun(db), today), today };
}

/**
 * After a person leaves or joins: re-plan their region only. A leaver's
 * households move to colleagues (only those), their open duties go, and the
 * receivers pick up home-visit duties. Null for someone in no region.
 */
export async function replanPersonRegion(
  db: Db,
  employeeId: number,
  ctx: AuditContext,
  today: IsoDate,
): Promise<PlanReport | null> {
  const person = await getEmployee(db, employeeId);
  const scope = person && personReplan(person);
  if (!scope) return null;
  return runPlan(db, { ...(await replanOptions(db, today)), ...scope }, ctx);
}

/** Refuses with the rule's field problems, if any. */
function refuseProblems(problems: FieldCodes): void {
  if (Object.keys(problems).length) throw new Refusal({ code: 'VALIDATION_FAILED', fields: problems });
}

export async function createRule(db: Db, rule: NewCadenceRule, ctx: AuditContext) {
  return unitOfWork(db, async (tx) => {
    refuseProblems(checkRule(rule));
    const created = await insertRule(tx, rule, ctx.at);
    await writeAudit(tx, ctx, { action: 'rule.create', entity: 'cadence_rule', entityId: created.id, after: rule });
    return created;
  });
}

export async function changeRule(db: Db, before: CadenceRule, rule: NewCadenceRule, ctx: AuditContext) {
  return unitOfWork(db, async (tx) => {
    refuseProblems(checkRule(rule));
    const after = await updateRule(tx, before.id, rule, ctx.at);
    await writeAudit(tx, ctx, {
      action: 'rule.update',
      entity: 'cadence_rule',
      entityId: before.id,
      before,
      after: rule,
    });
    return after;
  });
}

export async function saveParticipation(db: Db, cells: readonly ParticipationCell[], ctx: AuditContext) {
  return unitOfWork(db, async (tx) => {
    refuseProblems(checkParticipation(cells));
    const before = await replaceParticipation(tx, cells);
    await writeAudit(tx, ctx, {
      action: 'participation.update',
      entity: 'checkpoint_participation',
      before,
      after: cells,
    });
  });
}

export async function createEvent(db: Db, event: NewCheckpointEvent, ctx: AuditContext): Promise<CheckpointEvent> {
  return inTransaction(db, async (tx) => {
    const created = await insertEvent(tx, event, ctx);
    await writeAudit(tx, ctx, {
      action: 'event.create',
      entity: 'checkpoint_event',
      entityId: created.id,
      after: event,
    });
    return created;
  });
}

export async function addBlackout(db: Db, blackout: Omit<Blackout, 'id'>, ctx: AuditContext): Promise<Blackout> {
  return inTransaction(db, async (tx) => {
    const created = await insertBlackout(tx, blackout);
    await writeAudit(tx, ctx, {
      action: 'blackout.create',
      entity: 'project',
      entityId: blackout.projectId,
      after: blackout,
    });
    return created;
  });
}

export async function removeBlackout(db: Db, blackout: Blackout, ctx: AuditContext): Promise<void> {
  await inTransaction(db, async (tx) => {
    await deleteBlackout(tx, blackout.id);
    await writeAudit(tx, ctx, {
      action: 'blackout.delete',
      entity: 'project',
      entityId: blackout.projectId,
      before: blackout,
    });
  });
}
