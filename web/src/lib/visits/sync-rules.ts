/**
 * The outbox's decisions, apart from IndexedDB and the network: what an
 * answer to a send means, and how long to wait after failures.
 */

/** What an answer means for the queued visit (or one of its photos). */
export type Verdict = 'sent' | 'retry' | 'refused';

/**
 * 2xx: the server has it (a replay of a visit it already recorded answers 200
 * with that record). 4xx other than timeouts (408) and throttling (429) are
 * answers about the visit itself: it waits for the person to fix it. The rest
 * (5xx, 408, 429) say nothing about the visit and are worth another try, as
 * is a send that got no answer at all.
 */
export function verdictOf(status: number): Verdict {
  if (status >= 200 && status < 300) return 'sent';
  if (status >= 400 && status < 500 && status !== 408 && status !== 429) return 'refused';
  return 'retry';
}

export const FIRST_RETRY_MS = 2_000;
export const LONGEST_RETRY_MS = 30_000;

/** The wait before the next run after `failures` failed runs in a row (at least one): 2 s, 4 s, 8 s, 16 s, then 30 s. */
export function retryDelay(failures: number): number {
  return Math.min(LONGEST_RETRY_MS, (FIRST_RETRY_MS / 2) * 2 ** Math.max(1, failures));
}

/** The photo's file name as uploaded: its id and the extension its type names. */
export function photoFileName(id: string, type: string): string {
  return `${id}.${type.split('/')[1] || 'jpg'}`;
}
