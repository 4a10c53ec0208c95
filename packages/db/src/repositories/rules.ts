import {
  LINES,
  PERIOD_KINDS,
  POSITIONS,
  RULE_KINDS,
  RULE_PLACES,
  type CadenceRule,
  type NewCadenceRule,
  type ParticipationCell,
} from '@frontline/core';
import type { Selectable } from 'kysely';
import type { Database } from '../schema.ts';
import { executorOf, type Executor, type Reader } from '../unit-of-work.ts';
import { oneOf, oneOfOrNull } from './columns.ts';

/** Cadence rules and the checkpoint participation matrix: the planner's settings, which customer relations edits. */

function toRule(r: Selectable<Database['cadence_rules']>): CadenceRule {
  return {
    id: r.id,
    name: r.name,
    kind: oneOf(RULE_KINDS, r.kind, 'cadence_rules.kind'),
    position: oneOf(POSITIONS, r.position, 'cadence_rules.position'),
    line: oneOfOrNull(LINES, r.line, 'cadence_rules.line'),
    period: oneOf(PERIOD_KINDS, r.period, 'cadence_rules.period'),
    place: oneOf(RULE_PLACES, r.place, 'cadence_rules.place'),
    perPeriod: r.per_period,
    active: r.active === 1,
  };
}

const columns = (r: NewCadenceRule, at: number) => ({
  name: r.name,
  kind: r.kind,
  position: r.position,
  line: r.line,
  period: r.period,
  place: r.place,
  per_period: r.perPeriod,
  active: r.active ? 1 : 0,
  updated_at: at,
});

export async function listRules(x: Reader): Promise<CadenceRule[]> {
  return (await executorOf(x).selectFrom('cadence_rules').selectAll().orderBy('id').execute()).map(toRule);
}

export async function getRule(x: Reader, id: number): Promise<CadenceRule | undefined> {
  const row = await executorOf(x).selectFrom('cadence_rules').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toRule(row);
}

export async function insertRule(tx: Executor, rule: NewCadenceRule, at: number): Promise<CadenceRule> {
  return toRule(
    await tx.insertInto('cadence_rules').values(columns(rule, at)).returningAll().executeTakeFirstOrThrow(),
  );
}

export async function updateRule(tx: Executor, id: number, rule: NewCadenceRule, at: number): Promise<CadenceRule> {
  return toRule(
    await tx
      .updateTable('cadence_rules')
      .set(columns(rule, at))
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow(),
  );
}

export async function listParticipation(x: Reader): Promise<ParticipationCell[]> {
  const rows = await executorOf(x)
    .selectFrom('checkpoint_participation')
    .selectAll()
    .orderBy('checkpoint')
    .orderBy('line')
    .execute();
  return rows.map((r) => ({
    checkpoint: r.checkpoint,
    line: oneOf(LINES, r.line, 'checkpoint_participation.line'),
    householdsPerStaff: r.households_per_staff,
  }));
}

/** Replaces the whole matrix (it is edited as one table); answers the cells it had. */
export async function replaceParticipation(
  tx: Executor,
  cells: readonly ParticipationCell[],
): Promise<ParticipationCell[]> {
  const before = await listParticipation(tx);
  await tx.deleteFrom('checkpoint_participation').execute();
  if (cells.length) {
    await tx
      .insertInto('checkpoint_participation')
      .values(
        cells.map((c) => ({ checkpoint: c.checkpoint, line: c.line, households_per_staff: c.householdsPerStaff })),
      )
      .execute();
  }
  return before;
}
