import { addDaysIso, addMonthsIso, yearOf, type IsoDate } from '../calendar/dates.ts';

/**
 * Minimum warranty periods of 《房屋建筑工程质量保修办法》 (Ministry of Construction) art. 7, counted from the
 * project's completion-acceptance date (竣工验收合格之日).
 */
export const WARRANTY_KINDS = ['waterproofing', 'heating_cooling', 'installation', 'decoration'] as const;
export type WarrantyKind = (typeof WARRANTY_KINDS)[number];

export const WARRANTY_KIND_LABELS: Record<WarrantyKind, { zh: string; en: string }> = {
  waterproofing: {
    zh: '屋面防水、卫生间防水、外墙面防渗漏',
    en: 'Roof and bathroom waterproofing, exterior-wall leaks',
  },
  heating_cooling: { zh: '供热与供冷系统', en: 'Heating and cooling systems' },
  installation: { zh: '电气管线、给排水管道、设备安装', en: 'Electrical, plumbing and equipment installation' },
  decoration: { zh: '装修工程', en: 'Decoration' },
};

/** `seasonEnd` is 'MM-DD', the day a heating season ends, e.g. '03-15'. */
export type WarrantyPeriod = { unit: 'years'; count: number } | { unit: 'seasons'; count: number; seasonEnd: string };

export const DEFAULT_WARRANTY_PERIODS: Record<WarrantyKind, WarrantyPeriod> = {
  waterproofing: { unit: 'years', count: 5 },
  heating_cooling: { unit: 'seasons', count: 2, seasonEnd: '03-15' },
  installation: { unit: 'years', count: 2 },
  decoration: { unit: 'years', count: 2 },
};

/** The last day covered: years → completion + count years - 1 day; seasons → the count-th seasonEnd strictly after completion. */
export function warrantyEndsOn(completedOn: IsoDate, period: WarrantyPeriod): IsoDate {
  if (period.unit === 'years') return addDaysIso(addMonthsIso(completedOn, 12 * period.count), -1);
  const year = yearOf(completedOn);
  const firstYear = `${year}-${period.seasonEnd}` > completedOn ? year : year + 1;
  return `${firstYear + period.count - 1}-${period.seasonEnd}`;
}

export type WarrantyVerdict = { status: 'in_warranty' | 'out_of_warranty' | 'unknown'; endsOn: IsoDate | null };

/** unknown when the project has no completion date or the category has no warranty kind. */
export function warrantyVerdict(
  completedOn: IsoDate | null,
  period: WarrantyPeriod | null,
  reportedOn: IsoDate,
): WarrantyVerdict {
  if (!completedOn || !period) return { status: 'unknown', endsOn: null };
  const endsOn = warrantyEndsOn(completedOn, period);
  return { status: reportedOn <= endsOn ? 'in_warranty' : 'out_of_warranty', endsOn };
}

export function describeWarrantyPeriod(p: WarrantyPeriod): { zh: string; en: string } {
  if (p.unit === 'years') return { zh: `${p.count}年`, en: `${p.count} ${p.count === 1 ? 'year' : 'years'}` };
  return {
    zh: `${p.count}个采暖期/供冷期`,
    en: `${p.count} heating or cooling ${p.count === 1 ? 'season' : 'seasons'}`,
  };
}
