import { describe, expect, it } from 'vitest';
import { formatMessage, pickLocale } from './result.ts';

describe('messages', () => {
  it('fills parameters in the chosen language', () => {
    expect(formatMessage('TOO_MANY_ATTEMPTS', 'zh-CN', { seconds: 4 })).toBe('尝试次数过多，请 4 秒后再试。');
    expect(formatMessage('TOO_MANY_ATTEMPTS', 'en', { seconds: 4 })).toBe('Too many attempts; try again in 4 s.');
  });
  it('speaks Chinese unless English is asked for first', () => {
    expect(pickLocale(null)).toBe('zh-CN');
    expect(pickLocale('en-US,en;q=0.9')).toBe('en');
    expect(pickLocale('zh-CN,en;q=0.8')).toBe('zh-CN');
    expect(pickLocale('en-US', 'zh-CN')).toBe('zh-CN');
  });
});
