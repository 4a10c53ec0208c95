import { isProductYear } from '../bounds.ts';
import { addDaysIso, type IsoDate } from './dates.ts';

/** Cadence periods, aligned to the calendar year (bimonthly = Jan–Feb, Mar–Apr, …). */
export const PERIOD_KINDS = ['month', 'bimonth', 'quarter', 'half', 'year'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

const MONTHS_IN: Record<PeriodKind, number> = { month: 1, bimonth: 2, quarter: 3, half: 6, year: 12 };
const KEY_PREFIX: Record<PeriodKind, string> = { month: 'M', bimonth: 'B', quarter: 'Q', half: 'H', year: 'Y' };

export type Period = {
  kind: PeriodKind;
  /** Stable key, e.g. 2026-M11, 2026-B6, 2026-Q4, 2026-H2, 2026-Y1. */
  key: string;
  year: number;
  /** 1-based index within the year. */
  index: number;
  from: IsoDate;
  to: IsoDate;
};

const pad = (n: number) => String(n).padStart(2, '0');

export function periodAt(kind: PeriodKind, year: number, index: number): Period {
  const months = MONTHS_IN[kind];
  const firstMonth = (index - 1) * months + 1;
  const from = `${year}-${pad(firstMonth)}-01`;
  const nextStart = firstMonth + months > 12 ? `${year + 1}-01-01` : `${year}-${pad(firstMonth + months)}-01`;
  return { kind, key: `${year}-${KEY_PREFIX[kind]}${index}`, year, index, from, to: addDaysIso(nextStart, -1) };
}

export function periodOf(date: IsoDate, kind: PeriodKind): Period {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  return periodAt(kind, year, Math.floor((month - 1) / MONTHS_IN[kind]) + 1);
}

/** The last period of a kind that has ended by `today`: what a board opens on, since its duties are all decided. */
export function lastEndedPeriod(today: IsoDate, kind: PeriodKind): Period {
  return periodOf(addDaysIso(periodOf(today, kind).from, -1), kind);
}

/** Every period of a kind that overlaps [from, to], in order. */
export function periodsOverlapping(kind: PeriodKind, from: IsoDate, to: IsoDate): Period[] {
  const out: Period[] = [];
  for (let p = periodOf(from, kind); p.from <= to; p = periodOf(addDaysIso(p.to, 1), kind)) out.push(p);
  return out;
}

/** The period a key names, or undefined for anything else (2026-Q5, 1999-M1, 9999-Y1). */
export function parsePeriodKey(key: string): Period | undefined {
  const match = /^(\d{4})-([MBQHY])(\d{1,2})$/.exec(key);
  if (!match || !isProductYear(Number(match[1]))) return undefined;
  const kind = (Object.keys(KEY_PREFIX) as PeriodKind[]).find((k) => KEY_PREFIX[k] === match[2])!;
  const index = Number(match[3]);
  if (index < 1 || index > 12 / MONTHS_IN[kind]) return undefined;
  return periodAt(kind, Number(match[1]), index);
}

export const PERIOD_KIND_LABELS: Record<PeriodKind, { zh: string; en: string }> = {
  month: { zh: '每月', en: 'Monthly' },
  bimonth: { zh: '每两个月', en: 'Every two months' },
  quarter: { zh: '每季度', en: 'Quarterly' },
  half: { zh: '每半年', en: 'Half-yearly' },
  year: { zh: '每年', en: 'Yearly' },
};

/** A period as users read it: 2026年11月, 2026年11–12月, 2026年第4季度 … */
export function periodLabel(period: Period, locale: 'zh-CN' | 'en'): string {
  const m1 = Number(period.from.slice(5, 7));
  const m2 = Number(period.to.slice(5, 7));
  const y = period.year;
  const zh = locale !== 'en';
  switch (period.kind) {
    case 'month':
      return zh ? `${y}年${m1}月` : `${MONTH_EN[m1 - 1]} ${y}`;
    case 'bimonth':
      return zh ? `${y}年${m1}–${m2}月` : `${MONTH_EN[m1 - 1]}–${MONTH_EN[m2 - 1]} ${y}`;
    case 'quarter':
      return zh ? `${y}年第${period.index}季度` : `Q${period.index} ${y}`;
    case 'half':
      return zh ? `${y}年${period.index === 1 ? '上' : '下'}半年` : `H${period.index} ${y}`;
    case 'year':
      return zh ? `${y}年` : String(y);
  }
}

const MONTH_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
