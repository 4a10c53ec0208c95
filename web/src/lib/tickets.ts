/** A ticket row's SLA as the list and the ticket page get it. */
export type RowSla = { resolveBy: string; breached: boolean; paused: boolean; noProgressNote: boolean };

/** A duration as its largest whole unit: days past a day, hours past an hour, else minutes. */
export function durationParts(ms: number): { unit: 'days' | 'hours' | 'minutes'; count: number } {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  if (minutes >= 24 * 60) return { unit: 'days', count: Math.floor(minutes / (24 * 60)) };
  if (minutes >= 60) return { unit: 'hours', count: Math.floor(minutes / 60) };
  return { unit: 'minutes', count: minutes };
}

/**
 * How urgent a ticket is, smallest first: breached before running, running by
 * how soon it is due, paused (waiting on the customer) last since its clock
 * does not run.
 */
export function urgencyOrder<T extends { sla: RowSla }>(tickets: readonly T[]): T[] {
  const rank = (t: T) => (t.sla.breached ? 0 : t.sla.paused ? 2 : 1);
  return [...tickets].sort((a, b) => rank(a) - rank(b) || Date.parse(a.sla.resolveBy) - Date.parse(b.sla.resolveBy));
}
