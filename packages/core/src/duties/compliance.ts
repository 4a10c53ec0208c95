import { LINE_LABELS, type Line } from '../org.ts';
import type { Locale } from '../result.ts';

/** Compliance counts for a group of duties, and the rate that excused absences do not lower. */
export type ComplianceCounts = {
  assigned: number;
  done: number;
  onTime: number;
  missed: number;
  excused: number;
  open: number;
};

export const COMPLIANCE_GROUPS = ['region', 'project', 'line', 'person'] as const;
export type ComplianceGroup = (typeof COMPLIANCE_GROUPS)[number];

/**
 * Done on time over the duties already decided: assigned minus excused, minus those still open
 * (inside their window and not yet done), which cannot count for or against anyone yet. Null when
 * nothing is decided, so a board early in a period shows "not yet" instead of 0%.
 */
export function onTimeRate(c: ComplianceCounts): number | null {
  const decided = c.assigned - c.excused - c.open;
  return decided > 0 ? c.onTime / decided : null;
}

/** Staff with no project sit in the region's office; the board names that group. */
const REGIONAL_OFFICE = { zh: '区域职能', en: 'Regional office' };

/** What a board row is called, on the page and in the export. */
export function complianceRowLabel(row: { label: string | null }, groupBy: ComplianceGroup, locale: Locale): string {
  const lang = locale === 'en' ? 'en' : 'zh';
  if (groupBy === 'line') return row.label ? (LINE_LABELS[row.label as Line]?.[lang] ?? row.label) : '—';
  if (groupBy === 'project' && !row.label) return REGIONAL_OFFICE[lang];
  return row.label ?? '—';
}
