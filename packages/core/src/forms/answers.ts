import { isIsoDate } from '../calendar/dates.ts';
import type { Privacy } from '../mask.ts';
import type { AppError, FieldCodes, Result } from '../result.ts';
import { err, ok } from '../result.ts';
import {
  ANSWER_LIMITS,
  DIMENSIONS,
  SEVERITIES,
  askedQuestions,
  shownTest,
  numericRange,
  type Dimension,
  type FormDefinition,
  type Question,
  type Severity,
} from './definition.ts';

/** One problem found on a visit: what, where, how bad, and the photos taken of it. */
export type IssueItem = {
  dimension: Dimension;
  categoryId: number;
  severity: Severity;
  building: string;
  unit: string;
  room: string;
  area: string;
  description: string;
  photos: string[];
};

/**
 * An answer by question type: numbers for rating/nps/number, an option value
 * for single, option values for multiple, text, an ISO date, photo ids, or
 * issue items. An empty issue list is an explicit "no issues found".
 */
export type AnswerValue = number | string | string[] | IssueItem[];
export type Answers = Record<string, AnswerValue>;

export type CategoryRef = { dimension: Dimension; active: boolean };

/** Photos are named by ids the device makes up, so a form can point at them before they upload. */
export const PHOTO_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

type Check<T> = { value: T } | { problem: FieldCodes[string] };

const isEmpty = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/** No answer: nothing, blank text or an empty list. (For an issue list, an empty list is an answer: "no issues".) */
export const isUnanswered = (v: unknown): boolean => isEmpty(v) || (Array.isArray(v) && v.length === 0);
const chars = (s: string) => [...s].length;

/**
 * Validates answers against one form version. Answers to questions the form
 * does not ask (unknown or retired keys) are refused; answers to questions
 * hidden by their condition are dropped, as the person filling the form
 * cannot see them. Field errors are keyed `answers.<key>` (and
 * `answers.<key>.<i>.<field>` for issue items).
 */
export function validateAnswers(
  def: FormDefinition,
  raw: unknown,
  categories: ReadonlyMap<number, CategoryRef>,
): Result<Answers, AppError> {
  const fields: FieldCodes = {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return err({ code: 'VALIDATION_FAILED', fields: { answers: 'ANSWER_WRONG_TYPE' } });
  }
  const given = raw as Record<string, unknown>;
  const asked = new Map(askedQuestions(def).map((q) => [q.key, q]));
  for (const key of Object.keys(given)) if (!asked.has(key)) fields[`answers.${key}`] = 'ANSWER_UNKNOWN_QUESTION';

  const out: Answers = {};
  const shown = shownTest(def, given);
  for (const q of asked.values()) {
    if (!shown(q.key)) continue;
    const value = given[q.key];
    const unanswered = q.type === 'issues' ? isEmpty(value) : isUnanswered(value);
    if (unanswered) {
      if (q.required) fields[`answers.${q.key}`] = 'ANSWER_REQUIRED';
      continue;
    }
    if (q.type === 'issues') {
      const items = checkIssues(q, value, categories, fields);
      if (items) out[q.key] = items;
      continue;
    }
    const checked = checkValue(q, value);
    if ('problem' in checked) fields[`answers.${q.key}`] = checked.problem;
    else out[q.key] = checked.value;
  }
  return Object.keys(fields).length ? err({ code: 'VALIDATION_FAILED', fields }) : ok(out);
}

function checkValue(q: Question, value: unknown): Check<AnswerValue> {
  switch (q.type) {
    case 'rating':
    case 'nps':
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return { problem: 'ANSWER_WRONG_TYPE' };
      const { min, max } = numericRange(q);
      const whole = q.type !== 'number';
      if (whole && !Number.isInteger(value)) return { problem: { code: 'ANSWER_OUT_OF_RANGE', params: { min, max } } };
      if (value < min || value > max)
        return { problem: { code: whole ? 'ANSWER_OUT_OF_RANGE' : 'ANSWER_NUMBER_RANGE', params: { min, max } } };
      return { value };
    }
    case 'single': {
      if (typeof value !== 'string') return { problem: 'ANSWER_WRONG_TYPE' };
      return q.options?.some((o) => o.value === value) ? { value } : { problem: 'ANSWER_NOT_AN_OPTION' };
    }
    case 'multiple': {
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) return { problem: 'ANSWER_WRONG_TYPE' };
      const allowed = new Set(q.options?.map((o) => o.value));
      if (!value.every((v) => allowed.has(v))) return { problem: 'ANSWER_NOT_AN_OPTION' };
      // Kept in the form's option order, once each.
      return { value: [...allowed].filter((v) => value.includes(v)) };
    }
    case 'text':
    case 'textarea':
      return checkText(value, Math.min(q.maxLength ?? ANSWER_LIMITS[q.type], ANSWER_LIMITS[q.type]));
    case 'date':
      return typeof value === 'string' && isIsoDate(value) ? { value } : { problem: 'CALENDAR_BAD_DATE' };
    case 'photo':
      return checkPhotos(
        value,
        Math.min(q.maxPhotos ?? ANSWER_LIMITS.photosPerQuestion, ANSWER_LIMITS.photosPerQuestion),
      );
    case 'issues':
      return { problem: 'ANSWER_WRONG_TYPE' };
  }
}

function checkText(value: unknown, max: number): Check<string> {
  if (typeof value !== 'string') return { problem: 'ANSWER_WRONG_TYPE' };
  const text = value.trim();
  return chars(text) > max ? { problem: { code: 'ANSWER_TOO_LONG', params: { max } } } : { value: text };
}

function checkPhotos(value: unknown, max: number): Check<string[]> {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && PHOTO_ID.test(v)))
    return { problem: 'ANSWER_WRONG_TYPE' };
  const unique = [...new Set(value as string[])];
  return unique.length > max ? { problem: { code: 'ANSWER_TOO_MANY', params: { max } } } : { value: unique };
}

function checkIssues(
  q: Question,
  value: unknown,
  categories: ReadonlyMap<number, CategoryRef>,
  fields: FieldCodes,
): IssueItem[] | null {
  const at = `answers.${q.key}`;
  if (!Array.isArray(value)) {
    fields[at] = 'ANSWER_WRONG_TYPE';
    return null;
  }
  if (value.length > ANSWER_LIMITS.issuesPerList) {
    fields[at] = { code: 'ANSWER_TOO_MANY', params: { max: ANSWER_LIMITS.issuesPerList } };
    return null;
  }
  const before = Object.keys(fields).length;
  const items = value.map((raw, i) => checkIssue(raw, categories, `${at}.${i}`, fields));
  return Object.keys(fields).length === before ? (items as IssueItem[]) : null;
}

function checkIssue(
  raw: unknown,
  categories: ReadonlyMap<number, CategoryRef>,
  at: string,
  fields: FieldCodes,
): IssueItem | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    fields[at] = 'ANSWER_WRONG_TYPE';
    return null;
  }
  const item = raw as Record<string, unknown>;
  const dimension = item.dimension as Dimension;
  if (!DIMENSIONS.includes(dimension)) fields[`${at}.dimension`] = 'ANSWER_NOT_AN_OPTION';
  const category = typeof item.categoryId === 'number' ? categories.get(item.categoryId) : undefined;
  if (!category || !category.active || category.dimension !== dimension)
    fields[`${at}.categoryId`] = 'ISSUE_CATEGORY_INVALID';
  if (!SEVERITIES.includes(item.severity as Severity)) fields[`${at}.severity`] = 'ANSWER_NOT_AN_OPTION';

  const text = (field: string, max: number, required = false): string => {
    const value = item[field];
    if (isEmpty(value)) {
      if (required) fields[`${at}.${field}`] = 'ANSWER_REQUIRED';
      return '';
    }
    const checked = checkText(value, max);
    if ('problem' in checked) {
      fields[`${at}.${field}`] = checked.problem;
      return '';
    }
    return checked.value;
  };
  const location = {
    building: text('building', ANSWER_LIMITS.location),
    unit: text('unit', ANSWER_LIMITS.location),
    room: text('room', ANSWER_LIMITS.location),
    area: text('area', ANSWER_LIMITS.location),
  };
  const description = text('description', ANSWER_LIMITS.issueDescription, true);
  let photos: string[] = [];
  if (item.photos !== undefined) {
    const checked = checkPhotos(item.photos, ANSWER_LIMITS.photosPerIssue);
    if ('problem' in checked) fields[`${at}.photos`] = checked.problem;
    else photos = checked.value;
  }
  return {
    dimension,
    categoryId: item.categoryId as number,
    severity: item.severity as Severity,
    ...location,
    description,
    photos,
  };
}

/** Every photo id an answer set points at (photo questions and issue items). */
export function photoIdsOf(def: FormDefinition, answers: Answers): string[] {
  const ids: string[] = [];
  for (const q of def.questions) {
    const a = answers[q.key];
    if (a === undefined) continue;
    if (q.type === 'photo') ids.push(...(a as string[]));
    if (q.type === 'issues') for (const item of a as IssueItem[]) ids.push(...item.photos);
  }
  return [...new Set(ids)];
}

/**
 * Answers as a viewer may read them: issue items' locations masked like the
 * household's address, and free text (text answers, issue descriptions)
 * through the viewer's privacy (see `privacyFor`).
 */
export function viewAnswers(def: FormDefinition, answers: Answers, privacy: Privacy): Answers {
  const out: Answers = {};
  const types = new Map(def.questions.map((q) => [q.key, q.type]));
  for (const [key, value] of Object.entries(answers)) {
    const type = types.get(key);
    if ((type === 'text' || type === 'textarea') && typeof value === 'string') out[key] = privacy.text(value) ?? '';
    else if (type === 'issues' && Array.isArray(value))
      out[key] = (value as IssueItem[]).map((item) => viewIssue(item, privacy));
    else out[key] = value;
  }
  return out;
}

/** One issue item as a viewer may read it. */
export function viewIssue<T extends IssueItem>(item: T, privacy: Privacy): T {
  return { ...privacy.location(item), description: privacy.text(item.description) ?? '' };
}
