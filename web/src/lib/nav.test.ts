import { capabilitiesOf, POSITIONS } from '@frontline/core';
import { describe, expect, it } from 'vitest';
import { navFor } from './nav.ts';

const hrefs = (position: (typeof POSITIONS)[number]) => navFor(capabilitiesOf(position)).map((i) => i.href);

describe('navigation by position', () => {
  it('shows staff their households and the organisation, not admin pages', () => {
    expect(hrefs('staff')).toEqual(['/', '/households', '/org', '/profile']);
  });
  it('shows HR the import page but never customer households', () => {
    expect(hrefs('hr_admin')).toEqual(['/', '/org', '/admin/import', '/profile']);
  });
  it('shows system admins everything', () => {
    expect(hrefs('system_admin')).toEqual(['/', '/households', '/org', '/admin/import', '/admin/audit', '/profile']);
  });
  it('everyone has home and profile', () => {
    for (const p of POSITIONS) expect(hrefs(p)).toEqual(expect.arrayContaining(['/', '/profile']));
  });
});
