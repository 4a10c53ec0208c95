import type { Capability } from '@frontline/core';
import type { MessageKey } from './i18n/keys.ts';

/** Navigation entries and the capabilities that show them (any one suffices; none listed = everyone). */
export const NAV: { href: string; key: MessageKey; needs: Capability[] }[] = [
  { href: '/', key: 'nav.duties', needs: [] },
  { href: '/receptions', key: 'nav.receptions', needs: ['duties.receive'] },
  { href: '/bookings', key: 'nav.bookReception', needs: ['households.view'] },
  { href: '/visits', key: 'nav.myVisits', needs: ['households.view'] },
  { href: '/households', key: 'nav.myHouseholds', needs: ['households.view'] },
  { href: '/responses', key: 'nav.responses', needs: ['responses.view'] },
  { href: '/analysis', key: 'nav.analysis', needs: ['responses.view'] },
  { href: '/tickets', key: 'nav.tickets', needs: ['tickets.view'] },
  { href: '/tickets/mine', key: 'nav.myTickets', needs: ['tickets.view'] },
  { href: '/tickets/indicators', key: 'nav.ticketIndicators', needs: ['responses.view'] },
  { href: '/common-issues', key: 'nav.commonIssues', needs: ['responses.view'] },
  { href: '/plans', key: 'nav.plans', needs: ['plans.view'] },
  { href: '/defects', key: 'nav.defects', needs: ['plans.view'] },
  { href: '/compliance', key: 'nav.compliance', needs: ['compliance.view'] },
  { href: '/scores', key: 'nav.scores', needs: [] },
  { href: '/org', key: 'nav.org', needs: ['org.browse'] },
  { href: '/admin/schedule', key: 'nav.schedule', needs: ['schedule.run'] },
  { href: '/admin/forms', key: 'nav.forms', needs: ['forms.manage'] },
  { href: '/admin/rules', key: 'nav.rules', needs: ['rules.manage'] },
  { href: '/admin/calendar', key: 'nav.calendar', needs: ['calendar.manage'] },
  { href: '/admin/import', key: 'nav.import', needs: ['import.employees', 'import.households'] },
  { href: '/admin/scoring', key: 'nav.scoring', needs: ['scores.manage'] },
  { href: '/admin/ticket-settings', key: 'nav.ticketSettings', needs: ['tickets.configure'] },
  { href: '/admin/audit', key: 'nav.audit', needs: ['audit.view'] },
  { href: '/admin/outbox', key: 'nav.outbox', needs: ['mail.view'] },
  { href: '/profile', key: 'nav.profile', needs: [] },
];

export function navFor(capabilities: readonly Capability[]) {
  return NAV.filter((item) => item.needs.length === 0 || item.needs.some((c) => capabilities.includes(c)));
}
