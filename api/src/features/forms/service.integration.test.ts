import { DEFAULT_FORMS, type FormDefinition } from '@frontline/core';
import { currentFormVersion, getFormVersion } from '@frontline/db';
import { createTestDatabase } from '@frontline/db/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { publishFormDraft, saveFormDraft } from './service.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

const AT = Date.UTC(2026, 10, 23, 2);
const ctx = { actorId: null, at: AT };

describe('the forms service', () => {
  it('edits of a published version go to a new draft that publishes as the next version', async () => {
    const db = await createTestDatabase();
    cleanups.push(db.cleanup);
    const v1 = (await currentFormVersion(db, 7))!;

    const edited: FormDefinition = structuredClone(v1.definition);
    edited.questions.find((q) => q.key === 'topics')!.retired = true;
    edited.questions[0]!.label = { zh: '总体满意度（新）', en: 'Overall (new)' };
    const draft = await saveFormDraft(db, v1.formId, edited, ctx);
    expect(draft.ok && [draft.value.version, draft.value.status]).toEqual([2, 'draft']);
    // saving again rewrites the same draft
    const again = await saveFormDraft(db, v1.formId, edited, ctx);
    expect(again.ok && again.value.id).toBe(draft.ok && draft.value.id);
    expect((await currentFormVersion(db, 7))!.id).toBe(v1.id);

    const published = await publishFormDraft(db, v1.formId, { ...ctx, at: AT + 5 });
    expect(published.ok && published.value.version).toBe(2);
    expect((await currentFormVersion(db, 7))!.definition.questions[0]!.label.zh).toBe('总体满意度（新）');
    expect((await getFormVersion(db, v1.id))!.definition).toEqual(DEFAULT_FORMS[7]);
    expect(await publishFormDraft(db, v1.formId, ctx)).toMatchObject({ ok: false, error: { code: 'FORM_NO_DRAFT' } });

    const dropped = { ...edited, questions: edited.questions.filter((q) => q.key !== 'nps') };
    expect(await saveFormDraft(db, v1.formId, dropped, ctx)).toMatchObject({
      ok: false,
      error: { code: 'FORM_QUESTION_REMOVED' },
    });
  });
});
