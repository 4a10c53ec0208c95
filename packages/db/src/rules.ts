import type { CadenceRule, Line, NewCadenceRule, ParticipationCell, PeriodKind, Position, RuleKind, RulePlace } from '@frontline/core';
import { writeAudit, type AuditContext } from './audit.ts';
import type { Db } from './open.ts';
import type { Database } from './schema.ts';
import type { Selectable } from 'kysely';

/** Cadence rules and the checkpoint participation matrix: data customer relations edits. */

function toRule(r: Selectable<Database['cadence_rules']>): CadenceRule {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind as RuleKind,
    position: r.position as Position,
    line: r.line as Line | null,
    period: r.period as PeriodKind,
    place: r.place as RulePlace,
    perPeriod: r.per_period,
    active: r.active === 1,
  };
}

const columns = (r: NewCadenceRule, at: number) => ({
  name: r.name, kind: r.kind, position: r.position, line: r.line, period: r.period, place: r.place,
  per_period: r.perPeriod, active: r.active ? 1 : 0, updated_at: at,
});

export async function listRules(db: Db): Promise<CadenceRule[]> {
  return (await db.kysely.selectFrom('cadence_rules').selectAll().orderBy('id').execute()).map(toRule);
}

export async function getRule(db: Db, id: number): Promise<CadenceRule | undefined> {
  const row = await db.kysely.selectFrom('cadence_rules').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toRule(row);
}

export async function createRule(db: Db, rule: NewCadenceRule, ctx: AuditContext): Promise<CadenceRule> {
  return db.kysely.transaction().execute(async (trx) => {
    const row = await trx.insertInto('cadence_rules').values(columns(rule, ctx.at)).returningAll().executeTakeFirstOrThrow();
    await writeAudit(trx, ctx, { action: 'rule.create', entity: 'cadence_rule', entityId: row.id, after: rule });
    return toRule(row);
  });
}

export async function updateRule(db: Db, before: CadenceRule, rule: NewCadenceRule, ctx: AuditContext): Promise<CadenceRule> {
  return db.kysely.transaction().execute(async (trx) => {
    const row = await trx.updateTable('cadence_rules').set(columns(rule, ctx.at)).where('id', '=', before.id).returningAll().executeTakeFirstOrThrow();
    await writeAudit(trx, ctx, { action: 'rule.update', entity: 'cadence_rule', entityId: before.id, before, after: rule });
    return toRule(row);
  });
}

export async function listParticipation(db: Db): Promise<ParticipationCell[]> {
  const rows = await db.kysely.selectFrom('checkpoint_participation').selectAll().orderBy('checkpoint').orderBy('line').execute();
  return rows.map((r) => ({ checkpoint: r.checkpoint, line: r.line as Line, householdsPerStaff: r.households_per_staff }));
}

/** Replaces the whole matrix at once: it is edited as one table. */
export async function saveParticipation(db: Db, cells: readonly ParticipationCell[], ctx: AuditContext): Promise<void> {
  await db.kysely.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('checkpoint_participation').selectAll().execute();
    await trx.deleteFrom('checkpoint_participation').execute();
    if (cells.length) {
      await trx
        .insertInto('checkpoint_participation')
        .values(cells.map((c) => ({ checkpoint: c.checkpoint, line: c.line, households_per_staff: c.householdsPerStaff })))
        .execute();
    }
    await writeAudit(trx, ctx, { action: 'participation.update', entity: 'checkpoint_participation', before, after: cells });
  });
}
