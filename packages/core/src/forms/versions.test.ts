import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_FORMS } from './defaults.ts';
import type { FormDefinition } from './definition.ts';
import { formatMessage } from '../result.ts';
import { checkRevision, freshKey } from './versions.ts';

const published = DEFAULT_FORMS[7];

describe('checkRevision', () => {
  it('allows rewording, reordering, adding and retiring', () => {
    const draft: FormDefinition = structuredClone(published);
    draft.questions.reverse();
    draft.questions = draft.questions.filter((q) => !q.showIf);
    // overall_reason depended on overall; removing it must fail, so keep it retired instead
    draft.questions.push({
      ...published.questions.find((q) => q.key === 'overall_reason')!,
      showIf: undefined,
      retired: true,
    });
    draft.questions[0]!.label = { zh: '新的措辞', en: 'New wording' };
    draft.questions.push({
      key: 'parking_ok',
      type: 'rating',
      label: { zh: '车位', en: 'Parking' },
      dimension: 'product',
      required: false,
    });
    draft.questions.find((q) => q.key === 'topics')!.retired = true;
    const r = checkRevision(published, draft);
    expect(r.ok).toBe(true);
  });

  it('refuses dropping a published key or changing its type', () => {
    const dropped = { ...published, questions: published.questions.filter((q) => q.key !== 'nps') };
    expect(checkRevision(published, dropped)).toMatchObject({
      ok: false,
      error: { code: 'FORM_QUESTION_REMOVED', params: { key: 'nps' } },
    });
    const retyped = {
      ...published,
      questions: published.questions.map((q) => (q.key === 'nps' ? { ...q, type: 'rating' as const } : q)),
    };
    expect(checkRevision(published, retyped)).toMatchObject({
      ok: false,
      error: { code: 'FORM_KEY_CHANGED', params: { key: 'nps' } },
    });
  });

  it('refuses malformed definitions with the path of the problem', () => {
    const dup = { ...published, questions: [...published.questions, published.questions[0]] };
    const r = checkRevision(null, dup);
    expect(!r.ok && r.error.code).toBe('FORM_INVALID');
    const forward = {
      title: published.title,
      questions: [
        {
          key: 'a',
          type: 'text',
          label: { zh: 'a', en: 'a' },
          dimension: null,
          required: false,
          showIf: { key: 'b', op: 'lte', value: 1 },
        },
        { key: 'b', type: 'rating', label: { zh: 'b', en: 'b' }, dimension: null, required: false },
      ],
    };
    const f = checkRevision(null, forward);
    const detail = !f.ok ? (f.error.params?.detail as { zh: string; en: string }) : undefined;
    expect(detail?.en).toMatch(/^questions\.0\.showIf: /);
    expect(detail?.zh).toMatch(/^questions\.0\.showIf：/);
  });

  it('words a bad key in both languages, never as the pattern it must match', () => {
    const badKey = { ...published, questions: [{ ...published.questions[0]!, key: 'Bad Key' }] };
    const r = checkRevision(null, badKey);
    expect(!r.ok && r.error.code).toBe('FORM_INVALID');
    const en = !r.ok ? formatMessage(r.error.code, 'en', r.error.params) : '';
    const zh = !r.ok ? formatMessage(r.error.code, 'zh-CN', r.error.params) : '';
    expect(en).toBe(`The form is not well formed: questions.0.key: ${formatMessage('FORM_KEY_FORMAT', 'en')}`);
    expect(zh).toBe(`表单结构有误：questions.0.key：${formatMessage('FORM_KEY_FORMAT', 'zh-CN')}`);
    expect(en + zh).not.toMatch(/pattern|正则|\/\^/);
  });

  it('every key of the published version survives any accepted revision, with its type', () => {
    const keys = published.questions.map((q) => q.key);
    fc.assert(
      fc.property(fc.shuffledSubarray(keys), fc.subarray(keys), (order, retire) => {
        const byKey = new Map(published.questions.map((q) => [q.key, q]));
        const draft = {
          ...published,
          questions: order.map((k) => ({ ...byKey.get(k)!, retired: retire.includes(k) || undefined })),
        };
        const r = checkRevision(published, draft);
        if (!r.ok) return;
        for (const q of published.questions) expect(r.value.questions.find((x) => x.key === q.key)?.type).toBe(q.type);
      }),
    );
  });
});

describe('freshKey', () => {
  it('skips keys used by the draft or any published version', () => {
    const def: FormDefinition = {
      title: published.title,
      questions: [{ key: 'rating_1', type: 'rating', label: { zh: 'a', en: 'a' }, dimension: null, required: false }],
    };
    const pub: FormDefinition = {
      title: published.title,
      questions: [{ key: 'rating_2', type: 'rating', label: { zh: 'a', en: 'a' }, dimension: null, required: false }],
    };
    expect(freshKey(def, 'rating', pub)).toBe('rating_3');
  });
});
