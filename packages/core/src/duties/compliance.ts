/** Compliance counts for a group of duties, and the rate that excused absences do not lower. */
export type ComplianceCounts = { assigned: number; done: number; onTime: number; missed: number; excused: number; open: number };

export const COMPLIANCE_GROUPS = ['region', 'project', 'line', 'person'] as const;
export type ComplianceGroup = (typeof COMPLIANCE_GROUPS)[number];

/** Done on time over what was owed (assigned minus excused); null when nothing was owed. */
export function onTimeRate(c: ComplianceCounts): number | null {
  const owed = c.assigned - c.excused;
  return owed > 0 ? c.onTime / owed : null;
}
