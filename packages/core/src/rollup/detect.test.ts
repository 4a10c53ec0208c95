import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DETECTION,
  detectCommonIssues,
  explainMatch,
  groupKeywords,
  similarity,
  type GroupingItem,
} from './detect.ts';
import { issueWords } from './words.ts';

const LEAKS = 1;
const NOISE = 2;

let nextId = 1;
function item(description: string, over: Partial<GroupingItem> = {}): GroupingItem {
  const id = nextId++;
  return {
    id,
    categoryId: LEAKS,
    projectId: 10,
    checkpoint: 7,
    visitedOn: '2026-10-01',
    householdIds: [1000 + id],
    description,
    ...over,
  };
}

const BATHROOM = [
  '厕所顶上渗水了',
  '卫生间吊顶漏水，很严重',
  '3号楼卫生间天花板滴水',
  '洗手间漏水，天花有水渍',
  '浴室顶棚渗漏，天花板发黄',
];
const WINDOWS = [
  '外窗密封条老化，下雨窗户渗水',
  '窗户漏雨',
  '下雨天窗框渗水',
  '窗子进水，密封胶开了',
  '下雨时窗户漏水到窗台',
];
const many = (n: number) => 100 * n;

describe('issue words', () => {
  it('writes the ways customers say a thing as one term and drops function words', () => {
    expect(issueWords('厕所顶上渗水了')).toEqual(['卫生间', '天花板', '漏水']);
    expect(issueWords('卫生间吊顶漏水严重')).toEqual(['卫生间', '天花板', '漏水']);
    expect(issueWords('墙体有裂缝')).toEqual(['墙面', '开裂']);
    expect(issueWords('３号楼 Window LEAKS')).toEqual(['window', 'leaks']);
    expect(issueWords('。。。')).toEqual([]);
  });
});

describe('common-issue detection', () => {
  const respondents = () => many(1);

  it('groups the same problem written in different words, and keeps different problems apart', () => {
    const items = [...BATHROOM.map((d) => item(d)), ...WINDOWS.map((d) => item(d))];
    const { suggestions } = detectCommonIssues(items, [], respondents);
    expect(suggestions).toHaveLength(2);
    const [a, b] = suggestions.map((s) => new Set(s.items.map((i) => i.id)));
    const bathroomIds = items.slice(0, 5).map((i) => i.id);
    const windowIds = items.slice(5).map((i) => i.id);
    const bathroomGroup = a!.has(bathroomIds[0]!) ? a! : b!;
    const windowGroup = bathroomGroup === a ? b! : a!;
    expect([...bathroomGroup].sort()).toEqual(bathroomIds.sort());
    expect([...windowGroup].sort()).toEqual(windowIds.sort());
    const bathroom = suggestions.find((s) => s.items.some((i) => i.id === bathroomIds[0]))!;
    expect(bathroom.keywords).toEqual(expect.arrayContaining(['卫生间', '天花板']));
    expect(bathroom.reason).toMatchObject({ kind: 'households', households: 5, min: 5 });
  });

  it('never groups across categories, even with the same words', () => {
    const items = [...BATHROOM.map((d) => item(d)), ...BATHROOM.map((d) => item(d, { categoryId: NOISE }))];
    const { suggestions } = detectCommonIssues(items, [], respondents);
    expect(suggestions.map((s) => s.categoryId).sort()).toEqual([LEAKS, NOISE]);
  });

  it('suggests a group only from N households, counting a household once', () => {
    const four = BATHROOM.slice(0, 4).map((d) => item(d));
    expect(detectCommonIssues(four, [], respondents).suggestions).toHaveLength(0);
    const sameHousehold = BATHROOM.map((d) => item(d, { householdIds: [7] }));
    expect(detectCommonIssues(sameHousehold, [], respondents).suggestions).toHaveLength(0);
  });

  it('suggests a smaller group when it is X% of the households that answered at that checkpoint', () => {
    const three = BATHROOM.slice(0, 3).map((d) => item(d, { checkpoint: 5 }));
    expect(detectCommonIssues(three, [], () => 40).suggestions).toHaveLength(0); // 3 / 40 = 7.5 %
    const { suggestions } = detectCommonIssues(three, [], (p, c) => (p === 10 && c === 5 ? 20 : 1000)); // 15 %
    expect(suggestions).toHaveLength(1);
    expect(suggestions[0]!.reason).toEqual({
      kind: 'share',
      projectId: 10,
      checkpoint: 5,
      households: 3,
      respondents: 20,
      share: 0.15,
      min: 0.1,
    });
    const two = BATHROOM.slice(0, 2).map((d) => item(d));
    expect(detectCommonIssues(two, [], () => 2).suggestions).toHaveLength(0); // 100 %, but only 2 households
  });

  it('counts households across projects and says the group is cross-project', () => {
    const items = BATHROOM.map((d, i) => item(d, { projectId: i < 3 ? 10 : 11 }));
    const [s] = detectCommonIssues(items, [], respondents).suggestions;
    expect(s).toMatchObject({ scope: 'cross_project', projectIds: [10, 11], households: 5 });
  });

  it('attaches new reports of a reviewed problem to it instead of suggesting it again', () => {
    const anchor = { id: 99, categoryId: LEAKS, keywords: ['卫生间', '天花板', '漏水'] };
    const items = [...BATHROOM.map((d) => item(d)), ...WINDOWS.map((d) => item(d))];
    const result = detectCommonIssues(items, [anchor], respondents);
    expect(result.attached.map((a) => a.itemId).sort()).toEqual(
      items
        .slice(0, 5)
        .map((i) => i.id)
        .sort(),
    );
    expect(result.suggestions).toHaveLength(1);
    expect(result.suggestions[0]!.items.map((i) => i.id).sort()).toEqual(
      items
        .slice(5)
        .map((i) => i.id)
        .sort(),
    );
  });

  it('reports first and latest dates of a group', () => {
    const items = BATHROOM.map((d, i) => item(d, { visitedOn: `2026-0${i + 3}-15` }));
    const [s] = detectCommonIssues(items, [], respondents).suggestions;
    expect([s!.firstOn, s!.lastOn]).toEqual(['2026-03-15', '2026-07-15']);
  });

  it('explains a match by the words an item shares with its group', () => {
    expect(explainMatch('洗手间漏水，天花有水渍', ['卫生间', '天花板', '漏水'])).toEqual({
      words: ['卫生间', '漏水', '天花板', '水渍'],
      shared: ['卫生间', '漏水', '天花板'],
    });
  });

  const arbitraryItems = fc
    .array(
      fc.record({
        categoryId: fc.integer({ min: 1, max: 3 }),
        projectId: fc.integer({ min: 1, max: 3 }),
        household: fc.integer({ min: 1, max: 30 }),
        description: fc.constantFrom(...BATHROOM, ...WINDOWS, '电梯噪音大', '楼上噪音', '墙面开裂', '墙体有裂缝', ''),
        day: fc.integer({ min: 1, max: 28 }),
      }),
      { maxLength: 60 },
    )
    .map((rows) =>
      rows.map((r, i): GroupingItem => ({
        id: i + 1,
        categoryId: r.categoryId,
        projectId: r.projectId,
        checkpoint: 7,
        visitedOn: `2026-10-${String(r.day).padStart(2, '0')}`,
        householdIds: [r.household],
        description: r.description,
      })),
    );

  it('puts an item in at most one group, of its own category, and reads the same input the same way in any order', () => {
    fc.assert(
      fc.property(arbitraryItems, fc.integer(), (items, seed) => {
        const result = detectCommonIssues(items, [], () => 10);
        const seen = result.suggestions.flatMap((s) => s.items.map((i) => i.id));
        expect(new Set(seen).size).toBe(seen.length);
        const byId = new Map(items.map((i) => [i.id, i]));
        for (const s of result.suggestions)
          for (const i of s.items) expect(byId.get(i.id)!.categoryId).toBe(s.categoryId);
        const shuffled = [...items].sort((a, b) => ((a.id * 7919 + seed) % 101) - ((b.id * 7919 + seed) % 101));
        expect(detectCommonIssues(shuffled, [], () => 10)).toEqual(result);
      }),
    );
  });

  it('never suggests more when the thresholds are raised', () => {
    fc.assert(
      fc.property(arbitraryItems, fc.integer({ min: 2, max: 8 }), (items, n) => {
        const low = detectCommonIssues(items, [], () => 50, { ...DEFAULT_DETECTION, minHouseholds: n });
        const high = detectCommonIssues(items, [], () => 50, { ...DEFAULT_DETECTION, minHouseholds: n + 1 });
        const suggested = (d: typeof low) => new Set(d.suggestions.flatMap((s) => s.items.map((i) => i.id)));
        for (const id of suggested(high)) expect(suggested(low).has(id)).toBe(true);
      }),
    );
  });
});

describe('similarity', () => {
  const words = fc
    .uniqueArray(fc.constantFrom('卫生间', '漏水', '窗户', '天花板', '噪音', '开裂', '墙面'), { maxLength: 7 })
    .map((w) => new Set(w));
  const weights = new Map([
    ['漏水', 0.5],
    ['卫生间', 2],
    ['窗户', 2],
  ]);
  it('is symmetric, between 0 and 1, 1 for the same words and 0 for none shared', () => {
    fc.assert(
      fc.property(words, words, (a, b) => {
        const x = similarity(a, b, weights);
        expect(x).toBeCloseTo(similarity(b, a, weights), 12);
        expect(x).toBeGreaterThanOrEqual(0);
        expect(x).toBeLessThanOrEqual(1);
        expect(similarity(a, a, weights)).toBe(1);
        if ([...a].every((w) => !b.has(w)) && a.size + b.size > 0) expect(x).toBe(0);
      }),
    );
  });
  it('weighs rare words more than common ones', () => {
    expect(similarity(new Set(['卫生间', '漏水']), new Set(['卫生间']), weights)).toBeCloseTo((0.8 + 1) / 2);
    expect(similarity(new Set(['卫生间', '漏水']), new Set(['漏水']), weights)).toBeCloseTo((0.2 + 1) / 2);
    expect(similarity(new Set(['卫生间', '漏水']), new Set(['窗户', '漏水']), weights)).toBeCloseTo(0.2);
  });
  it('takes as key words those at least half the group uses', () => {
    expect(
      groupKeywords([
        ['a', 'b'],
        ['a', 'c'],
        ['a', 'b', 'd'],
      ]),
    ).toEqual(['a', 'b']);
  });
});
