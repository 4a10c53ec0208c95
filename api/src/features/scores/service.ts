import {
  adjustedTotal,
  checkScheme,
  dutyTitle,
  formFacts,
  periodHasEnded,
  POSITIONS,
  rankGroupKey,
  rankWithinGroups,
  scorePeople,
  SCORE_COMPONENTS,
  type ActionFact,
  type Actor,
  type AppError,
  type AppraisalPeriod,
  type ComponentScore,
  type CountedRecord,
  type DutyFact,
  type IsoDate,
  type PersonScore,
  type Position,
  type Result,
  type SchemeInput,
  type ScoreComponent,
  type ScoreScheme,
  type VisitFact,
} from '@frontline/core';
import {
  currentSchemes,
  describeActions,
  describeDuties,
  describeVisits,
  frozenRecords,
  frozenTotal,
  getClosedPeriod,
  getFormVersion,
  getSchemeVersion,
  insertAdjustment,
  insertClosedPeriod,
  insertFrozenScores,
  insertSchemeVersion,
  listActionFacts,
  listAdjustments,
  listClosedPeriods,
  listDutyFacts,
  listFrozenScores,
  listSchemeVersions,
  listScoredPeople,
  listVisitRows,
  Refusal,
  unitOfWork,
  writeAudit,
  type ActionRecord,
  type AuditContext,
  type ClosedPeriod,
  type ComponentRecords,
  type ComponentValue,
  type Db,
  type DutyDescription,
  type FormVersion,
  type PeopleFilter,
  type Reader,
  type ScoredPerson,
  type SchemeVersion,
} from '@frontline/db';
import { mayReadScore, visibleTo } from './policy.ts';

/**
 * Appraisal scores of a period. An open period is scored on demand from the
 * live records; closing it scores it once more and freezes the result (with
 * each person's unit, scheme version and counted records), which the
 * database refuses to change later. Corrections are adjustments beside it.
 * How records score is core's (`scorePeople`); this gathers them, ranks,
 * and writes each change with its audit row in one unit of work.
 */

export type ScoreRow = ScoredPerson & {
  schemeId: number; version: number; components: ComponentValue[];
  /** The score as computed (frozen when the period is closed). */
  total: number | null;
  /** The sum of HR's adjustments, and the score with them applied. */
  adjustment: number; final: number | null;
  rank: number | null; of: number;
};

export type PeriodState = { name: string; status: 'open' | 'closed'; asOf: IsoDate; closedAt: number | null; closedBy: string | null; people: number | null };

const closedState = (p: ClosedPeriod): PeriodState => ({ name: p.name, status: 'closed', asOf: p.asOf, closedAt: p.closedAt, closedBy: p.closedBy, people: p.people });

/** Closed periods, latest first. */
export async function closedPeriods(x: Reader): Promise<PeriodState[]> {
  return (await listClosedPeriods(x)).map(closedState);
}

type ScoringFacts = { people: ScoredPerson[]; duties: DutyFact[]; visits: VisitFact[]; actions: ActionFact[] };

/** The form versions visits answered, read once each (a period's visits share a handful). */
async function formDefinitions(x: Reader, ids: Iterable<number>): Promise<(id: number) => FormVersion['definition']> {
  const found = new Map<number, FormVersion['definition']>();
  for (const id of new Set(ids)) {
    const version = await getFormVersion(x, id);
    if (!version) throw new Error(`form version ${id} is missing`);
    found.set(id, version.definition);
  }
  return (id) => {
    const definition = found.get(id);
    if (!definition) throw new Error(`form version ${id} was not read`);
    return definition;
  };
}

/**
 * Everything a period's scores are made of: duties due in it, visits made in
 * it (with each form's completeness and ratings read from its answers), and
 * improvement actions due in it. With a filter, only records touching those people.
 */
async function loadScoringFacts(x: Reader, period: AppraisalPeriod, filter: PeopleFilter = {}): Promise<ScoringFacts> {
  const people = await listScoredPeople(x, period, filter);
  const duties = await listDutyFacts(x, period, filter);
  const visitRows = await listVisitRows(x, period, filter);
  const actions = await listActionFacts(x, period, filter);
  const definitionOf = await formDefinitions(x, visitRows.map((v) => v.formVersionId));
  const visits = visitRows.map((v): VisitFact => {
    const facts = formFacts(definitionOf(v.formVersionId), v.answers);
    return { id: v.id, recorderId: v.recorderId, staffIds: v.staffIds, complete: facts.complete, ratings: facts.ratings };
  });
  return { people, duties, visits, actions };
}

function scoreFacts(facts: ScoringFacts, schemes: ReadonlyMap<Position, ScoreScheme>, asOf: IsoDate): Map<number, PersonScore> {
  const people = facts.people.map((p) => ({ id: p.employeeId, position: p.position }));
  return scorePeople({ asOf, people, schemes, duties: facts.duties, visits: facts.visits, actions: facts.actions });
}

const values = (components: ComponentScore[]): ComponentValue[] => components.map(({ records: _records, ...v }) => v);

/** Every score of a period, ranked within its group; frozen rows when closed, live ones when open. */
export async function periodScores(x: Reader, period: AppraisalPeriod, today: IsoDate, filter: PeopleFilter = {}): Promise<{ state: PeriodState; rows: ScoreRow[] }> {
  const closed = await getClosedPeriod(x, period.name);
  let rows: Omit<ScoreRow, 'rank' | 'of'>[];
  if (closed) {
    rows = (await listFrozenScores(x, period.name, filter)).map((r) => ({
      employeeId: r.employeeId, employeeNo: r.employeeNo, name: r.name, line: r.line, position: r.position,
      regionId: r.regionId, regionName: r.regionName, projectId: r.projectId, projectName: r.projectName,
      schemeId: r.schemeId, version: r.version, components: r.components, total: r.total,
      adjustment: r.adjustment ?? 0, final: adjustedTotal(r.total, r.adjustment ? [r.adjustment] : []),
    }));
  } else {
    const facts = await loadScoringFacts(x, period, filter);
    const scores = scoreFacts(facts, await currentSchemes(x), today);
    rows = facts.people.flatMap((p) => {
      const score = scores.get(p.employeeId);
      if (!score) return [];
      return [{ ...p, schemeId: score.schemeId, version: score.version, components: values(score.components), total: score.total, adjustment: 0, final: score.total }];
    });
  }
  const ranks = rankWithinGroups(rows, rankGroupKey, (r) => r.final);
  return {
    state: closed ? closedState(closed) : { name: period.name, status: 'open', asOf: today, closedAt: null, closedBy: null, people: null },
    rows: rows.map((r, i) => ({ ...r, ...ranks[i]! })),
  };
}

/** One person's score, if `actor` may read it, ranked against their whole group as on the list. */
export async function visibleScore(db: Db, actor: Actor, period: AppraisalPeriod, employeeId: number, today: IsoDate): Promise<{ state: PeriodState; row: ScoreRow } | undefined> {
  const [found] = (await periodScores(db, period, today, { employeeId })).rows;
  if (!found || !mayReadScore(actor, found)) return undefined;
  const group = await periodScores(db, period, today, { group: { regionId: found.regionId, line: found.line, position: found.position } });
  return { state: group.state, row: group.rows.find((r) => r.employeeId === employeeId) ?? found };
}

export type ScoreListFilter = { regionId?: number | undefined; projectId?: number | undefined; line?: string | undefined; position?: Position | undefined; q?: string | undefined };

/** The scores of a period the caller may read, narrowed by the list's filters, by group and rank. */
export async function listScores(db: Db, actor: Actor, period: AppraisalPeriod, today: IsoDate, f: ScoreListFilter): Promise<{ state: PeriodState; rows: ScoreRow[] }> {
  const { state, rows } = await periodScores(db, period, today);
  const text = f.q?.toLowerCase();
  const visible = visibleTo(actor, rows).filter(
    (r) =>
      (f.regionId === undefined || r.regionId === f.regionId) &&
      (f.projectId === undefined || r.projectId === f.projectId) &&
      (f.line === undefined || r.line === f.line) &&
      (f.position === undefined || r.position === f.position) &&
      (!text || r.name.toLowerCase().includes(text) || r.employeeNo.toLowerCase().includes(text)),
  );
  visible.sort((a, b) => (a.regionId ?? 0) - (b.regionId ?? 0) || (a.line ?? '').localeCompare(b.line ?? '') || a.position.localeCompare(b.position) || (a.rank ?? 1e9) - (b.rank ?? 1e9) || a.employeeId - b.employeeId);
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
  const { state, rows } = await periodScores(db, period, today);
  const visible = visibleTo(actor, rows);
  await writeAudit(db.kysely, { ...ctx, actorId: actor.employeeId }, {
    action: 'scores.export', entity: 'score_period', entityId: period.name,
    after: { format: via.format, rows: visible.length, status: state.status, via: via.tokenId ? 'api_token' : 'session', ...(via.tokenId ? { tokenId: via.tokenId } : {}) },
  });
  return { state, rows: visible };
}

/** One person's score with everything that explains it, if `actor` may read it. */
export async function explainScore(db: Db, actor: Actor, period: AppraisalPeriod, employeeId: number, today: IsoDate) {
  const found = await visibleScore(db, actor, period, employeeId, today);
  if (!found) return undefined;
  const records = await scoreRecords(db, period, employeeId, today);
  const scheme = await getSchemeVersion(db, found.row.schemeId);
  if (!scheme) throw new Error(`scheme ${found.row.schemeId} is missing`);
  return { ...found, scheme, records: records && (await explainRecords(db, records)), adjustments: await listAdjustments(db, period.name, employeeId) };
}

/** The records behind one person's score: frozen ones for a closed period. */
export async function scoreRecords(x: Reader, period: AppraisalPeriod, employeeId: number, today: IsoDate): Promise<ComponentRecords | undefined> {
  if (await getClosedPeriod(x, period.name)) return frozenRecords(x, period.name, employeeId);
  const facts = await loadScoringFacts(x, period, { employeeId });
  const score = scoreFacts(facts, await currentSchemes(x), today).get(employeeId);
  if (!score) return undefined;
  const records: ComponentRecords = {};
  for (const c of score.components) records[c.kind] = c.records;
  return records;
}

export type VisitRecord = { id: number; visitedOn: IsoDate; checkpoint: number; channel: string; projectName: string; missing: { key: string; zh: string; en: string }[] };
export type ExplainedRecord = CountedRecord & { duty?: DutyDescription & { title: string }; visit?: VisitRecord; action?: ActionRecord };

/** What each counted record was: duties, visits (with what their form lacked) and improvement actions. */
export async function explainRecords(x: Reader, records: ComponentRecords): Promise<Partial<Record<ScoreComponent, ExplainedRecord[]>>> {
  const idsOf = (...kinds: ScoreComponent[]) => kinds.flatMap((k) => (records[k] ?? []).map((r) => r.id));
  const duties = await describeDuties(x, idsOf('duties_on_time'));
  const visitRows = await describeVisits(x, idsOf('feedback_complete', 'customer_rating'));
  const actions = await describeActions(x, idsOf('actions_on_time'));
  const definitionOf = await formDefinitions(x, [...visitRows.values()].map((v) => v.formVersionId));

  // A visit can count for completeness and for the rating: described once.
  const visits = new Map<number, VisitRecord>();
  for (const v of visitRows.values()) {
    const def = definitionOf(v.formVersionId);
    const missing = formFacts(def, v.answers).missing.map((key) => ({ key, ...(def.questions.find((q) => q.key === key)?.label ?? { zh: key, en: key }) }));
    visits.set(v.id, { id: v.id, visitedOn: v.visitedOn, checkpoint: v.checkpoint, channel: v.channel, projectName: v.projectName, missing });
  }

  const explain = (kind: ScoreComponent, r: CountedRecord): ExplainedRecord => {
    if (kind === 'duties_on_time') {
      const d = duties.get(r.id);
      return d ? { ...r, duty: { ...d, title: dutyTitle(d.kind, d.projectName, d.eventTitle) } } : r;
    }
    if (kind === 'actions_on_time') {
      const a = actions.get(r.id);
      return a ? { ...r, action: a } : r;
    }
    const v = visits.get(r.id);
    return v ? { ...r, visit: v } : r;
  };
  const out: Partial<Record<ScoreComponent, ExplainedRecord[]>> = {};
  for (const kind of SCORE_COMPONENTS) {
    const list = records[kind];
    if (list) out[kind] = list.map((r) => explain(kind, r));
  }
  return out;
}

/**
 * Closes a period: scores everyone as of today and freezes the result, with
 * the scheme version each person was scored by. One unit of work; a period
 * closes once, and only after its last day.
 */
export async function closePeriod(db: Db, period: AppraisalPeriod, today: IsoDate, ctx: AuditContext): Promise<Result<PeriodState, AppError>> {
  return unitOfWork(db, async (tx) => {
    if (!periodHasEnded(period, today)) throw new Refusal({ code: 'PERIOD_NOT_ENDED', params: { period: period.name, to: period.to } });
    if (await getClosedPeriod(tx, period.name)) throw new Refusal({ code: 'PERIOD_CLOSED', params: { period: period.name } });
    const facts = await loadScoringFacts(tx, period);
    const scores = scoreFacts(facts, await currentSchemes(tx), today);
    await insertClosedPeriod(tx, period, { asOf: today, people: scores.size }, ctx);
    await insertFrozenScores(
      tx,
      period.name,
      facts.people.flatMap((p) => {
        const score = scores.get(p.employeeId);
        return score ? [{ ...p, schemeId: score.schemeId, total: score.total, components: score.components }] : [];
      }),
    );
    await writeAudit(tx, ctx, {
      action: 'scores.close', entity: 'score_period', entityId: period.name,
      after: { asOf: today, people: scores.size, duties: facts.duties.length, visits: facts.visits.length, actions: facts.actions.length },
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
    if (!(await getClosedPeriod(tx, period.name))) throw new Refusal({ code: 'PERIOD_OPEN', params: { period: period.name } });
    const frozen = await frozenTotal(tx, period.name, employeeId);
    if (!frozen) throw new Refusal({ code: 'NOT_FOUND' });
    if (frozen.total === null) throw new Refusal({ code: 'SCORE_NONE' });
    const id = await insertAdjustment(tx, { period: period.name, employeeId, delta: a.delta, reason: a.reason, authorId: ctx.actorId, at: ctx.at });
    await writeAudit(tx, ctx, { action: 'scores.adjust', entity: 'score_result', entityId: `${period.name}/${employeeId}`, before: { total: frozen.total }, after: { delta: a.delta, reason: a.reason } });
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
export async function saveScheme(db: Db, position: Position, input: SchemeInput & { note: string }, ctx: AuditContext): Promise<Result<SchemeVersion, AppError>> {
  return unitOfWork(db, async (tx) => {
    const checked = checkScheme(input);
    if (!checked.ok) throw new Refusal(checked.error);
    const before = (await currentSchemes(tx)).get(position);
    const version = (before?.version ?? 0) + 1;
    const id = await insertSchemeVersion(tx, { position, version, components: checked.value.components, delegation: checked.value.delegation, note: input.note }, ctx);
    await writeAudit(tx, ctx, {
      action: 'scheme.save', entity: 'score_scheme', entityId: id,
      before: before && { version: before.version, components: before.components, delegation: before.delegation },
      after: { position, version, components: checked.value.components, delegation: checked.value.delegation },
    });
    return (await getSchemeVersion(tx, id))!;
  });
}
