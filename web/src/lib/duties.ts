import { parsePeriodKey, periodLabel, type Locale } from '@frontline/core';

/** A duty as the API returns it (see api/src/routes/views.ts dutyView). */
export type DutyView = {
  id: number;
  kind: 'reception' | 'home_visit' | 'checkpoint';
  status: 'planned' | 'scheduled' | 'done' | 'missed' | 'excused' | 'delegated';
  period: { kind: string; key: string };
  due: { from: string; to: string };
  proposedOn: string | null;
  scheduledOn: string | null;
  employeeId: number;
  employeeName: string | null;
  deputyId: number | null;
  deputyName: string | null;
  attendedBy: number | null;
  project: { id: number; name: string | null } | null;
  eventId: number | null;
  eventTitle: string | null;
  householdId: number | null;
  householdLabel: string | null;
  completedOn: string | null;
  notes: string | null;
  reason: string | null;
  approvedBy: number | null;
};

export function periodText(key: string, locale: Locale): string {
  const period = parsePeriodKey(key);
  return period ? periodLabel(period, locale) : key;
}
