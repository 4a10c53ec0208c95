import {
  capabilitiesOf,
  homeSectionsFor,
  mayUse,
  ruleAppliesTo,
  type Actor,
  type CadenceRule,
  type HomeSection,
} from '@frontline/core';

/**
 * Who sees what on the home page. Anyone signed in may ask for it; the
 * sections are core's rule over the caller's capabilities (the one the menu
 * reads), and each section's data comes from the same services, scoped by
 * the same policies, as the full page it links to.
 */

/** Someone holds duties when a cadence rule applies to them, or anything is open for them (a duty, a plan action, a revisit). */
export const holdsDuties = (actor: Actor, rules: readonly CadenceRule[], openWork: number): boolean =>
  openWork > 0 || rules.some((r) => ruleAppliesTo(r, actor));

export const sectionsOf = (actor: Actor, holds: boolean): HomeSection[] =>
  homeSectionsFor(capabilitiesOf(actor), { holdsDuties: holds });

/** Booking customers into reception days is for those who look after households. */
export const booksReceptions = (actor: Actor): boolean => mayUse(actor, 'households.view');

/**
 * Which tickets are escalated to an executive: major and crisis tickets sit in
 * the regional president's queue; a ticket a working day past its limit is
 * escalated to its project's head. Functional heads have no escalation queue.
 */
export function escalationOf(actor: Actor): 'regional' | 'project' | null {
  if (actor.position === 'regional_president') return 'regional';
  if (actor.position === 'project_head') return 'project';
  return null;
}
