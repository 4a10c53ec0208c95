import {
  adjustedTotal,
  dutyTitle,
  formFacts,
  rankGroupKey,
  rankWithinGroups,
  scorePeople,
  SCORE_COMPONENTS,
  type ActionFact,
  type AppraisalPeriod,
  type ComponentScore,
  type CountedRecord,
  type DutyFact,
  type IsoDate,
  type PersonScore,
  type Position,
  type ScoreComponent,
  type ScoreScheme,
  type TicketFact,
  type VisitFact,
} from '@frontline/core';
import {
  currentSchemes,
  describeActions,
  describeDuties,
  describeTickets,
  describeVisits,
  frozenRecords,
  getClosedPeriod,
  getFormVersion,
  handledTicketsClosed,
  listActionFacts,
  listDutyFacts,
  listFrozenScores,
  listScoredPeople,
  listVisitRows,
  scoreInputsVersion,
  type ActionRecord,
  type ClosedPeriod,
  type ComponentRecords,
  type ComponentValue,
  type Db,
  type DutyDescription,
  type FormVersion,
  type PeopleFilter,
  type Reader,
  type ScoredPerson,
  type TicketDescription,
} from '@frontline/db';
import { LRUCache } from 'lru-cache';

/**
 * How a period's scores are gathered. An open period is scored on demand
 * from the live records, with the current schemes; a closed one is read as
 * it was frozen. How records score is core's (`scorePeople`); this reads
 * them through the repositories, ranks the result within region × line ×
 * position, and tells what each counted record was.
 */

export type ScoreRow = ScoredPerson & {
  schemeId: number;
  version: number;
  components: ComponentValue[];
  /** The score as computed (frozen when the period is closed). */
  total: number | null;
  /** The sum of HR's adjustments, and the score with them applied. */
  adjustment: number;
  final: number | null;
  rank: number | null;
  of: number;
};

export type PeriodState = {
  name: string;
  status: 'open' | 'closed';
  asOf: IsoDate;
  closedAt: number | null;
  closedBy: string | null;
  people: number | null;
};

export const closedState = (p: ClosedPeriod): PeriodState => ({
  name: p.name,
  status: 'closed',
  asOf: p.asOf,
  closedAt: p.closedAt,
  closedBy: p.closedBy,
  people: p.people,
});

export type ScoringFacts = {
  people: ScoredPerson[];
  duties: DutyFact[];
  visits: VisitFact[];
  actions: ActionFact[];
  tickets: TicketFact[];
};

/** Shanghai midnight of a date, as epoch ms (tickets close at instants). */
const shanghaiMidnight = (date: IsoDate): number => Date.parse(`${date}T00:00:00+08:00`);

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
export async function loadScoringFacts(
  x: Reader,
  period: AppraisalPeriod,
  filter: PeopleFilter = {},
): Promise<ScoringFacts> {
  const people = await listScoredPeople(x, period, filter);
  const duties = await listDutyFacts(x, period, filter);
  const visitRows = await listVisitRows(x, period, filter);
  const actions = await listActionFacts(x, period, filter);
  const definitionOf = await formDefinitions(
    x,
    visitRows.map((v) => v.formVersionId),
  );
  const visits = visitRows.map((v): VisitFact => {
    const facts = formFacts(definitionOf(v.formVersionId), v.answers);
    return {
      id: v.id,
      recorderId: v.recorderId,
      staffIds: v.staffIds,
      complete: facts.complete,
      ratings: facts.ratings,
    };
  });
  // Valid tickets the scored people handled whose last close falls in the period.
  const closed = await handledTicketsClosed(
    x,
    people.map((p) => p.employeeId),
    shanghaiMidnight(period.from),
    shanghaiMidnight(period.to) + 86_400_000,
  );
  const tickets = closed.map((t): TicketFact => ({
    id: t.id,
    handlerId: t.handlerId,
    onTime: t.onTime,
    firstTime: t.firstTime,
  }));
  return { people, duties, visits, actions, tickets };
}

export function scoreFacts(
  facts: ScoringFacts,
  schemes: ReadonlyMap<Position, ScoreScheme>,
  asOf: IsoDate,
): Map<number, PersonScore> {
  const people = facts.people.map((p) => ({ id: p.employeeId, position: p.position }));
  return scorePeople({
    asOf,
    people,
    schemes,
    duties: facts.duties,
    visits: facts.visits,
    actions: facts.actions,
    tickets: facts.tickets,
  });
}

/** A score's components without their records: what lists show and what a closed period keeps beside the records. */
export const valuesOf = (components: readonly ComponentScore[]): ComponentValue[] =>
  components.map(({ records: _records, ...v }) => v);

/** The records each component of a score counted. */
export function recordsOf(components: readonly ComponentScore[]): ComponentRecords {
  const records: ComponentRecords = {};
  for (const c of components) records[c.kind] = c.records;
  return records;
}

/** Every score of a period, ranked within its group; frozen rows when closed, live ones when open. */
export async function periodScores(
  x: Reader,
  period: AppraisalPeriod,
  today: IsoDate,
  filter: PeopleFilter = {},
): Promise<{ state: PeriodState; rows: ScoreRow[] }> {
  const closed = await getClosedPeriod(x, period.name);
  let rows: Omit<ScoreRow, 'rank' | 'of'>[];
  if (closed) {
    rows = (await listFrozenScores(x, period.name, filter)).map((r) => ({
      employeeId: r.employeeId,
      employeeNo: r.employeeNo,
      name: r.name,
      line: r.line,
      position: r.position,
      regionId: r.regionId,
      regionName: r.regionName,
      projectId: r.projectId,
      projectName: r.projectName,
      schemeId: r.schemeId,
      version: r.version,
      components: r.components,
      total: r.total,
      adjustment: r.adjustment ?? 0,
      final: adjustedTotal(r.total, r.adjustment ? [r.adjustment] : []),
    }));
  } else {
    const facts = await loadScoringFacts(x, period, filter);
    const scores = scoreFacts(facts, await currentSchemes(x), today);
    rows = facts.people.flatMap((p) => {
      const score = scores.get(p.employeeId);
      if (!score) return [];
      return [
        {
          ...p,
          schemeId: score.schemeId,
          version: score.version,
          components: valuesOf(score.components),
          total: score.total,
          adjustment: 0,
          final: score.total,
        },
      ];
    });
  }
  const ranks = rankWithinGroups(rows, rankGroupKey, (r) => r.final);
  return {
    state: closed
      ? closedState(closed)
      : { name: period.name, status: 'open', asOf: today, closedAt: null, closedBy: null, people: null },
    rows: rows.map((r, i) => ({ ...r, ...ranks[i]! })),
  };
}

/** A whole period's scores as `periodScores` gives them, and the same rows in the list's order. */
export type WholePeriod = {
  state: PeriodState;
  rows: readonly ScoreRow[];
  /** By region, line, position, rank, then person: the order the list shows (filtering keeps it). */
  listed: readonly ScoreRow[];
};

const listOrder = (a: ScoreRow, b: ScoreRow) =>
  (a.regionId ?? 0) - (b.regionId ?? 0) ||
  (a.line ?? '').localeCompare(b.line ?? '') ||
  a.position.localeCompare(b.position) ||
  (a.rank ?? 1e9) - (b.rank ?? 1e9) ||
  a.employeeId - b.employeeId;

type Remembered = { version: bigint; scores: Promise<WholePeriod> };

/** Per database, the latest scores of each recently read period and day (one version each). */
const remembered = new WeakMap<Db, LRUCache<string, Remembered>>();

/**
 * Every score of a period, remembered under the version of the records they
 * are made of (`scoreInputsVersion`, kept by the database's triggers, so a
 * write by any server or script is seen): scored again only after a write
 * that can change them, or on another day (what is due depends on it).
 * The version is read before the records, so what is remembered is never
 * older than its version. Concurrent reads of a version share one scoring.
 * Takes the database, never a unit of work's transaction (whose writes
 * might still be rolled back). The rows are shared: callers must not change them.
 */
export async function wholePeriodScores(db: Db, period: AppraisalPeriod, today: IsoDate): Promise<WholePeriod> {
  const version = BigInt(await scoreInputsVersion(db));
  let cache = remembered.get(db);
  if (!cache) {
    cache = new LRUCache<string, Remembered>({ max: 12 });
    remembered.set(db, cache);
  }
  const key = `${period.name} ${today}`;
  const known = cache.get(key);
  if (known?.version === version) return known.scores;
  const scores = periodScores(db, period, today).then(({ state, rows }) => ({
    state,
    rows,
    listed: [...rows].sort(listOrder),
  }));
  // A slower read of an older version never replaces a newer one.
  if (!known || known.version < version) {
    const entry = { version, scores };
    cache.set(key, entry);
    scores.catch(() => {
      if (cache.get(key) === entry) cache.delete(key);
    });
  }
  return scores;
}

/** The records behind one person's score: frozen ones for a closed period. */
export async function scoreRecords(
  x: Reader,
  period: AppraisalPeriod,
  employeeId: number,
  today: IsoDate,
): Promise<ComponentRecords | undefined> {
  if (await getClosedPeriod(x, period.name)) return frozenRecords(x, period.name, employeeId);
  const facts = await loadScoringFacts(x, period, { employeeId });
  const score = scoreFacts(facts, await currentSchemes(x), today).get(employeeId);
  return score && recordsOf(score.components);
}

export type VisitRecord = {
  id: number;
  visitedOn: IsoDate;
  checkpoint: number;
  channel: string;
  projectName: string;
  missing: { key: string; zh: string; en: string }[];
};
export type ExplainedRecord = CountedRecord & {
  duty?: DutyDescription & { title: string };
  visit?: VisitRecord;
  action?: ActionRecord;
  ticket?: TicketDescription;
};

/** What each counted record was: duties, visits (with what their form lacked) and improvement actions. */
export async function explainRecords(
  x: Reader,
  records: ComponentRecords,
): Promise<Partial<Record<ScoreComponent, ExplainedRecord[]>>> {
  const idsOf = (...kinds: ScoreComponent[]) => kinds.flatMap((k) => (records[k] ?? []).map((r) => r.id));
  const duties = await describeDuties(x, idsOf('duties_on_time'));
  const visitRows = await describeVisits(x, idsOf('feedback_complete', 'customer_rating'));
  const actions = await describeActions(x, idsOf('actions_on_time'));
  const tickets = await describeTickets(x, idsOf('complaint_handling'));
  const definitionOf = await formDefinitions(
    x,
    [...visitRows.values()].map((v) => v.formVersionId),
  );

  // A visit can count for completeness and for the rating: described once.
  const visits = new Map<number, VisitRecord>();
  for (const v of visitRows.values()) {
    const def = definitionOf(v.formVersionId);
    const missing = formFacts(def, v.answers).missing.map((key) => ({
      key,
      ...(def.questions.find((q) => q.key === key)?.label ?? { zh: key, en: key }),
    }));
    visits.set(v.id, {
      id: v.id,
      visitedOn: v.visitedOn,
      checkpoint: v.checkpoint,
      channel: v.channel,
      projectName: v.projectName,
      missing,
    });
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
    if (kind === 'complaint_handling') {
      const t = tickets.get(r.id);
      return t ? { ...r, ticket: t } : r;
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
