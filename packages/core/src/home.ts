import type { Capability } from './access.ts';

/**
 * The home page (首页) is made of sections, each chosen by what the person
 * may do, with the same rule the menu uses for its entries: a list of
 * capabilities of which any one opens it (none listed: everyone). Each
 * section links to the full page of its work, which the same person finds
 * in their menu.
 */
/** In page order: an executive's next reception day comes before the rest of their duties. */
export const HOME_SECTIONS = ['receptions', 'duties', 'system', 'review', 'appraisal', 'compliance'] as const;
export type HomeSection = (typeof HOME_SECTIONS)[number];

/** Whether what needs `needs` opens to someone with `capabilities`: any one of them suffices, none listed is everyone's. */
export function opensTo(needs: readonly Capability[], capabilities: readonly Capability[]): boolean {
  return needs.length === 0 || needs.some((c) => capabilities.includes(c));
}

/** What opens each section, and the full page it links to. */
export const HOME_SECTION_RULES: Record<HomeSection, { needs: readonly Capability[]; page: string }> = {
  /** My duties, the visits to record, my bookings and plan work: everyone who is given duties. */
  duties: { needs: [], page: '/duties' },
  /** The next reception day with its roster, and the tickets assigned or escalated to me: executives. */
  receptions: { needs: ['duties.receive'], page: '/receptions' },
  /** Mail that failed and a holiday notice still missing: system admins. */
  system: { needs: ['mail.view'], page: '/admin/outbox' },
  /** Common issues to review, plan actions overdue, tickets past their limit: customer relations. */
  review: { needs: ['rollup.manage'], page: '/common-issues' },
  /** Appraisal periods to close and the exports: HR. */
  appraisal: { needs: ['scores.manage'], page: '/scores' },
  /** The on-time rate of the last ended month in my scope: managers (and CR, HR). */
  compliance: { needs: ['compliance.view'], page: '/compliance' },
};

/**
 * The sections a person sees, in page order: those their capabilities open.
 * The duties section is everyone's to open but is left out for those who hold
 * no duties (no cadence rule applies to them and nothing is open), unless no
 * other section is theirs: nobody lands on an empty page.
 */
export function homeSectionsFor(capabilities: readonly Capability[], o: { holdsDuties: boolean }): HomeSection[] {
  const open = HOME_SECTIONS.filter((s) => opensTo(HOME_SECTION_RULES[s].needs, capabilities));
  const others = open.filter((s) => s !== 'duties');
  return o.holdsDuties || others.length === 0 ? open : others;
}
