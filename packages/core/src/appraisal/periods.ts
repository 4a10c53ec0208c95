import { isProductYear } from '../bounds.ts';
import { periodAt, type Period } from '../calendar/periods.ts';

/**
 * Appraisal periods as HR names them: `2026-Q4`, `2026-11`, `2026-H2`,
 * `2026`. They map onto the calendar's periods (quarter by default), so a
 * score period and a duty period with the same dates are the same thing.
 */
export const APPRAISAL_PERIOD_KINDS = ['quarter', 'month', 'half', 'year'] as const;
export type AppraisalPeriodKind = (typeof APPRAISAL_PERIOD_KINDS)[number];

export type AppraisalPeriod = Period & { kind: AppraisalPeriodKind; name: string };

const pad = (n: number) => String(n).padStart(2, '0');

export function appraisalPeriodName(kind: AppraisalPeriodKind, year: number, index: number): string {
  switch (kind) {
    case 'quarter':
      return `${year}-Q${index}`;
    case 'month':
      return `${year}-${pad(index)}`;
    case 'half':
      return `${year}-H${index}`;
    case 'year':
      return String(year);
  }
}

function make(kind: AppraisalPeriodKind, year: number, index: number): AppraisalPeriod {
  return { ...periodAt(kind, year, index), kind, name: appraisalPeriodName(kind, year, index) };
}

/** The period a name stands for, or undefined for anything else (2026-Q5, 2026-13, 26-Q1, 9999-Q4). */
export function parseAppraisalPeriod(name: string): AppraisalPeriod | undefined {
  const m = /^(\d{4})(?:-(?:Q([1-4])|H([12])|(0[1-9]|1[0-2])))?$/.exec(name);
  if (!m) return undefined;
  const year = Number(m[1]);
  if (!isProductYear(year)) return undefined;
  if (m[2]) return make('quarter', year, Number(m[2]));
  if (m[3]) return make('half', year, Number(m[3]));
  if (m[4]) return make('month', year, Number(m[4]));
  return make('year', year, 1);
}

/** The period of a kind containing a date. */
export function appraisalPeriodOf(date: string, kind: AppraisalPeriodKind): AppraisalPeriod {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const months = { quarter: 3, month: 1, half: 6, year: 12 }[kind];
  return make(kind, year, Math.floor((month - 1) / months) + 1);
}

/** The period of the same kind just before. */
export function previousAppraisalPeriod(p: AppraisalPeriod): AppraisalPeriod {
  const count = { quarter: 4, month: 12, half: 2, year: 1 }[p.kind];
  return p.index > 1 ? make(p.kind, p.year, p.index - 1) : make(p.kind, p.year - 1, count);
}

/** A period may be closed once its last day is behind us. */
export function periodHasEnded(p: { to: string }, today: string): boolean {
  return p.to < today;
}
