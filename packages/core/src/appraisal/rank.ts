import { displayScore } from './score.ts';

/**
 * The horse race (赛马): people are ranked against those of the same line and
 * position in the same region, by their score as displayed, highest first.
 * Equal displayed scores share a rank and the next rank skips (1, 2, 2, 4),
 * so nobody is ranked on a difference nobody can see.
 */
export const RANKING_METHOD = {
  zh: '在同一区域、同一条线、同一岗位的员工中，按总分（保留一位小数）从高到低排名；分数相同则名次并列，下一名次顺延（如 1、2、2、4）；本期没有可计分记录的员工不参与排名。',
  en: 'Ranked among people of the same region, line and position, by total score (one decimal) from high to low; equal scores share a rank and the next rank skips (1, 2, 2, 4); people with nothing to score this period are not ranked.',
};

export type Ranked = { rank: number | null; of: number };

/** The ranking group of a person: region × line × position. */
export const rankGroupKey = (p: { regionId: number | null; line: string | null; position: string }) =>
  `${p.regionId ?? ''}|${p.line ?? ''}|${p.position}`;

/** Ranks for rows in input order; `of` is how many were ranked in the row's group. */
export function rankWithinGroups<T>(
  rows: readonly T[],
  groupOf: (row: T) => string,
  totalOf: (row: T) => number | null,
): Ranked[] {
  const groups = new Map<string, { index: number; score: number }[]>();
  rows.forEach((row, index) => {
    const total = totalOf(row);
    if (total === null) return;
    const key = groupOf(row);
    const list = groups.get(key) ?? [];
    list.push({ index, score: displayScore(total) });
    groups.set(key, list);
  });
  const out: Ranked[] = rows.map((row) => ({ rank: null, of: groups.get(groupOf(row))?.length ?? 0 }));
  for (const list of groups.values()) {
    list.sort((a, b) => b.score - a.score);
    list.forEach((entry, i) => {
      const rank = i > 0 && list[i - 1]!.score === entry.score ? out[list[i - 1]!.index]!.rank! : i + 1;
      out[entry.index] = { rank, of: list.length };
    });
  }
  return out;
}

/** Score bands of the distribution chart. */
export const SCORE_BANDS = [
  { key: 'lt60', min: 0, label: { zh: '60 分以下', en: 'Below 60' } },
  { key: '60', min: 60, label: { zh: '60–69', en: '60–69' } },
  { key: '70', min: 70, label: { zh: '70–79', en: '70–79' } },
  { key: '80', min: 80, label: { zh: '80–89', en: '80–89' } },
  { key: '90', min: 90, label: { zh: '90–100', en: '90–100' } },
] as const;

export function bandOf(score: number): number {
  const shown = displayScore(score);
  let band = 0;
  SCORE_BANDS.forEach((b, i) => {
    if (shown >= b.min) band = i;
  });
  return band;
}

/** Counts per band for each group (a department), groups in first-seen order. */
export function distribution<T>(
  rows: readonly T[],
  groupOf: (row: T) => string,
  totalOf: (row: T) => number | null,
): { group: string; counts: number[] }[] {
  const byGroup = new Map<string, number[]>();
  for (const row of rows) {
    const total = totalOf(row);
    if (total === null) continue;
    const key = groupOf(row);
    const counts = byGroup.get(key) ?? SCORE_BANDS.map(() => 0);
    counts[bandOf(total)]! += 1;
    byGroup.set(key, counts);
  }
  return [...byGroup].map(([group, counts]) => ({ group, counts }));
}
