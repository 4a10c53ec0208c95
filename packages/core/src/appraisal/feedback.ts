import { isUnanswered } from '../forms/answers.ts';
import { askedQuestions, shownTest, type FormDefinition } from '../forms/definition.ts';

/**
 * What one recorded form contributes to a score: whether it is complete
 * (every required question it showed is answered, and its issue list says
 * something: at least one item or an explicit empty list for "no issues"),
 * which question keys are missing when not, and its rating answers.
 */
export type FormFacts = { complete: boolean; missing: string[]; ratings: number[] };

export function formFacts(def: FormDefinition, answers: Readonly<Record<string, unknown>>): FormFacts {
  const missing: string[] = [];
  const ratings: number[] = [];
  const issueLists = [];
  const shown = shownTest(def, answers);
  for (const q of askedQuestions(def)) {
    if (!shown(q.key)) continue;
    const value = answers[q.key];
    if (q.type === 'issues') {
      issueLists.push(q.key);
      continue;
    }
    if (q.required && isUnanswered(value)) missing.push(q.key);
    if (q.type === 'rating' && typeof value === 'number') ratings.push(value);
  }
  // An issue list counts when it was stated at all, including as an empty list.
  if (issueLists.length > 0 && !issueLists.some((k) => Array.isArray(answers[k]))) missing.push(...issueLists);
  return { complete: missing.length === 0, missing, ratings };
}
