import type { Position } from '../org.ts';
import { POSITIONS } from '../org.ts';
import type { AppError, FieldCodes, Result } from '../result.ts';
import { err, ok } from '../result.ts';

/**
 * A scoring scheme: which components make a position's customer-service
 * score and how much each weighs. Schemes are versioned; a closed period
 * keeps the version it was scored with.
 */
export const SCORE_COMPONENTS = [
  'duties_on_time',
  'feedback_complete',
  'customer_rating',
  'actions_on_time',
  'complaint_handling',
] as const;
export type ScoreComponent = (typeof SCORE_COMPONENTS)[number];

type Label = { zh: string; en: string };

export const SCORE_COMPONENT_LABELS: Record<ScoreComponent, Label> = {
  duties_on_time: { zh: '任务按时完成', en: 'Duties done on time' },
  feedback_complete: { zh: '反馈完整度', en: 'Feedback completeness' },
  customer_rating: { zh: '客户评价', en: 'Customer rating of the contact' },
  actions_on_time: { zh: '整改措施按时完成', en: 'Improvement actions done on time' },
  complaint_handling: { zh: '处理投诉报修', en: 'Complaints and repairs handled' },
};

/** Each component's formula in words: shown beside the weight and on every explanation. */
export const SCORE_COMPONENT_FORMULAS: Record<ScoreComponent, Label> = {
  duties_on_time: {
    zh: '按时完成的任务数 ÷ 应完成的任务数 × 100。应完成＝截止日在本期内、且已完成或已过截止日的任务；已免除的任务从分子分母中同时去掉；截止日未到且未完成的任务不计。',
    en: 'Duties done on time ÷ duties due × 100. Due = duties whose window ends in the period and that are done or past their window; excused duties are removed from both; duties still open inside their window do not count.',
  },
  feedback_complete: {
    zh: '完整的反馈表数 ÷ 本人记录的反馈表数 × 100。完整＝所有必答题已作答，且问题清单至少有一条问题或明确选择“无问题”。',
    en: 'Complete forms ÷ forms the person recorded × 100. Complete = every required question answered, and the issue list has at least one item or an explicit “no issues”.',
  },
  customer_rating: {
    zh: '（本人记录或在场的拜访中所有评分题的平均分 − 1）÷ 4 × 100，即 1 分为 0、5 分为 100。',
    en: '(Average of every rating answer on visits the person recorded or attended − 1) ÷ 4 × 100, so 1 maps to 0 and 5 to 100.',
  },
  actions_on_time: {
    zh: '按时完成的整改措施数 ÷ 应完成的措施数 × 100。应完成＝本人负责、截止日在本期内、且已完成或已过截止日的措施。',
    en: 'Actions done by their due date ÷ actions due × 100. Due = actions the person owns, due in the period, and done or past due.',
  },
  complaint_handling: {
    zh: '（按时关闭数 + 一次性关闭数）÷（2 × 关闭数）× 100。关闭数＝本人作为处理人、最后一次关闭在本期内的有效投诉报修单（答复关闭的不计）；按时＝在处理时限内关闭；一次性＝业主验收通过且从未重开。',
    en: '(Closed on time + closed first time) ÷ (2 × closed) × 100. Closed = valid complaint and repair tickets the person handled whose last close falls in the period (answered-and-closed ones do not count); on time = within the resolution limit; first time = accepted by the customer and never reopened.',
  },
};

/**
 * How a delegated duty counts, on the record of the person being scored:
 * - attendee: the person who attended gets the credit; the person due keeps
 *   it on their record, neither credited nor held against them;
 * - both: it counts as done for both;
 * - due_person: only the person due is credited; the attendee gets nothing.
 */
export const DELEGATION_RULES = ['attendee', 'both', 'due_person'] as const;
export type DelegationRule = (typeof DELEGATION_RULES)[number];

export const DELEGATION_RULE_LABELS: Record<DelegationRule, Label> = {
  attendee: {
    zh: '计给实际出席人：代办人计一次按时完成；原责任人保留记录，不加分也不扣分',
    en: 'Credit the attendee: the deputy gets a duty done; the person due keeps it on record, neither credited nor held against them',
  },
  both: {
    zh: '双方都计：代办人与原责任人各计一次完成',
    en: 'Credit both: the deputy and the person due each count it as done',
  },
  due_person: {
    zh: '只计原责任人：视同本人完成，代办人不计',
    en: 'Credit the person due only: as if they attended; the deputy gets nothing',
  },
};

export type SchemeComponent = { kind: ScoreComponent; weight: number };

export type SchemeInput = { components: SchemeComponent[]; delegation: DelegationRule };

export type ScoreScheme = SchemeInput & { id: number; position: Position; version: number };

/** Weights are whole points of 100; zero weights are left out instead. */
export function checkScheme(input: SchemeInput): Result<SchemeInput, AppError> {
  const fields: FieldCodes = {};
  if (input.components.length === 0) fields.components = 'SCHEME_EMPTY';
  const seen = new Set<ScoreComponent>();
  input.components.forEach((c, i) => {
    if (seen.has(c.kind)) fields[`components.${i}.kind`] = 'SCHEME_DUPLICATE_COMPONENT';
    seen.add(c.kind);
    if (!Number.isInteger(c.weight) || c.weight < 1 || c.weight > 100)
      fields[`components.${i}.weight`] = 'SCHEME_WEIGHT_RANGE';
  });
  const total = input.components.reduce((s, c) => s + c.weight, 0);
  if (input.components.length > 0 && total !== 100)
    fields.components = { code: 'SCHEME_WEIGHTS_TOTAL', params: { total } };
  if (Object.keys(fields).length) return err({ code: 'VALIDATION_FAILED', fields });
  // Kept in the catalogue's order so versions compare and display alike.
  const components = SCORE_COMPONENTS.flatMap((kind) => input.components.filter((c) => c.kind === kind));
  return ok({ components, delegation: input.delegation });
}

/** What every position starts with: duties weigh most, then feedback, rating and actions. */
export const DEFAULT_SCHEME: SchemeInput = {
  components: [
    { kind: 'duties_on_time', weight: 40 },
    { kind: 'feedback_complete', weight: 25 },
    { kind: 'customer_rating', weight: 20 },
    { kind: 'actions_on_time', weight: 15 },
  ],
  delegation: 'attendee',
};

export const DEFAULT_SCHEMES: { position: Position; scheme: SchemeInput }[] = POSITIONS.map((position) => ({
  position,
  scheme: DEFAULT_SCHEME,
}));
