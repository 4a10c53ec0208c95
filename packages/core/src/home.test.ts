import { describe, expect, it } from 'vitest';
import { capabilitiesOf } from './access.ts';
import { homeSectionsFor, opensTo } from './home.ts';
import type { Position } from './org.ts';

const caps = (position: Position, regionId: number | null = 1, projectId: number | null = null) =>
  capabilitiesOf({ employeeId: 1, position, line: null, regionId, projectId });

describe('home sections', () => {
  it('opens to anyone holding one of the capabilities listed, and to everyone when none is', () => {
    expect(opensTo([], [])).toBe(true);
    expect(opensTo(['mail.view', 'audit.view'], ['audit.view'])).toBe(true);
    expect(opensTo(['mail.view'], ['audit.view'])).toBe(false);
  });

  it('gives each role kind its sections', () => {
    const duty = { holdsDuties: true };
    expect(homeSectionsFor(caps('staff', 1, 1), duty)).toEqual(['duties']);
    expect(homeSectionsFor(caps('regional_president'), duty)).toEqual(['receptions', 'duties', 'compliance']);
    expect(homeSectionsFor(caps('functional_head'), duty)).toEqual(['receptions', 'duties', 'compliance']);
    expect(homeSectionsFor(caps('project_head', 1, 1), duty)).toEqual(['receptions', 'duties', 'compliance']);
    expect(homeSectionsFor(caps('cr_admin'), { holdsDuties: false })).toEqual(['review', 'compliance']);
    expect(homeSectionsFor(caps('hr_admin'), { holdsDuties: false })).toEqual(['appraisal', 'compliance']);
    expect(homeSectionsFor(caps('system_admin', null), { holdsDuties: false })).toEqual([
      'system',
      'review',
      'appraisal',
      'compliance',
    ]);
  });

  it('keeps group-wide system pages from regional holders and never leaves a page empty', () => {
    // a regional role never reaches the outbox, which is group-wide
    for (const p of ['cr_admin', 'hr_admin', 'regional_president'] as const)
      expect(homeSectionsFor(caps(p), { holdsDuties: true })).not.toContain('system');
    expect(homeSectionsFor(caps('staff', 1, 1), { holdsDuties: false })).toEqual(['duties']);
    expect(homeSectionsFor(caps('cr_admin'), { holdsDuties: true })[0]).toBe('duties');
  });
});
