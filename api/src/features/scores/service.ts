import {
  checkScheme,
  err,
  periodHasEnded,
  POSITIONS,
  type Actor,
  type AppError,
  type AppraisalPeriod,
  type IsoDate,
  type Position,
  type Result,
  type SchemeInput,
} from '@frontline/core';
import {
  currentSchemes,
  frozenTotal,
  getClosedPeriod,
  getSchemeVersion,
  insertAdjustment,
  insertClosedPeriod,
  insertFrozenScores,
  insertSchemeVersion,
  listAdjustments,
  listClosedPeriods,
  listSchemeVersions,
  Refusal,
  unitOfWork,
  withLease,
  type LeaseHolder,
  writeAudit,
  type AuditContext,
  type Db,
  type Reader,
  type SchemeVersion,
} from '@frontline/db';
import { randomUUID } from 'node:crypto';
import { mayReadScore, visibleTo } from './policy.ts';
import {
  closedState,
  explainRecords,
  loadScoringFacts,
  recordsOf,
  scoreFacts,
  scoreRecords,
  valuesOf,
  wholePeriodScores,
  type PeriodState,
  type ScoreRow,
} from './scoring.ts';

/**
 * Appraisal: reading scores within the caller's scope (the list, one
 * person's explanation, the HR export, audited), closing a period — it is
 * scored once more and frozen with each person's unit, scheme version and
 * counted records, which the database refuses to change later —
 * adjustments beside a frozen score, and the versioned schemes. Each write
 * goes with its audit row in one unit of work.
 */

/** Closed periods, latest first. */
export async function closedPeriods(x: Reader): Promise<PeriodState[]> {
  return (await listClosedPeriods(x)).map(closedState);
}

/** One person's score, if `actor` may read it, ranked against their whole group as on the list. */
export async function visibleScore(
  db: Db,
  actor: Actor,
  period: AppraisalPeriod,
  employeeId: number,
  today: IsoDate,
): Promise<{ state: PeriodState; row: ScoreRow } | undefined> {
  const { state, rows } = await wholePeriodScores(db, period, today);
  const row = rows.find((r) => r.employeeId === employeeId);
  if (!row || !mayReadScore(actor, row)) return undefined;
  return { state, row };
}

export type ScoreListFilter = {
  regionId?: number | undefined;
  projectId?: number | undefined;
  line?: string | undefined;
  position?: Position | undefined;
  q?: string | undefined;
};

/** The scores of a period the caller may read, narrowed by the list's filters, by group and rank. */
export async function listScores(
  db: Db,
  actor: Actor,
  period: AppraisalPeriod,
  today: IsoDate,
  f: ScoreListFilter,
): Promise<{ state: PeriodState; rows: ScoreRow[] }> {
  const { state, listed } = await wholePeriodScores(db, period, today);
  const text = f.q?.toLowerCase();
  // `listed` is in the list's order already; filtering keeps it.
  const visible = visibleTo(actor, listed).filter(
    (r) =>
      (f.regionId === undefined || r.regionId === f.regionId) &&
      (f.projectId === undefined || r.projectId === f.projectId) &&
      (f.line === undefined || r.line === f.line) &&
      (f.position === undefined || r.position === f.position) &&
      (!text || r.name.toLowerCase().includes(text) || r.employeeNo.toLowerCase().includes(text)),
  );
  return { state, rows: visible };
}

/** The rows of the HR export the caller may read; every export is audited, with how it was asked for. */
export async function exportScores(
  db: Db,
  actor: Actor,
  period: AppraisalPeriod,
  today: IsoDate,
  via: { format: string; tokenId: string | undefined },
  ctx: AuditContext,
): Promise<{ state: PeriodState; rows: ScoreRow[] }> {
  const { state, rows } = await wholePeriodScores(db, period, today);
  const visible = visibleTo(actor, rows);
  await writeAudit(
    db,
    { ...ctx, actorId: actor.employeeId },
    {
      action: 'scores.export',
      entity: 'score_period',
      entityId: period.name,
      after: {
        format: via.format,
        rows: visible.length,
        status: state.status,
        via: via.tokenId ? 'api_token' : 'session',
        ...(via.tokenId ? { tokenId: via.tokenId } : {}),
      },
    },
  );
  return { state, rows: visible };
}

/** One person's score with everything that explains it, if `actor` may read it. */
export async function explainScore(db: Db, actor: Actor, period: AppraisalPeriod, employeeId: number, today: IsoDate) {
  const found = await visibleScore(db, actor, period, employeeId, today);
  if (!found) return undefined;
  const records = await scoreRecords(db, period, employeeId, today);
  const scheme = await getSchemeVersion(db, found.row.schemeId);
  if (!scheme) throw new Error(`scheme ${found.row.schemeId} is missing`);
  return {
    ...found,
    scheme,
    records: records && (await explainRecords(db, records)),
    adjustments: await listAdjustments(db, period.name, employeeId),
  };
}

/** The lease a period close runs under: one close at a time across every app server. */
export const PERIOD_CLOSE_LEASE = 'score-period-close';

/**
 * Closes a period: scores everyone as of today and freezes the result, with
 * the scheme version each person was scored by. One unit of work; a period
 * closes once, and only after its last day. Under a lease, so a second close
 * asked of another server meanwhile is refused (PERIOD_CLOSING) rather than
 * scoring everyone again only to fail on the period's key.
 */
export async function closePeriod(
  db: Db,
  period: AppraisalPeriod,
  today: IsoDate,
  ctx: AuditContext,
  lease: LeaseHolder = { holder: randomUUID(), now: () => ctx.at },
): Promise<Result<PeriodState, AppError>> {
  const r = await withLease(db, { name: PERIOD_CLOSE_LEASE, ...lease }, () => closeNow(db, period, today, ctx));
  return r.ran ? r.value : err({ code: 'PERIOD_CLOSING', params: { period: period.name } });
}

async function closeNow(
  db: Db,
  period: AppraisalPeriod,
  today: IsoDate,
  ctx: AuditContext,
): Promise<Result<PeriodState, AppError>> {
  return unitOfWork(db, async (tx) => {
    if (!periodHasEnded(period, today))
      throw new Refusal({ code: 'PERIOD_NOT_ENDED', params: { period: period.name, to: period.to } });
    if (await getClosedPeriod(tx, period.name))
      throw new Refusal({ code: 'PERIOD_CLOSED', params: { period: period.name } });
    const facts = await loadScoringFacts(tx, period);
    const scores = scoreFacts(facts, await currentSchemes(tx), today);
    await insertClosedPeriod(tx, period, { asOf: today, people: scores.size }, ctx);
    await insertFrozenScores(
      tx,
      period.name,
      facts.people.flatMap((p) => {
        const score = scores.get(p.employeeId);
        return score
          ? [
              {
                ...p,
                schemeId: score.schemeId,
                total: score.total,
                components: valuesOf(score.components),
                records: recordsOf(score.components),
              },
            ]
          : [];
      }),
    );
    await writeAudit(tx, ctx, {
      action: 'scores.close',
      entity: 'score_period',
      entityId: period.name,
      after: {
        asOf: today,
        people: scores.size,
        duties: facts.duties.length,
        visits: facts.visits.length,
        actions: facts.actions.length,
      },
    });
    return closedState((await getClosedPeriod(tx, period.name))!);
  });
}

/** An adjustment to a frozen score: never an edit of it, always beside it with a reason and an author. */
export async function addAdjustment(
  db: Db,
  period: AppraisalPeriod,
  employeeId: number,
  a: { delta: number; reason: string },
  ctx: AuditContext & { actorId: number },
): Promise<Result<number, AppError>> {
  return unitOfWork(db, async (tx) => {
    if (!(await getClosedPeriod(tx, period.name)))
      throw new Refusal({ code: 'PERIOD_OPEN', params: { period: period.name } });
    const frozen = await frozenTotal(tx, period.name, employeeId);
    if (!frozen) throw new Refusal({ code: 'NOT_FOUND' });
    if (frozen.total === null) throw new Refusal({ code: 'SCORE_NONE' });
    const id = await insertAdjustment(tx, {
      period: period.name,
      employeeId,
      delta: a.delta,
      reason: a.reason,
      authorId: ctx.actorId,
      at: ctx.at,
    });
    await writeAudit(tx, ctx, {
      action: 'scores.adjust',
      entity: 'score_result',
      entityId: `${period.name}/${employeeId}`,
      before: { total: frozen.total },
      after: { delta: a.delta, reason: a.reason },
    });
    return id;
  });
}

/** The current scheme of each position (in the catalogue's order) and every version. */
export async function listSchemes(x: Reader): Promise<{ current: SchemeVersion[]; history: SchemeVersion[] }> {
  const history = await listSchemeVersions(x);
  const current = POSITIONS.flatMap((p) => history.find((v) => v.position === p) ?? []);
  return { current, history };
}

/** Saves the next version of a position's scheme, checked by core's rules. */
export async function saveScheme(
  db: Db,
  position: Position,
  input: SchemeInput & { note: string },
  ctx: AuditContext,
): Promise<Result<SchemeVersion, AppError>> {
  return unitOfWork(db, async (tx) => {
    const checked = checkScheme(input);
    if (!checked.ok) throw new Refusal(checked.error);
    const before = (await currentSchemes(tx)).get(position);
    const version = (before?.version ?? 0) + 1;
    const id = await insertSchemeVersion(
      tx,
      {
        position,
        version,
        components: checked.value.components,
        delegation: checked.value.delegation,
        note: input.note,
      },
      ctx,
    );
    await writeAudit(tx, ctx, {
      action: 'scheme.save',
      entity: 'score_scheme',
      entityId: id,
      before: before && { version: before.version, components: before.components, delegation: before.delegation },
      after: { position, version, components: checked.value.components, delegation: checked.value.delegation },
    });
    return (await getSchemeVersion(tx, id))!;
  });
}
