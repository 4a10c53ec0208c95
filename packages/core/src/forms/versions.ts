import { z } from 'zod';
import { codedIssue, isPatternIssue } from '../bounds.ts';
import type { AppError, Result } from '../result.ts';
import { err, formatMessage, ok } from '../result.ts';
import { QUESTION_TYPE_LABELS, formDefinitionSchema, type FormDefinition } from './definition.ts';

/**
 * The rules that keep answers comparable across versions. A draft may reword,
 * reorder, add, retire and un-retire questions, but every key a published
 * version asked must stay (retired if no longer wanted) and keep its type:
 * the key is what trends and roll-ups group answers by.
 */
export function checkRevision(published: FormDefinition | null, draft: unknown): Result<FormDefinition, AppError> {
  const parsed = formDefinitionSchema.safeParse(draft);
  if (!parsed.success) return err({ code: 'FORM_INVALID', params: { detail: issueText(parsed.error.issues[0]!) } });
  const next = parsed.data as FormDefinition;
  if (!published) return ok(next);
  const byKey = new Map(next.questions.map((q) => [q.key, q]));
  for (const old of published.questions) {
    const now = byKey.get(old.key);
    if (!now) return err({ code: 'FORM_QUESTION_REMOVED', params: { key: old.key } });
    if (now.type !== old.type)
      return err({ code: 'FORM_KEY_CHANGED', params: { key: old.key, was: QUESTION_TYPE_LABELS[old.type] } });
  }
  return ok(next);
}

const ZOD_MESSAGES = { zh: z.locales.zhCN().localeError, en: z.locales.en().localeError };

/** Where a definition is wrong and why, in both languages: core's own message for a coded check, zod's otherwise. */
function issueText(issue: z.core.$ZodIssue): { zh: string; en: string } {
  const where = issue.path.join('.');
  const coded = codedIssue(issue);
  const why = (lang: 'zh' | 'en') => {
    if (coded) return formatMessage(coded.code, lang === 'en' ? 'en' : 'zh-CN', coded.params);
    if (isPatternIssue(issue)) return formatMessage('FORMAT_INVALID', lang === 'en' ? 'en' : 'zh-CN');
    const text = ZOD_MESSAGES[lang](issue as never);
    return typeof text === 'string' ? text : (text?.message ?? issue.message);
  };
  return { zh: `${where}：${why('zh')}`, en: `${where}: ${why('en')}` };
}

/** Next free key for a new question in the builder: the type's name with the lowest unused number. */
export function freshKey(def: FormDefinition, stem: string, published: FormDefinition | null = null): string {
  const taken = new Set([...def.questions, ...(published?.questions ?? [])].map((q) => q.key));
  for (let i = 1; ; i++) {
    const key = `${stem}_${i}`;
    if (!taken.has(key)) return key;
  }
}
