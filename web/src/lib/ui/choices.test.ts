import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { groupChoices, matches, searchable, type Choice } from './choices.ts';

const room = (value: string, label: string, group: string, hint?: string): Choice => ({ value, label, group, hint });

describe('searching choices', () => {
  const h = room('7', '1栋1单元302', '1栋', '张** · 上次拜访 11月3日');

  it('finds a household by its room however the separators are typed', () => {
    expect(matches(h, '302')).toBe(true);
    expect(matches(h, '1栋 302')).toBe(true);
    expect(matches(h, '１栋 ３０２')).toBe(true);
    expect(matches(h, '2栋')).toBe(false);
  });

  it('finds by the hint and needs every word', () => {
    expect(matches(h, '张')).toBe(true);
    expect(matches(h, '张 401')).toBe(false);
  });

  it('an empty query matches everything', () => {
    fc.assert(fc.property(fc.string(), fc.stringMatching(/^\s*$/), (label, q) => matches({ value: '1', label }, q)));
  });

  it('any piece of a label finds it', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.nat(), fc.nat(), (label, a, b) => {
        const [i, j] = [a % (label.length + 1), b % (label.length + 1)].sort((x, y) => x - y);
        const piece = label.slice(i, j);
        fc.pre(!/\s/.test(piece));
        return matches({ value: '1', label }, piece);
      }),
    );
  });

  it('folds case and width', () => {
    expect(searchable('ＡＢ-c d')).toBe('abcd');
  });
});

describe('grouping choices', () => {
  it('keeps every choice once, under its group, groups in first-seen order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ value: fc.string(), label: fc.string(), group: fc.constantFrom('1栋', '2栋', '3栋') })),
        (choices) => {
          const groups = groupChoices(choices);
          expect(groups.flatMap((g) => g.choices)).toHaveLength(choices.length);
          for (const g of groups) expect(g.choices.every((c) => c.group === g.name)).toBe(true);
          expect(groups.map((g) => g.name)).toEqual([...new Set(choices.map((c) => c.group))]);
        },
      ),
    );
  });
});
