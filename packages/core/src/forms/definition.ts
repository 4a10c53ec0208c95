import { z } from 'zod';
import { coded } from '../bounds.ts';

/**
 * A feedback form as customer relations designs it. A definition is plain
 * data (stored as JSON in an immutable form version); every question carries
 * a stable key that later versions keep, so answers stay comparable when the
 * wording, order or options change.
 */

export type Label = { zh: string; en: string };

/** The four dimensions feedback is filed under. */
export const DIMENSIONS = ['product', 'engineering', 'service', 'organisation'] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export const DIMENSION_LABELS: Record<Dimension, Label> = {
  product: { zh: '产品品质', en: 'Product quality' },
  engineering: { zh: '工程品质', en: 'Engineering quality' },
  service: { zh: '服务品质', en: 'Service quality' },
  organisation: { zh: '组织保障', en: 'Organisational support' },
};

export const QUESTION_TYPES = [
  'rating',
  'nps',
  'single',
  'multiple',
  'text',
  'textarea',
  'number',
  'date',
  'photo',
  'issues',
] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];
export const QUESTION_TYPE_LABELS: Record<QuestionType, Label> = {
  rating: { zh: '评分（1–5）', en: 'Rating (1–5)' },
  nps: { zh: '推荐意愿（0–10）', en: 'NPS (0–10)' },
  single: { zh: '单选', en: 'Single choice' },
  multiple: { zh: '多选', en: 'Multiple choice' },
  text: { zh: '短文本', en: 'Short text' },
  textarea: { zh: '长文本', en: 'Long text' },
  number: { zh: '数字', en: 'Number' },
  date: { zh: '日期', en: 'Date' },
  photo: { zh: '照片', en: 'Photos' },
  issues: { zh: '问题清单', en: 'Issue list' },
};

export const SEVERITIES = ['minor', 'general', 'major'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const SEVERITY_LABELS: Record<Severity, Label> = {
  minor: { zh: '轻微', en: 'Minor' },
  general: { zh: '一般', en: 'General' },
  major: { zh: '严重', en: 'Major' },
};

/** Defaults and hard ceilings of the answer types; a question may only tighten them. */
export const ANSWER_LIMITS = {
  text: 200,
  textarea: 2000,
  photosPerQuestion: 9,
  issuesPerList: 50,
  photosPerIssue: 6,
  issueDescription: 1000,
  location: 32,
} as const;

export const QUESTION_KEY = /^[a-z][a-z0-9_]{0,39}$/;

/** Shows a question only when an earlier answer matches. */
export type Condition =
  | { key: string; op: 'eq'; value: string | number }
  | { key: string; op: 'in'; values: string[] }
  | { key: string; op: 'lte' | 'gte'; value: number };

export type ChoiceOption = { value: string; label: Label };

export type Question = {
  key: string;
  type: QuestionType;
  label: Label;
  help?: Label | undefined;
  /** The dimension an answer speaks to; null for general questions (overall rating, notes). */
  dimension: Dimension | null;
  required: boolean;
  /** Kept in the version so old answers keep their question, but no longer asked. */
  retired?: boolean | undefined;
  options?: ChoiceOption[] | undefined;
  min?: number | undefined;
  max?: number | undefined;
  maxLength?: number | undefined;
  maxPhotos?: number | undefined;
  showIf?: Condition | undefined;
};

export type FormDefinition = { title: Label; description?: Label | undefined; questions: Question[] };

const label = z.object({ zh: z.string().trim().min(1).max(200), en: z.string().trim().min(1).max(200) });

const condition = z.discriminatedUnion('op', [
  z.object({ key: z.string(), op: z.literal('eq'), value: z.union([z.string().max(40), z.number()]) }),
  z.object({ key: z.string(), op: z.literal('in'), values: z.array(z.string().max(40)).min(1).max(20) }),
  z.object({ key: z.string(), op: z.enum(['lte', 'gte']), value: z.number() }),
]);

const question = z.object({
  key: z.string().refine((s) => QUESTION_KEY.test(s), coded('FORM_KEY_FORMAT')),
  type: z.enum(QUESTION_TYPES),
  label,
  help: label.optional(),
  dimension: z.enum(DIMENSIONS).nullable(),
  required: z.boolean(),
  retired: z.boolean().optional(),
  options: z
    .array(
      z.object({
        value: z.string().refine((s) => /^[a-z0-9_]{1,40}$/.test(s), coded('FORM_OPTION_VALUE_FORMAT')),
        label,
      }),
    )
    .min(2)
    .max(20)
    .optional(),
  min: z.number().finite().optional(),
  max: z.number().finite().optional(),
  maxLength: z.number().int().min(1).max(ANSWER_LIMITS.textarea).optional(),
  maxPhotos: z.number().int().min(1).max(ANSWER_LIMITS.photosPerQuestion).optional(),
  showIf: condition.optional(),
});

/** The structure of a definition, with the cross-question rules zod cannot say field by field. */
export const formDefinitionSchema = z
  .object({ title: label, description: label.optional(), questions: z.array(question).min(1).max(80) })
  .superRefine((def, ctx) => {
    const seen = new Map<string, Question>();
    def.questions.forEach((q, i) => {
      const at = (field: string) => ['questions', i, field];
      if (seen.has(q.key)) ctx.addIssue({ code: 'custom', path: at('key'), message: `duplicate key ${q.key}` });
      const choice = q.type === 'single' || q.type === 'multiple';
      if (choice && !q.options) ctx.addIssue({ code: 'custom', path: at('options'), message: 'choices need options' });
      if (!choice && q.options)
        ctx.addIssue({ code: 'custom', path: at('options'), message: 'only choice questions have options' });
      if (q.options && new Set(q.options.map((o) => o.value)).size !== q.options.length) {
        ctx.addIssue({ code: 'custom', path: at('options'), message: 'option values must be unique' });
      }
      if (q.min !== undefined && q.max !== undefined && q.min > q.max)
        ctx.addIssue({ code: 'custom', path: at('max'), message: 'max ≥ min' });
      if (
        (q.type === 'text' || q.type === 'textarea') &&
        q.maxLength !== undefined &&
        q.maxLength > ANSWER_LIMITS[q.type]
      ) {
        ctx.addIssue({ code: 'custom', path: at('maxLength'), message: `at most ${ANSWER_LIMITS[q.type]}` });
      }
      if (q.showIf) {
        const source = seen.get(q.showIf.key);
        if (!source)
          ctx.addIssue({
            code: 'custom',
            path: at('showIf'),
            message: 'a condition must refer to an earlier question',
          });
        else if (source.retired && !q.retired)
          ctx.addIssue({
            code: 'custom',
            path: at('showIf'),
            message: 'a condition cannot refer to a retired question',
          });
        else if (!conditionFits(source, q.showIf))
          ctx.addIssue({
            code: 'custom',
            path: at('showIf'),
            message: 'the condition does not fit that question’s type',
          });
      }
      seen.set(q.key, q as Question);
    });
  });

function conditionFits(source: Question, c: Condition): boolean {
  const numeric = source.type === 'rating' || source.type === 'nps' || source.type === 'number';
  const choice = source.type === 'single' || source.type === 'multiple';
  const values = new Set(source.options?.map((o) => o.value));
  switch (c.op) {
    case 'lte':
    case 'gte':
      return numeric;
    case 'eq':
      return typeof c.value === 'number' ? numeric : choice && values.has(c.value);
    case 'in':
      return choice && c.values.every((v) => values.has(v));
  }
}

/** The questions a person filling the form is asked, in order. */
export const askedQuestions = (def: FormDefinition): Question[] => def.questions.filter((q) => !q.retired);

/**
 * Whether questions are shown given the answers so far, as one test built
 * once per answer set. A question whose condition's source is itself hidden
 * is hidden too (chains collapse).
 */
export function shownTest(def: FormDefinition, answers: Readonly<Record<string, unknown>>): (key: string) => boolean {
  const byKey = new Map(def.questions.map((q) => [q.key, q]));
  const shown = (k: string, depth: number): boolean => {
    const q = byKey.get(k);
    if (!q || q.retired || depth > def.questions.length) return false;
    if (!q.showIf) return true;
    return shown(q.showIf.key, depth + 1) && matches(q.showIf, answers[q.showIf.key]);
  };
  return (key) => shown(key, 0);
}

export function isShown(def: FormDefinition, key: string, answers: Readonly<Record<string, unknown>>): boolean {
  return shownTest(def, answers)(key);
}

function matches(c: Condition, answer: unknown): boolean {
  switch (c.op) {
    case 'eq':
      return Array.isArray(answer) ? answer.includes(c.value) : answer === c.value;
    case 'in':
      return Array.isArray(answer)
        ? answer.some((a) => c.values.includes(a as string))
        : c.values.includes(answer as string);
    case 'lte':
      return typeof answer === 'number' && answer <= c.value;
    case 'gte':
      return typeof answer === 'number' && answer >= c.value;
  }
}

/** The range a numeric question accepts. */
export function numericRange(q: Question): { min: number; max: number } {
  if (q.type === 'rating') return { min: 1, max: 5 };
  if (q.type === 'nps') return { min: 0, max: 10 };
  return { min: q.min ?? -1e12, max: q.max ?? 1e12 };
}
