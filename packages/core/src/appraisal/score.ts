import type { IsoDate } from '../calendar/dates.ts';
import type { DutyStatus } from '../duties/lifecycle.ts';
import type { Position } from '../org.ts';
import { SCORE_COMPONENTS, type DelegationRule, type ScoreComponent, type ScoreScheme } from './scheme.ts';

/**
 * The scoring engine: facts of a period in, one score per person out, each
 * with its components and the records every component counted. Pure and
 * deterministic: `asOf` is the day the scores are taken, and decides which
 * open records are already overdue.
 */

export type DutyFact = {
  id: number;
  /** The person due. */
  employeeId: number;
  /** Who attended when it was done; null or the person due when they did it themself. */
  attendedBy: number | null;
  status: DutyStatus;
  dueTo: IsoDate;
  completedOn: IsoDate | null;
};

export type VisitFact = {
  id: number;
  recorderId: number;
  staffIds: readonly number[];
  complete: boolean;
  ratings: readonly number[];
};

export type ActionFact = { id: number; ownerId: number; dueOn: IsoDate; doneOn: IsoDate | null };

/** A valid ticket closed in the period, on its handler's record. */
export type TicketFact = { id: number; handlerId: number; onTime: boolean; firstTime: boolean };

export const RECORD_OUTCOMES = [
  'on_time',
  'late',
  'missed',
  'excused',
  'open',
  'handed_over',
  'complete',
  'incomplete',
  'rated',
  'closed_on_time_first_time',
  'closed_on_time',
  'closed_first_time',
  'closed_late_reopened',
] as const;
export type RecordOutcome = (typeof RECORD_OUTCOMES)[number];

export const RECORD_OUTCOME_LABELS: Record<RecordOutcome, { zh: string; en: string }> = {
  on_time: { zh: '按时完成（计入）', en: 'Done on time (counted)' },
  late: { zh: '逾期完成（计入分母）', en: 'Done late (counted as due)' },
  missed: { zh: '未完成（计入分母）', en: 'Not done (counted as due)' },
  excused: { zh: '已免除（不计）', en: 'Excused (not counted)' },
  open: { zh: '未到截止日（不计）', en: 'Not yet due (not counted)' },
  handed_over: { zh: '已由他人代办（保留记录，不计）', en: 'Attended by a deputy (on record, not counted)' },
  complete: { zh: '完整（计入）', en: 'Complete (counted)' },
  incomplete: { zh: '不完整（计入分母）', en: 'Incomplete (counted as recorded)' },
  rated: { zh: '有评分（计入平均）', en: 'Rated (in the average)' },
  closed_on_time_first_time: { zh: '按时且一次性关闭（计 2 分）', en: 'Closed on time, first time (2 of 2)' },
  closed_on_time: { zh: '按时关闭，但曾重开或未验收（计 1 分）', en: 'Closed on time, not first time (1 of 2)' },
  closed_first_time: { zh: '一次性关闭，但超时（计 1 分）', en: 'Closed first time, late (1 of 2)' },
  closed_late_reopened: { zh: '超时且非一次性关闭（计 0 分）', en: 'Closed late, not first time (0 of 2)' },
};

/** Points of a closed ticket out of two: one for closing on time, one for closing first time. */
const TICKET_POINTS: Partial<Record<RecordOutcome, number>> = {
  closed_on_time_first_time: 2,
  closed_on_time: 1,
  closed_first_time: 1,
  closed_late_reopened: 0,
};

export function ticketOutcome(t: Pick<TicketFact, 'onTime' | 'firstTime'>): RecordOutcome {
  if (t.onTime) return t.firstTime ? 'closed_on_time_first_time' : 'closed_on_time';
  return t.firstTime ? 'closed_first_time' : 'closed_late_reopened';
}

/** Who the person was to a record: due, attended for someone, recorded the form, or was present. */
export const RECORD_ROLES = ['due', 'attendee', 'recorder', 'present', 'handler'] as const;
export type RecordRole = (typeof RECORD_ROLES)[number];

/** One record a component looked at; `ratings` only for the customer rating. */
export type CountedRecord = { id: number; role: RecordRole; outcome: RecordOutcome; ratings?: number[] };

export type ComponentScore = {
  kind: ScoreComponent;
  weight: number;
  /** 0–100, or null when nothing counted (the weight then goes to the other components). */
  value: number | null;
  numerator: number;
  denominator: number;
  records: CountedRecord[];
};

export type PersonScore = {
  employeeId: number;
  schemeId: number;
  version: number;
  total: number | null;
  components: ComponentScore[];
};

export type ScoringInput = {
  asOf: IsoDate;
  people: readonly { id: number; position: Position }[];
  schemes: ReadonlyMap<Position, ScoreScheme>;
  duties: readonly DutyFact[];
  visits: readonly VisitFact[];
  actions: readonly ActionFact[];
  /** Closed tickets of the period; none when omitted. */
  tickets?: readonly TicketFact[];
};

const COUNTED: ReadonlySet<RecordOutcome> = new Set(['on_time', 'late', 'missed', 'complete', 'incomplete']);
const CREDITED: ReadonlySet<RecordOutcome> = new Set(['on_time', 'complete']);

export const isCounted = (o: RecordOutcome) => COUNTED.has(o);
export const isCredited = (o: RecordOutcome) => CREDITED.has(o);

/** What a duty is, seen from the period's end or `asOf`, before delegation is considered. */
export function dutyOutcome(d: Pick<DutyFact, 'status' | 'dueTo' | 'completedOn'>, asOf: IsoDate): RecordOutcome {
  switch (d.status) {
    case 'excused':
      return 'excused';
    case 'done':
      return d.completedOn !== null && d.completedOn <= d.dueTo ? 'on_time' : 'late';
    case 'missed':
      return 'missed';
    default:
      return d.dueTo < asOf ? 'missed' : 'open';
  }
}

export function actionOutcome(a: Pick<ActionFact, 'dueOn' | 'doneOn'>, asOf: IsoDate): RecordOutcome {
  if (a.doneOn !== null) return a.doneOn <= a.dueOn ? 'on_time' : 'late';
  return a.dueOn < asOf ? 'missed' : 'open';
}

/** How a done duty attended by someone else lands on each side, by the scored person's own rule. */
export function delegatedSides(rule: DelegationRule): { dueCredited: boolean; attendeeCredited: boolean } {
  return { dueCredited: rule !== 'attendee', attendeeCredited: rule !== 'due_person' };
}

type Bucket = Record<ScoreComponent, CountedRecord[]>;
const emptyBucket = (): Bucket => Object.fromEntries(SCORE_COMPONENTS.map((kind) => [kind, []])) as unknown as Bucket;

export function scorePeople(input: ScoringInput): Map<number, PersonScore> {
  const schemeOf = new Map<number, ScoreScheme>();
  const buckets = new Map<number, Bucket>();
  for (const p of input.people) {
    const scheme = input.schemes.get(p.position);
    if (!scheme) continue;
    schemeOf.set(p.id, scheme);
    buckets.set(p.id, emptyBucket());
  }
  const add = (employeeId: number, kind: ScoreComponent, record: CountedRecord) =>
    buckets.get(employeeId)?.[kind].push(record);

  for (const d of input.duties) {
    const outcome = dutyOutcome(d, input.asOf);
    const attendee =
      d.attendedBy !== null && d.attendedBy !== d.employeeId && (outcome === 'on_time' || outcome === 'late')
        ? d.attendedBy
        : null;
    const dueScheme = schemeOf.get(d.employeeId);
    if (dueScheme) {
      const handedOver = attendee !== null && !delegatedSides(dueScheme.delegation).dueCredited;
      add(d.employeeId, 'duties_on_time', { id: d.id, role: 'due', outcome: handedOver ? 'handed_over' : outcome });
    }
    const attendeeScheme = attendee === null ? undefined : schemeOf.get(attendee);
    if (attendee !== null && attendeeScheme && delegatedSides(attendeeScheme.delegation).attendeeCredited) {
      add(attendee, 'duties_on_time', { id: d.id, role: 'attendee', outcome });
    }
  }
  for (const v of input.visits) {
    add(v.recorderId, 'feedback_complete', {
      id: v.id,
      role: 'recorder',
      outcome: v.complete ? 'complete' : 'incomplete',
    });
    if (v.ratings.length === 0) continue;
    const ratings = [...v.ratings];
    add(v.recorderId, 'customer_rating', { id: v.id, role: 'recorder', outcome: 'rated', ratings });
    for (const s of new Set(v.staffIds))
      if (s !== v.recorderId) add(s, 'customer_rating', { id: v.id, role: 'present', outcome: 'rated', ratings });
  }
  for (const a of input.actions)
    add(a.ownerId, 'actions_on_time', { id: a.id, role: 'due', outcome: actionOutcome(a, input.asOf) });
  for (const t of input.tickets ?? [])
    add(t.handlerId, 'complaint_handling', { id: t.id, role: 'handler', outcome: ticketOutcome(t) });

  const out = new Map<number, PersonScore>();
  for (const [employeeId, bucket] of buckets)
    out.set(employeeId, scoreOf(employeeId, schemeOf.get(employeeId)!, bucket));
  return out;
}

function scoreOf(employeeId: number, scheme: ScoreScheme, bucket: Bucket): PersonScore {
  const components = scheme.components.map((c) => componentScore(c.kind, c.weight, bucket[c.kind]));
  return { employeeId, schemeId: scheme.id, version: scheme.version, total: weightedTotal(components), components };
}

export function componentScore(kind: ScoreComponent, weight: number, records: CountedRecord[]): ComponentScore {
  if (kind === 'customer_rating') {
    let sum = 0;
    let count = 0;
    for (const r of records)
      for (const x of r.ratings ?? []) {
        sum += x;
        count += 1;
      }
    return {
      kind,
      weight,
      value: count ? ((sum / count - 1) / 4) * 100 : null,
      numerator: sum,
      denominator: count,
      records,
    };
  }
  let numerator = 0;
  let denominator = 0;
  if (kind === 'complaint_handling') {
    for (const r of records) {
      numerator += TICKET_POINTS[r.outcome] ?? 0;
      denominator += 2;
    }
    return {
      kind,
      weight,
      value: denominator ? (numerator / denominator) * 100 : null,
      numerator,
      denominator,
      records,
    };
  }
  for (const r of records) {
    if (isCounted(r.outcome)) denominator += 1;
    if (isCredited(r.outcome)) numerator += 1;
  }
  return { kind, weight, value: denominator ? (numerator / denominator) * 100 : null, numerator, denominator, records };
}

/** The weighted mean of the components that counted anything; null when none did. */
export function weightedTotal(components: readonly Pick<ComponentScore, 'weight' | 'value'>[]): number | null {
  let weights = 0;
  let sum = 0;
  for (const c of components) {
    if (c.value === null) continue;
    weights += c.weight;
    sum += c.weight * c.value;
  }
  return weights > 0 ? sum / weights : null;
}

/** Scores are kept exact and rounded to one decimal only where people read them. */
export const displayScore = (x: number): number => Math.round(x * 10) / 10;

/** Why an adjustment's points are refused, if they are: zero, or finer than one decimal. */
export function adjustmentDeltaProblem(delta: number): 'ADJUSTMENT_DELTA' | null {
  return delta !== 0 && Math.abs(Math.round(delta * 10) - delta * 10) < 1e-9 ? null : 'ADJUSTMENT_DELTA';
}

/** A frozen score with HR's adjustments applied, kept inside 0–100. */
export function adjustedTotal(frozen: number | null, deltas: readonly number[]): number | null {
  if (frozen === null) return null;
  const total = deltas.reduce((s, d) => s + d, frozen);
  return Math.min(100, Math.max(0, total));
}
