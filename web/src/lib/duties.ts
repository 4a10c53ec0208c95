import { parsePeriodKey, periodLabel, type Locale } from '@frontline/core';

/** A duty as the API returns it. */
export type { DutyView } from '@frontline/api';

export function periodText(key: string, locale: Locale): string {
  const period = parsePeriodKey(key);
  return period ? periodLabel(period, locale) : key;
}
