import type { Capability } from '@frontline/core';

/** Navigation entries and the capabilities that show them (any one suffices; none listed = everyone). */
export const NAV: { href: string; key: string; needs: Capability[] }[] = [
  { href: '/', key: 'nav.home', needs: [] },
  { href: '/households', key: 'nav.myHouseholds', needs: ['households.view'] },
  { href: '/org', key: 'nav.org', needs: ['org.browse'] },
  { href: '/admin/import', key: 'nav.import', needs: ['import.employees', 'import.households'] },
  { href: '/admin/audit', key: 'nav.audit', needs: ['audit.view'] },
  { href: '/profile', key: 'nav.profile', needs: [] },
];

export function navFor(capabilities: readonly Capability[]) {
  return NAV.filter((item) => item.needs.length === 0 || item.needs.some((c) => capabilities.includes(c)));
}
