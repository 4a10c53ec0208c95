import type { Cookies } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { languageOf, rememberLanguage } from './language.ts';

describe('the language cookie', () => {
  it('remembers a language for a year, readable by the page, for the whole site', () => {
    const set: unknown[] = [];
    const cookies = { set: (...args: unknown[]) => set.push(args) } as unknown as Cookies;
    rememberLanguage(cookies, 'en');
    expect(set).toEqual([['lang', 'en', { path: '/', maxAge: 31_536_000, httpOnly: false, sameSite: 'lax' }]]);
  });

  it('takes only our languages from a form', () => {
    expect(languageOf('en')).toBe('en');
    expect(languageOf('zh-CN')).toBe('zh-CN');
    for (const other of ['EN', 'zh', 'fr', '', null]) expect(languageOf(other)).toBeNull();
  });
});
