import { capabilitiesOf, POSITIONS } from '@frontline/core';
import { describe, expect, it } from 'vitest';
import { navFor } from './nav.ts';

/** Navigation of a person in a position; group level unless a region is given. */
const hrefs = (position: (typeof POSITIONS)[number], regionId: number | null = null) =>
  navFor(capabilitiesOf({ employeeId: 1, position, line: null, regionId, projectId: null })).map((i) => i.href);

describe('navigation by position', () => {
  it('shows staff their households and the organisation, not admin pages', () => {
    expect(hrefs('staff')).toEqual([
      '/',
      '/bookings',
      '/visits',
      '/households',
      '/tickets',
      '/tickets/mine',
      '/plans',
      '/defects',
      '/scores',
      '/org',
      '/profile',
    ]);
  });
  it('shows HR the import page but never customer households', () => {
    expect(hrefs('hr_admin')).toEqual([
      '/',
      '/compliance',
      '/scores',
      '/org',
      '/admin/import',
      '/admin/scoring',
      '/profile',
    ]);
  });
  it('shows system admins everything', () => {
    expect(hrefs('system_admin')).toEqual([
      '/',
      '/bookings',
      '/visits',
      '/households',
      '/responses',
      '/analysis',
      '/tickets',
      '/tickets/mine',
      '/tickets/indicators',
      '/common-issues',
      '/plans',
      '/defects',
      '/compliance',
      '/scores',
      '/org',
      '/admin/schedule',
      '/admin/forms',
      '/admin/rules',
      '/admin/calendar',
      '/admin/import',
      '/admin/scoring',
      '/admin/ticket-settings',
      '/admin/audit',
      '/admin/outbox',
      '/profile',
    ]);
  });
  it('shows executives their reception plan and compliance; customer relations the rules and planning', () => {
    expect(hrefs('project_head')).toEqual([
      '/',
      '/receptions',
      '/bookings',
      '/visits',
      '/households',
      '/responses',
      '/analysis',
      '/tickets',
      '/tickets/mine',
      '/tickets/indicators',
      '/common-issues',
      '/plans',
      '/defects',
      '/compliance',
      '/scores',
      '/org',
      '/profile',
    ]);
    expect(hrefs('cr_admin')).toEqual([
      '/',
      '/bookings',
      '/visits',
      '/households',
      '/responses',
      '/analysis',
      '/tickets',
      '/tickets/mine',
      '/tickets/indicators',
      '/common-issues',
      '/plans',
      '/defects',
      '/compliance',
      '/scores',
      '/org',
      '/admin/schedule',
      '/admin/forms',
      '/admin/rules',
      '/admin/import',
      '/admin/ticket-settings',
      '/profile',
    ]);
  });
  it('keeps group-wide configuration from regional admins', () => {
    expect(hrefs('cr_admin', 1)).toEqual([
      '/',
      '/bookings',
      '/visits',
      '/households',
      '/responses',
      '/analysis',
      '/tickets',
      '/tickets/mine',
      '/tickets/indicators',
      '/common-issues',
      '/plans',
      '/defects',
      '/compliance',
      '/scores',
      '/org',
      '/admin/schedule',
      '/admin/import',
      '/admin/ticket-settings',
      '/profile',
    ]);
    expect(hrefs('hr_admin', 1)).toEqual([
      '/',
      '/compliance',
      '/scores',
      '/org',
      '/admin/import',
      '/admin/scoring',
      '/profile',
    ]);
  });
  it('everyone has home and profile', () => {
    for (const p of POSITIONS) expect(hrefs(p)).toEqual(expect.arrayContaining(['/', '/profile']));
  });
});
