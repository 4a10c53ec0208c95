import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHECKPOINTS } from '../org.ts';
import type { FieldCodes } from '../result.ts';
import { photoIdsOf, validateAnswers, type CategoryRef } from './answers.ts';
import { DEFAULT_FORMS } from './defaults.ts';
import { formDefinitionSchema, isShown, type FormDefinition, type Question } from './definition.ts';

const categories = new Map<number, CategoryRef>([
  [1, { dimension: 'engineering', active: true }],
  [2, { dimension: 'product', active: true }],
  [3, { dimension: 'engineering', active: false }],
]);

const q = (key: string, type: Question['type'], extra: Partial<Question> = {}): Question => ({
  key,
  type,
  label: { zh: key, en: key },
  dimension: null,
  required: false,
  ...extra,
});

const form: FormDefinition = {
  title: { zh: '测试', en: 'Test' },
  questions: [
    q('overall', 'rating', { required: true }),
    q('why', 'textarea', { required: true, showIf: { key: 'overall', op: 'lte', value: 2 }, maxLength: 20 }),
    q('nps', 'nps'),
    q('kind', 'single', {
      options: [
        { value: 'a', label: { zh: 'A', en: 'A' } },
        { value: 'b', label: { zh: 'B', en: 'B' } },
      ],
    }),
    q('kind_b', 'text', { required: true, showIf: { key: 'kind', op: 'eq', value: 'b' } }),
    q('many', 'multiple', {
      options: [
        { value: 'x', label: { zh: 'X', en: 'X' } },
        { value: 'y', label: { zh: 'Y', en: 'Y' } },
      ],
    }),
    q('count', 'number', { min: 0, max: 10 }),
    q('on', 'date'),
    q('pics', 'photo', { maxPhotos: 2 }),
    q('issues', 'issues', { required: true }),
    q('old', 'text', { retired: true }),
  ],
};

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const issue = (extra: Record<string, unknown> = {}) => ({
  dimension: 'engineering',
  categoryId: 1,
  severity: 'general',
  building: '3栋',
  unit: '2单元',
  room: '1201',
  area: '主卧',
  description: '窗框渗水',
  photos: [uuid(9)],
  ...extra,
});

const fieldsOf = (raw: unknown): FieldCodes => {
  const r = validateAnswers(form, raw, categories);
  return (r.ok ? {} : r.error.fields) ?? {};
};

describe('validateAnswers', () => {
  it('accepts a complete answer set and returns it cleaned', () => {
    const r = validateAnswers(
      form,
      {
        overall: 4,
        nps: 9,
        kind: 'a',
        many: ['y', 'x', 'y'],
        count: 2.5,
        on: '2026-11-20',
        pics: [uuid(1)],
        issues: [issue({ description: '  窗框渗水  ' })],
      },
      categories,
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.many).toEqual(['x', 'y']);
    expect(r.value.issues).toEqual([issue()]);
    expect(photoIdsOf(form, r.value).sort()).toEqual([uuid(1), uuid(9)]);
  });

  it('needs every shown required question, and an issue list answered (empty means “no issues”)', () => {
    expect(fieldsOf({})).toEqual({ 'answers.overall': 'ANSWER_REQUIRED', 'answers.issues': 'ANSWER_REQUIRED' });
    expect(fieldsOf({ overall: 3, issues: [] })).toEqual({});
    expect(fieldsOf({ overall: 3, issues: [], kind: 'a', many: [] })).toEqual({});
  });

  it('asks a conditional question only when its condition holds, and drops answers to hidden ones', () => {
    expect(fieldsOf({ overall: 2, issues: [] })).toEqual({ 'answers.why': 'ANSWER_REQUIRED' });
    const hidden = validateAnswers(form, { overall: 5, why: 'leftover', issues: [] }, categories);
    expect(hidden.ok && hidden.value).toEqual({ overall: 5, issues: [] });
    expect(fieldsOf({ overall: 3, kind: 'b', issues: [] })).toEqual({ 'answers.kind_b': 'ANSWER_REQUIRED' });
  });

  it('checks ranges and types per question type, with the limits in the message parameters', () => {
    expect(fieldsOf({ overall: 6, issues: [] })).toEqual({
      'answers.overall': { code: 'ANSWER_OUT_OF_RANGE', params: { min: 1, max: 5 } },
    });
    expect(fieldsOf({ overall: 3.5, issues: [] })['answers.overall']).toMatchObject({ code: 'ANSWER_OUT_OF_RANGE' });
    expect(fieldsOf({ overall: '3', issues: [] })).toEqual({ 'answers.overall': 'ANSWER_WRONG_TYPE' });
    expect(fieldsOf({ overall: 3, nps: 11, issues: [] })['answers.nps']).toEqual({
      code: 'ANSWER_OUT_OF_RANGE',
      params: { min: 0, max: 10 },
    });
    expect(fieldsOf({ overall: 3, count: 11, issues: [] })['answers.count']).toEqual({
      code: 'ANSWER_NUMBER_RANGE',
      params: { min: 0, max: 10 },
    });
    expect(fieldsOf({ overall: 3, kind: 'c', issues: [] })['answers.kind']).toBe('ANSWER_NOT_AN_OPTION');
    expect(fieldsOf({ overall: 3, many: ['x', 'z'], issues: [] })['answers.many']).toBe('ANSWER_NOT_AN_OPTION');
    expect(fieldsOf({ overall: 3, on: '2026-02-30', issues: [] })['answers.on']).toBe('CALENDAR_BAD_DATE');
    expect(fieldsOf({ overall: 1, why: '很'.repeat(21), issues: [] })['answers.why']).toEqual({
      code: 'ANSWER_TOO_LONG',
      params: { max: 20 },
    });
    expect(fieldsOf({ overall: 3, pics: [uuid(1), uuid(2), uuid(3)], issues: [] })['answers.pics']).toEqual({
      code: 'ANSWER_TOO_MANY',
      params: { max: 2 },
    });
    expect(fieldsOf({ overall: 3, pics: ['../../etc/passwd'], issues: [] })['answers.pics']).toBe('ANSWER_WRONG_TYPE');
  });

  it('refuses answers to questions the version does not ask, retired ones included', () => {
    expect(fieldsOf({ overall: 3, issues: [], old: 'x', nope: 1 })).toEqual({
      'answers.old': 'ANSWER_UNKNOWN_QUESTION',
      'answers.nope': 'ANSWER_UNKNOWN_QUESTION',
    });
  });

  it('checks each issue item field by field: category of the same dimension and active, severity, description', () => {
    expect(fieldsOf({ overall: 3, issues: [issue({ categoryId: 2 })] })).toEqual({
      'answers.issues.0.categoryId': 'ISSUE_CATEGORY_INVALID',
    });
    expect(fieldsOf({ overall: 3, issues: [issue({ categoryId: 3 })] })).toEqual({
      'answers.issues.0.categoryId': 'ISSUE_CATEGORY_INVALID',
    });
    expect(fieldsOf({ overall: 3, issues: [issue(), issue({ severity: 'fatal', description: ' ' })] })).toEqual({
      'answers.issues.1.severity': 'ANSWER_NOT_AN_OPTION',
      'answers.issues.1.description': 'ANSWER_REQUIRED',
    });
    expect(fieldsOf({ overall: 3, issues: [issue({ room: 'x'.repeat(33) })] })['answers.issues.0.room']).toMatchObject({
      code: 'ANSWER_TOO_LONG',
    });
    expect(fieldsOf({ overall: 3, issues: 'none' })).toEqual({ 'answers.issues': 'ANSWER_WRONG_TYPE' });
  });

  it('never throws and never accepts what it would then refuse (validated output validates again unchanged)', () => {
    const anything = fc.dictionary(
      fc.constantFrom('overall', 'why', 'nps', 'kind', 'kind_b', 'many', 'count', 'on', 'pics', 'issues', 'old', 'x'),
      fc.oneof(
        fc.integer({ min: -2, max: 12 }),
        fc.double(),
        fc.string(),
        fc.constantFrom('a', 'b', 'x', 'y'),
        fc.array(fc.constantFrom('x', 'y', 'z')),
        fc.constant([]),
        fc.constant(null),
        fc.array(fc.constant(issue()), { maxLength: 2 }),
      ),
    );
    fc.assert(
      fc.property(anything, (raw) => {
        const r = validateAnswers(form, raw, categories);
        if (!r.ok) return;
        const again = validateAnswers(form, r.value, categories);
        expect(again).toEqual(r);
      }),
    );
  });

  it('a required shown question left empty is always reported, whatever else is answered', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.option(fc.constantFrom('a', 'b'), { nil: undefined }),
        (overall, kind) => {
          const raw: Record<string, unknown> = { overall, issues: [], ...(kind ? { kind } : {}) };
          const fields = fieldsOf(raw);
          expect('answers.why' in fields).toBe(overall <= 2);
          expect('answers.kind_b' in fields).toBe(kind === 'b');
        },
      ),
    );
  });

  it('hiding follows chains: a question whose condition’s source is hidden is hidden', () => {
    const chain: FormDefinition = {
      title: form.title,
      questions: [
        q('a', 'rating'),
        q('b', 'rating', { showIf: { key: 'a', op: 'lte', value: 2 } }),
        q('c', 'text', { required: true, showIf: { key: 'b', op: 'lte', value: 2 } }),
      ],
    };
    expect(isShown(chain, 'c', { a: 5, b: 1 })).toBe(false);
    expect(isShown(chain, 'c', { a: 1, b: 1 })).toBe(true);
    const r = validateAnswers(chain, { a: 5, b: 1 }, categories);
    expect(r.ok && r.value).toEqual({ a: 5 });
  });
});

describe('default forms', () => {
  it('one per checkpoint, each well formed and asking all four dimensions', () => {
    for (const cp of CHECKPOINTS) {
      const def = DEFAULT_FORMS[cp];
      expect(formDefinitionSchema.safeParse(def).success).toBe(true);
      expect(new Set(def.questions.map((x) => x.dimension).filter(Boolean))).toEqual(
        new Set(['product', 'engineering', 'service', 'organisation']),
      );
      expect(def.questions.some((x) => x.type === 'issues' && x.required)).toBe(true);
    }
  });

  it('accept a plain “satisfied, no issues” answer', () => {
    for (const cp of CHECKPOINTS) {
      const def = DEFAULT_FORMS[cp];
      const raw: Record<string, unknown> = { overall: 5, issues: [] };
      for (const x of def.questions) if (x.required && !x.showIf && !(x.key in raw)) raw[x.key] = x.options![0]!.value;
      expect(validateAnswers(def, raw, categories).ok).toBe(true);
    }
  });
});
