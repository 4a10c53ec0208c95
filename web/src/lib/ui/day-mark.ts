import type { DayStatus } from '@frontline/core';
import type { MessageKey } from '#lib/i18n/keys.ts';

/** How a day shows in the date picker: its class, the one-glyph badge (休/班/?) and whether staff work on it. */
export type DayMark = { kind: string; badge?: MessageKey; working: boolean };

export function dayMark(status: DayStatus | undefined): DayMark | undefined {
  if (!status) return undefined;
  switch (status.kind) {
    case 'holiday':
      return { kind: 'holiday', badge: 'ui.cal.off', working: false };
    case 'provisional_holiday':
      return { kind: 'holiday provisional', badge: 'ui.cal.off', working: false };
    case 'likely_holiday':
      return { kind: 'provisional', badge: 'ui.cal.maybe', working: true };
    case 'makeup':
      return { kind: 'makeup', badge: 'ui.cal.work', working: true };
    case 'weekend':
      return { kind: 'weekend', working: false };
    case 'unknown':
      return { kind: 'unknown', working: true };
    default:
      return status.provisional ? { kind: 'provisional', working: true } : { kind: 'workday', working: true };
  }
}
