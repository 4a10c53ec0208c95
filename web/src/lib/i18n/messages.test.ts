import { AUDIT_ACTIONS, AUDIT_ENTITIES } from '@frontline/core';
import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { zhCN } from './zh-CN.ts';

/** Every string of a messages object with its dotted path. */
function strings(messages: object, prefix = ''): [string, string][] {
  return Object.entries(messages).flatMap(([key, value]): [string, string][] =>
    typeof value === 'string' ? [[`${prefix}${key}`, value]] : strings(value as object, `${prefix}${key}.`),
  );
}

/** Punctuation of Chinese text, which English text must not use. */
const FULL_WIDTH = /[（）：；，。！？、“”【】]/u;
const CJK = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u;
/** Chinese that belongs in the English messages: the switch to the other language says its own name. */
const CJK_ALLOWED = new Set(['中文']);

describe('English messages', () => {
  const all = strings(en);

  it('are many (the walk reaches every nested message)', () => {
    expect(all.length).toBeGreaterThan(1000);
    expect(all).toContainEqual(['audit.actions.auth.sign-in', en.audit.actions['auth.sign-in']]);
  });

  it('use English punctuation only', () => {
    const offending = all.filter(([, text]) => FULL_WIDTH.test(text)).map(([path, text]) => `${path}: ${text}`);
    expect(offending).toEqual([]);
  });

  it('hold no Chinese, except the names in the allow-list', () => {
    const offending = all
      .filter(([, text]) => CJK.test(text) && !CJK_ALLOWED.has(text))
      .map(([path, text]) => `${path}: ${text}`);
    expect(offending).toEqual([]);
  });

  it('the checks catch what they are for', () => {
    expect(FULL_WIDTH.test('Booked by：')).toBe(true);
    expect(FULL_WIDTH.test('Total (all)')).toBe(false);
    expect(CJK.test('round 1: 3 户')).toBe(true);
  });
});

describe('audit labels', () => {
  const zhActions: Record<string, string> = zhCN.audit.actions;
  const enActions: Record<string, string> = en.audit.actions;
  const zhEntities: Record<string, string> = zhCN.audit.entities;
  const enEntities: Record<string, string> = en.audit.entities;

  it('every action the API records has a label in both languages, and no label is left over', () => {
    for (const code of AUDIT_ACTIONS) {
      expect(zhActions[code], code).toMatch(CJK);
      expect(enActions[code], code).toMatch(/^[A-Z]/);
      expect(enActions[code], code).not.toMatch(CJK);
    }
    expect(Object.keys(zhActions).sort()).toEqual([...AUDIT_ACTIONS].sort());
    expect(Object.keys(enActions).sort()).toEqual([...AUDIT_ACTIONS].sort());
  });

  it('every kind of record has a label in both languages', () => {
    for (const entity of AUDIT_ENTITIES) {
      expect(zhEntities[entity], entity).toMatch(CJK);
      expect(enEntities[entity], entity).toMatch(/^[A-Z]/);
    }
    expect(Object.keys(zhEntities).sort()).toEqual([...AUDIT_ENTITIES].sort());
    expect(Object.keys(enEntities).sort()).toEqual([...AUDIT_ENTITIES].sort());
  });

  it('labels are told apart: no two actions read the same', () => {
    expect(new Set(Object.values(zhActions)).size).toBe(AUDIT_ACTIONS.length);
    expect(new Set(Object.values(enActions)).size).toBe(AUDIT_ACTIONS.length);
  });
});
