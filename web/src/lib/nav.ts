import { opensTo, type Capability } from '@frontline/core';
import type { MessageKey } from './i18n/keys.ts';

export type NavItem = { href: string; key: MessageKey; needs: Capability[]; external?: true };
export type NavGroup = { key: MessageKey; items: NavItem[] };

/**
 * Navigation grouped by task, each entry with the capabilities that show it (any one suffices;
 * none listed = everyone: core's `opensTo`, the rule the home page's sections are chosen by too).
 * A group none of whose entries the person may use is not shown.
 */
export const NAV_GROUPS: NavGroup[] = [
  {
    key: 'ui.navGroups.today',
    items: [
      { href: '/', key: 'nav.home', needs: [] },
      { href: '/duties', key: 'nav.duties', needs: [] },
      { href: '/receptions', key: 'nav.receptions', needs: ['duties.receive'] },
      { href: '/bookings', key: 'nav.bookReception', needs: ['households.view'] },
      { href: '/visits', key: 'nav.myVisits', needs: ['households.view'] },
      { href: '/households', key: 'nav.myHouseholds', needs: ['households.view'] },
    ],
  },
  {
    key: 'ui.navGroups.tickets',
    items: [
      { href: '/tickets', key: 'nav.tickets', needs: ['tickets.view'] },
      { href: '/tickets/mine', key: 'nav.myTickets', needs: ['tickets.view'] },
      { href: '/tickets/indicators', key: 'nav.ticketIndicators', needs: ['responses.view'] },
    ],
  },
  {
    key: 'ui.navGroups.customers',
    items: [
      { href: '/responses', key: 'nav.responses', needs: ['responses.view'] },
      { href: '/analysis', key: 'nav.analysis', needs: ['responses.view'] },
    ],
  },
  {
    key: 'ui.navGroups.improve',
    items: [
      { href: '/common-issues', key: 'nav.commonIssues', needs: ['responses.view'] },
      { href: '/plans', key: 'nav.plans', needs: ['plans.view'] },
      { href: '/defects', key: 'nav.defects', needs: ['plans.view'] },
    ],
  },
  {
    key: 'ui.navGroups.people',
    items: [
      { href: '/compliance', key: 'nav.compliance', needs: ['compliance.view'] },
      { href: '/scores', key: 'nav.scores', needs: [] },
      { href: '/org', key: 'nav.org', needs: ['org.browse'] },
    ],
  },
  {
    key: 'ui.navGroups.settings',
    items: [
      { href: '/admin/schedule', key: 'nav.schedule', needs: ['schedule.run'] },
      { href: '/admin/forms', key: 'nav.forms', needs: ['forms.manage'] },
      { href: '/admin/rules', key: 'nav.rules', needs: ['rules.manage'] },
      { href: '/admin/calendar', key: 'nav.calendar', needs: ['calendar.manage'] },
      { href: '/admin/import', key: 'nav.import', needs: ['import.employees', 'import.households'] },
      { href: '/admin/scoring', key: 'nav.scoring', needs: ['scores.manage'] },
      { href: '/admin/ticket-settings', key: 'nav.ticketSettings', needs: ['tickets.configure'] },
    ],
  },
  {
    key: 'ui.navGroups.system',
    items: [
      { href: '/admin/audit', key: 'nav.audit', needs: ['audit.view'] },
      { href: '/admin/outbox', key: 'nav.outbox', needs: ['mail.view'] },
      // The API reference is for those who connect other systems: admins and HR (who issue API tokens).
      { href: '/api/docs', key: 'nav.apiDocs', needs: ['audit.view', 'scores.manage'], external: true },
      { href: '/profile', key: 'nav.profile', needs: [] },
    ],
  },
];

const mayOpen = (capabilities: readonly Capability[]) => (item: NavItem) => opensTo(item.needs, capabilities);

/** The groups a person sees, each with only the entries they may open. */
export function navGroupsFor(capabilities: readonly Capability[]): NavGroup[] {
  return NAV_GROUPS.map((g) => ({ ...g, items: g.items.filter(mayOpen(capabilities)) })).filter(
    (g) => g.items.length > 0,
  );
}

/** Every entry a person sees, in menu order. */
export function navFor(capabilities: readonly Capability[]): NavItem[] {
  return navGroupsFor(capabilities).flatMap((g) => g.items);
}
