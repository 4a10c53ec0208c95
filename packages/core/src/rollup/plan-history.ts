/**
 * What the system adds to a line of a plan's history: the figures of a message, not its words,
 * so each reader gets it in their own language (the web app's `plans.eventNotes`). Stored in
 * the event's `note` as JSON; `readPlanEventNote` also reads the Chinese-and-English text that
 * earlier versions stored.
 */
export type PlanEventNote =
  /** A verification round began, with this many sampled households to revisit. */
  | { kind: 'round_opened'; round: number; households: number }
  /** Revisits found the problem not fixed at this many households. */
  | { kind: 'not_fixed'; households: number }
  /** These issue items reported the problem again after the plan closed. */
  | { kind: 'reported_again'; items: number[] };

export function writePlanEventNote(note: PlanEventNote): string {
  return JSON.stringify(note);
}

const count = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** The note of a stored event, or null when it has none (or one this version cannot read). */
export function readPlanEventNote(stored: string): PlanEventNote | null {
  const text = stored.trim();
  if (text === '') return null;
  if (text.startsWith('{')) {
    try {
      const v = JSON.parse(text) as Record<string, unknown>;
      if (v.kind === 'round_opened' && count(v.round) && count(v.households))
        return { kind: 'round_opened', round: v.round, households: v.households };
      if (v.kind === 'not_fixed' && count(v.households)) return { kind: 'not_fixed', households: v.households };
      if (v.kind === 'reported_again' && Array.isArray(v.items) && v.items.every(count))
        return { kind: 'reported_again', items: v.items };
    } catch {
      return null;
    }
    return null;
  }
  // Text written before notes were figures: '第 1 轮回访：3 户 / round 1: 3 household(s)' and the like.
  const round = /^第 (\d+) 轮回访：(\d+) 户/.exec(text);
  if (round) return { kind: 'round_opened', round: Number(round[1]), households: Number(round[2]) };
  const notFixed = /^(\d+) 户反馈未解决/.exec(text);
  if (notFixed) return { kind: 'not_fixed', households: Number(notFixed[1]) };
  const again = /^再次反映 \d+ 条（条目 ([\d, ]+)）/.exec(text);
  if (again) return { kind: 'reported_again', items: again[1]!.split(',').map((s) => Number(s.trim())) };
  return null;
}
