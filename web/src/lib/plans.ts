import type { PlanEventNote } from '@frontline/core';
import { list, t } from '#lib/i18n/index.svelte.ts';

/** What the system added to a line of a plan's history, in the page's language. */
export function planEventNoteText(note: PlanEventNote): string {
  switch (note.kind) {
    case 'round_opened':
      return t('plans.eventNotes.round_opened', { round: note.round, households: note.households });
    case 'not_fixed':
      return t('plans.eventNotes.not_fixed', { households: note.households });
    case 'reported_again':
      return t('plans.eventNotes.reported_again', { items: list(note.items.map((id) => `#${id}`)) });
  }
}
