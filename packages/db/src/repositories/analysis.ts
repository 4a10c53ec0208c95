import { DIMENSIONS, type Dimension, type Label } from '@frontline/core';
import { executorOf, type Reader } from '../unit-of-work.ts';
import { oneOf } from './columns.ts';

/**
 * What the roll-up reads to name its figures: issue categories and project
 * names.
 */

/** Every category's label and dimension (a few dozen rows), for naming figures. */
export async function issueCategoryLabels(x: Reader): Promise<Map<number, { label: Label; dimension: Dimension }>> {
  const rows = await executorOf(x).selectFrom('issue_categories').select(['id', 'name_zh', 'name_en', 'dimension']).execute();
  return new Map(rows.map((r) => [r.id, { label: { zh: r.name_zh, en: r.name_en }, dimension: oneOf(DIMENSIONS, r.dimension, 'issue_categories.dimension') }]));
}

export async function projectNamesOf(x: Reader, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await executorOf(x).selectFrom('projects').select(['id', 'name']).where('id', 'in', [...ids]).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
