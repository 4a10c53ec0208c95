import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskName, maskPhone, maskRoom } from './mask.ts';

describe('maskPhone', () => {
  it('keeps the first three and last four digits of a mobile number', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
  });
  it('keeps only the last two digits of other numbers', () => {
    expect(maskPhone('021-62345678')).toBe('**********78');
  });
  it('never shows the middle four digits of a mobile number', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^1\d{10}$/), (phone) => {
        const masked = maskPhone(phone);
        expect(masked).toHaveLength(11);
        expect(masked.slice(3, 7)).toBe('****');
      }),
    );
  });
});

describe('maskName', () => {
  it('keeps the surname character only', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
  });
  it('never returns the name itself for names of two or more characters', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 2, maxLength: 8 }).filter((s) => s.trim().length >= 2 && !/\*/.test(s)), (name) => {
        expect(maskName(name)).not.toBe(name.trim());
      }),
    );
  });
});

describe('maskRoom', () => {
  it('hides the middle of a room number', () => {
    expect(maskRoom('1502')).toBe('1**2');
    expect(maskRoom('12')).toBe('**');
  });
});
