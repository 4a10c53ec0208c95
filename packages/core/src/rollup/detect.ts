import type { IsoDate } from '../calendar/dates.ts';
import { issueWords } from './words.ts';

/**
 * Common-issue detection (共性问题). Issue items are grouped within their
 * category by what their descriptions say:
 *
 * - each description becomes a set of words (see words.ts); a word no other
 *   description in the run uses is left out, since it cannot be shared;
 * - a word weighs ln(1 + N / df): words many items use (漏水 in the leaks
 *   category) count less than the ones that tell problems apart (窗户, 卫生间);
 * - an item's similarity to a group compares its words with the group's key
 *   words: the weight of the shared words as a share of the item's words and
 *   as a share of the key words, averaged;
 * - a group's key words are those at least half its items use;
 * - items are read oldest first and join the most similar group at or above
 *   the threshold, or start a new one. Groups customer relations already
 *   confirmed or dismissed are read first and keep their key words, so new
 *   reports of a known problem attach to it instead of suggesting it again.
 *
 * A new group is suggested when enough households report it: at least N
 * households, in one project or across projects, or at least X% of the
 * households that gave feedback at that checkpoint in one project.
 */

export type GroupingItem = {
  id: number;
  categoryId: number;
  projectId: number;
  checkpoint: number;
  visitedOn: IsoDate;
  householdIds: readonly number[];
  description: string;
};

/** A common issue already reviewed: its key words stay fixed while new items are matched to it. */
export type Anchor = { id: number; categoryId: number; keywords: readonly string[] };

export type DetectionSettings = {
  /** Weighted overlap (0–1) an item needs with a group's key words to join it. */
  similarity: number;
  /** Households reporting it, in one project or across projects. */
  minHouseholds: number;
  /** Share of the households that gave feedback at the checkpoint, in one project. */
  minShare: number;
  /** A share alone never suggests a problem fewer than this many households reported. */
  minShareHouseholds: number;
};

export const DEFAULT_DETECTION: DetectionSettings = {
  similarity: 0.3,
  minHouseholds: 5,
  minShare: 0.1,
  minShareHouseholds: 3,
};

export type ThresholdReason =
  | { kind: 'households'; households: number; min: number; projects: number }
  | {
      kind: 'share';
      projectId: number;
      checkpoint: number;
      households: number;
      respondents: number;
      share: number;
      min: number;
    };

export type SuggestedGroup = {
  categoryId: number;
  keywords: string[];
  items: { id: number; similarity: number }[];
  households: number;
  projectIds: number[];
  firstOn: IsoDate;
  lastOn: IsoDate;
  scope: 'project' | 'cross_project';
  reason: ThresholdReason;
};

export type Detection = {
  /** New reports of reviewed common issues. */
  attached: { anchorId: number; itemId: number; similarity: number }[];
  suggestions: SuggestedGroup[];
  /** Groups found that did not reach the threshold (kept for the figures, not stored). */
  belowThreshold: number;
};

type Group = {
  anchorId: number | null;
  categoryId: number;
  keywords: Set<string>;
  counts: Map<string, number>;
  items: { item: GroupingItem; similarity: number }[];
};

/** How many of the word lists use each word. */
export function documentFrequency(wordLists: readonly (readonly string[])[]): Map<string, number> {
  const df = new Map<string, number>();
  for (const words of wordLists) for (const w of new Set(words)) df.set(w, (df.get(w) ?? 0) + 1);
  return df;
}

/** ln(1 + N / df): rare words tell problems apart, common ones less so. */
export function wordWeights(df: ReadonlyMap<string, number>, n: number): Map<string, number> {
  return new Map([...df].map(([w, d]) => [w, Math.log(1 + n / d)]));
}

/**
 * How alike two word sets are: the share of each side's weight that the other
 * side has, averaged (Kulczynski). A short description that is all about the
 * group ("窗户漏雨") scores high against a fuller one, which plain Jaccard
 * would not allow. Unknown words weigh 1; two empty sets are alike.
 */
export function similarity(
  a: ReadonlySet<string>,
  b: ReadonlySet<string>,
  weights: ReadonlyMap<string, number>,
): number {
  if (a.size === 0 || b.size === 0) return a.size === b.size ? 1 : 0;
  let shared = 0;
  let wa = 0;
  let wb = 0;
  for (const w of a) {
    const x = weights.get(w) ?? 1;
    wa += x;
    if (b.has(w)) shared += x;
  }
  for (const w of b) wb += weights.get(w) ?? 1;
  return (shared / wa + shared / wb) / 2;
}

/** Words at least half of the word lists use: what a group is about. */
export function groupKeywords(wordLists: readonly (readonly string[])[]): string[] {
  const counts = new Map<string, number>();
  for (const words of wordLists) for (const w of new Set(words)) counts.set(w, (counts.get(w) ?? 0) + 1);
  return [...counts]
    .filter(([, c]) => c * 2 >= wordLists.length)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([w]) => w);
}

function byDateThenId(a: GroupingItem, b: GroupingItem): number {
  return a.visitedOn < b.visitedOn ? -1 : a.visitedOn > b.visitedOn ? 1 : a.id - b.id;
}

export function detectCommonIssues(
  items: readonly GroupingItem[],
  anchors: readonly Anchor[],
  respondents: (projectId: number, checkpoint: number) => number,
  settings: DetectionSettings = DEFAULT_DETECTION,
): Detection {
  const allWords = items.map((item) => issueWords(item.description));
  const df = documentFrequency(allWords);
  const weights = wordWeights(df, items.length);
  // A word only one description uses cannot be shared: it would only dilute that item's overlap.
  const known = new Set(anchors.flatMap((a) => a.keywords));
  const words = new Map<number, string[]>();
  items.forEach((item, i) =>
    words.set(
      item.id,
      allWords[i]!.filter((w) => known.has(w) || df.get(w)! > 1),
    ),
  );

  const byCategory = new Map<number, GroupingItem[]>();
  for (const item of items) {
    const list = byCategory.get(item.categoryId) ?? [];
    list.push(item);
    byCategory.set(item.categoryId, list);
  }
  const anchorsByCategory = new Map<number, Anchor[]>();
  for (const a of [...anchors].sort((x, y) => x.id - y.id)) {
    const list = anchorsByCategory.get(a.categoryId) ?? [];
    list.push(a);
    anchorsByCategory.set(a.categoryId, list);
  }

  const groups: Group[] = [];
  for (const categoryId of [...byCategory.keys()].sort((a, b) => a - b)) {
    const local: Group[] = (anchorsByCategory.get(categoryId) ?? []).map((a) => ({
      anchorId: a.id,
      categoryId,
      keywords: new Set(a.keywords),
      counts: new Map(),
      items: [],
    }));
    // Word → groups whose key words include it; an item is only scored against those.
    const index = new Map<string, Set<number>>();
    const indexGroup = (g: number, add: Iterable<string>, remove: Iterable<string> = []) => {
      for (const w of remove) index.get(w)?.delete(g);
      for (const w of add) {
        let set = index.get(w);
        if (!set) index.set(w, (set = new Set()));
        set.add(g);
      }
    };
    local.forEach((g, i) => indexGroup(i, g.keywords));
    let blank = -1;

    for (const item of byCategory.get(categoryId)!.sort(byDateThenId)) {
      const own = new Set(words.get(item.id)!);
      let best = -1;
      let bestScore = 0;
      if (own.size === 0) {
        best = blank;
        bestScore = 1;
      } else {
        const candidates = new Set<number>();
        for (const w of own) for (const g of index.get(w) ?? []) candidates.add(g);
        for (const g of [...candidates].sort((a, b) => a - b)) {
          const score = similarity(own, local[g]!.keywords, weights);
          if (score > bestScore) [best, bestScore] = [g, score];
        }
      }
      if (best < 0 || bestScore < settings.similarity) {
        local.push({
          anchorId: null,
          categoryId,
          keywords: new Set(own),
          counts: new Map([...own].map((w) => [w, 1])),
          items: [{ item, similarity: 1 }],
        });
        const g = local.length - 1;
        if (own.size === 0) blank = g;
        indexGroup(g, own);
        continue;
      }
      const group = local[best]!;
      group.items.push({ item, similarity: bestScore });
      if (group.anchorId !== null) continue;
      for (const w of own) group.counts.set(w, (group.counts.get(w) ?? 0) + 1);
      const n = group.items.length;
      const next = new Set([...group.counts].filter(([, c]) => c * 2 >= n).map(([w]) => w));
      indexGroup(
        best,
        [...next].filter((w) => !group.keywords.has(w)),
        [...group.keywords].filter((w) => !next.has(w)),
      );
      group.keywords = next;
    }
    groups.push(...local);
  }

  const detection: Detection = { attached: [], suggestions: [], belowThreshold: 0 };
  for (const g of groups) {
    if (g.anchorId !== null) {
      for (const { item, similarity } of g.items)
        detection.attached.push({ anchorId: g.anchorId, itemId: item.id, similarity });
      continue;
    }
    const suggestion = assess(g, weights, respondents, settings);
    if (suggestion) detection.suggestions.push(suggestion);
    else detection.belowThreshold += 1;
  }
  return detection;
}

/** Whether a group reaches the threshold, and which rule it met. */
function assess(
  g: Group,
  weights: ReadonlyMap<string, number>,
  respondents: (projectId: number, checkpoint: number) => number,
  s: DetectionSettings,
): SuggestedGroup | null {
  const all = new Set<number>();
  const byProject = new Map<number, Set<number>>();
  const byPoint = new Map<string, Set<number>>();
  for (const { item } of g.items) {
    const p = byProject.get(item.projectId) ?? new Set<number>();
    const key = `${item.projectId}:${item.checkpoint}`;
    const c = byPoint.get(key) ?? new Set<number>();
    for (const h of item.householdIds) {
      all.add(h);
      p.add(h);
      c.add(h);
    }
    byProject.set(item.projectId, p);
    byPoint.set(key, c);
  }
  let reason: ThresholdReason | null = null;
  if (all.size >= s.minHouseholds) {
    reason = { kind: 'households', households: all.size, min: s.minHouseholds, projects: byProject.size };
  } else if (all.size >= s.minShareHouseholds) {
    for (const [key, households] of [...byPoint].sort()) {
      const [projectId, checkpoint] = key.split(':').map(Number) as [number, number];
      const total = respondents(projectId, checkpoint);
      const share = total > 0 ? households.size / total : 0;
      if (households.size >= s.minShareHouseholds && share >= s.minShare) {
        reason = {
          kind: 'share',
          projectId,
          checkpoint,
          households: households.size,
          respondents: total,
          share,
          min: s.minShare,
        };
        break;
      }
    }
  }
  if (!reason) return null;
  const dates = g.items.map((i) => i.item.visitedOn).sort();
  const keywords = [...g.keywords].sort(
    (a, b) =>
      (weights.get(b) ?? 0) * (g.counts.get(b) ?? 0) - (weights.get(a) ?? 0) * (g.counts.get(a) ?? 0) ||
      (a < b ? -1 : 1),
  );
  return {
    categoryId: g.categoryId,
    keywords,
    items: g.items.map(({ item, similarity }) => ({ id: item.id, similarity })),
    households: all.size,
    projectIds: [...byProject.keys()].sort((a, b) => a - b),
    firstOn: dates[0]!,
    lastOn: dates[dates.length - 1]!,
    scope: byProject.size > 1 ? 'cross_project' : 'project',
    reason,
  };
}

/** Why an item sits in a group, for the reviewer: the words it shares with the group's key words. */
export function explainMatch(description: string, keywords: readonly string[]): { words: string[]; shared: string[] } {
  const words = issueWords(description);
  const key = new Set(keywords);
  return { words, shared: words.filter((w) => key.has(w)) };
}
