import { capabilitiesOf, HOME_SECTION_RULES, homeSectionsFor, POSITIONS } from '@frontline/core';
import { describe, expect, it } from 'vitest';
import { NAV_GROUPS, navFor, navGroupsFor } from './nav.ts';

const capabilities = (position: (typeof POSITIONS)[number], regionId: number | null = null) =>
  capabilitiesOf({ employeeId: 1, position, line: null, regionId, projectId: null });
/** Navigation of a person in a position; group level unless a region is given. */
const hrefs = (position: (typeof POSITIONS)[number], regionId: number | null = null) =>
  navFor(capabilities(position, regionId)).map((i) => i.href);
const grouped = (position: (typeof POSITIONS)[number], regionId: number | null = null) =>
  Object.fromEntries(navGroupsFor(capabilities(position, regionId)).map((g) => [g.key, g.items.map((i) => i.href)]));

describe('navigation by position, grouped by task', () => {
  it('shows staff their day, their tickets and scores, and no admin pages or API reference', () => {
    expect(grouped('staff')).toEqual({
      'ui.navGroups.today': ['/', '/duties', '/bookings', '/visits', '/households'],
      'ui.navGroups.tickets': ['/tickets', '/tickets/mine'],
      'ui.navGroups.improve': ['/plans', '/defects'],
      'ui.navGroups.people': ['/scores', '/org'],
      'ui.navGroups.system': ['/profile'],
    });
  });
  it('shows HR the import page and the API reference (for their tokens) but never customer households', () => {
    expect(hrefs('hr_admin')).toEqual([
      '/',
      '/duties',
      '/compliance',
      '/scores',
      '/org',
      '/admin/import',
      '/admin/scoring',
      '/api/docs',
      '/profile',
    ]);
  });
  it('shows system admins every entry but the reception plan, under seven headings', () => {
    // every entry but the reception plan, which is for executives who receive customers
    expect(hrefs('system_admin')).toEqual(
      NAV_GROUPS.flatMap((g) => g.items.map((i) => i.href)).filter((h) => h !== '/receptions'),
    );
    expect(navGroupsFor(capabilities('system_admin'))).toHaveLength(7);
  });
  it('shows executives their reception plan and compliance', () => {
    expect(grouped('project_head')['ui.navGroups.today']).toEqual([
      '/',
      '/duties',
      '/receptions',
      '/bookings',
      '/visits',
      '/households',
    ]);
    expect(hrefs('project_head')).toContain('/compliance');
    expect(hrefs('project_head')).not.toContain('/admin/schedule');
  });
  it('keeps group-wide configuration from regional admins', () => {
    expect(grouped('cr_admin')['ui.navGroups.settings']).toEqual([
      '/admin/schedule',
      '/admin/forms',
      '/admin/rules',
      '/admin/import',
      '/admin/ticket-settings',
    ]);
    expect(grouped('cr_admin', 1)['ui.navGroups.settings']).toEqual([
      '/admin/schedule',
      '/admin/import',
      '/admin/ticket-settings',
    ]);
    expect(hrefs('hr_admin', 1)).toEqual(hrefs('hr_admin'));
  });
  it('everyone has home and profile, no heading is shown empty, and no entry is listed twice', () => {
    for (const p of POSITIONS) {
      expect(hrefs(p)).toEqual(expect.arrayContaining(['/', '/duties', '/profile']));
      for (const g of navGroupsFor(capabilities(p))) expect(g.items.length).toBeGreaterThan(0);
      expect(new Set(hrefs(p)).size).toBe(hrefs(p).length);
    }
  });
  it('links each home section a person sees to a page their menu shows (one rule decides both)', () => {
    for (const p of POSITIONS)
      for (const regionId of [null, 1]) {
        const caps = capabilities(p, regionId);
        const menu = navFor(caps).map((i) => i.href);
        for (const s of homeSectionsFor(caps, { holdsDuties: true }))
          expect(menu).toContain(HOME_SECTION_RULES[s].page);
      }
  });
});
