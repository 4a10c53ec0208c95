import type { OutboxMessage } from '@frontline/db';

/** A message in the list: without its text and invite, saying whether it has one. */
export const messageSummary = (m: OutboxMessage) => {
  const { text: _text, ics: _ics, ...rest } = m;
  return { ...rest, hasInvite: m.ics !== null };
};
