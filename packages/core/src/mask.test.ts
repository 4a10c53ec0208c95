import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Actor } from './access.ts';
import {
  householdLabel,
  householdSight,
  maskLocation,
  maskName,
  maskPersonalText,
  maskPhone,
  maskRoom,
  phoneNumbersIn,
  privacyFor,
} from './mask.ts';

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
      fc.property(
        fc.string({ minLength: 2, maxLength: 8 }).filter((s) => s.trim().length >= 2 && !/\*/.test(s)),
        (name) => {
          expect(maskName(name)).not.toBe(name.trim());
        },
      ),
    );
  });
});

describe('maskRoom', () => {
  it('hides the middle of a room number', () => {
    expect(maskRoom('1502')).toBe('1**2');
    expect(maskRoom('12')).toBe('**');
  });
});

describe('free text', () => {
  it('finds and masks the phone numbers people type, as they type them', () => {
    const text = '业主张三说漏水严重，电话13812345678，或者 +86 139-8765-4321，座机021-62345678；房号1502。';
    expect(phoneNumbersIn(text)).toEqual(['13812345678', '+86 139-8765-4321', '021-62345678']);
    expect(maskPersonalText(text, ['张三'])).toBe(
      '业主张*说漏水严重，电话138****5678，或者 139****4321，座机*********78；房号1502。',
    );
  });
  it('leaves other numbers alone', () => {
    for (const text of ['订单号 2026112312345678', '3 栋 2 单元 1502', '面积 138.5 平方米'])
      expect(maskPersonalText(text)).toBe(text);
  });
  it('never leaves a mobile number readable inside any text', () => {
    fc.assert(
      fc.property(fc.string(), fc.stringMatching(/^1[3-9]\d{9}$/), fc.string(), (before, phone, after) => {
        const masked = maskPersonalText(
          `${before}${/\d$/.test(before) ? ' ' : ''}${phone}${/^\d/.test(after) ? ' ' : ''}${after}`,
        );
        expect(masked).not.toContain(phone);
      }),
    );
  });
});

describe('what a viewer sees of a household', () => {
  const staff: Actor = { employeeId: 7, position: 'staff', line: 'engineering', regionId: 1, projectId: 10 };
  const hr: Actor = { employeeId: 8, position: 'hr_admin', line: 'hr', regionId: 1, projectId: null };
  const household = { projectId: 10, regionId: 1, ownerEmployeeId: 7, owners: [{ name: '李四' }] };
  it('labels addresses with the room masked, and gives HR nothing', () => {
    expect(householdLabel({ building: '3', unit: '1', room: '1502' }, householdSight(staff))).toBe('3-1-1**2');
    expect(householdLabel({ building: '3', unit: '1', room: '1502' }, householdSight(hr))).toBeNull();
    expect(maskLocation({ building: '3', unit: '1', room: '1502', area: '卫生间' }, 'masked')).toEqual({
      building: '3',
      unit: '1',
      room: '1**2',
      area: '卫生间',
    });
    expect(maskLocation({ building: '3', unit: '1', room: '1502', area: '卫生间' }, 'none')).toEqual({
      building: '',
      unit: '',
      room: '',
      area: '',
    });
  });
  it('shows free text in full only to those who may reveal every household it is about', () => {
    const note = '李四 13812345678';
    expect(privacyFor(staff, [household]).text(note)).toBe(note);
    expect(privacyFor({ ...staff, employeeId: 9 }, [household]).text(note)).toBe('李* 138****5678');
    expect(privacyFor(staff, [household, { ...household, ownerEmployeeId: 9 }]).text(note)).toBe('李* 138****5678');
    expect(privacyFor(staff, []).text(note)).toBe('李四 138****5678');
  });
});
