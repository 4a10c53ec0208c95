import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newPasswordProblem, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './passwords.ts';
import { formatMessage } from './result.ts';

const owner = { login: 'staff.cr', employeeNo: 'E000042' };
const codeOf = (candidate: string, current?: string) => newPasswordProblem(candidate, owner, current)?.code ?? null;

describe('new password policy', () => {
  it('accepts a long, unremarkable password, and a Chinese phrase counted by characters', () => {
    expect(codeOf('correct horse battery')).toBeNull();
    expect(codeOf('春眠不觉晓处处闻啼鸟')).toBeNull(); // ten characters, thirty bytes
    expect(codeOf('x'.repeat(PASSWORD_MIN_LENGTH - 1) + 'y')).toBeNull();
  });

  it('refuses one character too short or too long, naming the limit', () => {
    expect(newPasswordProblem('春眠不觉晓处处闻啼', owner)).toEqual({
      code: 'PASSWORD_TOO_SHORT',
      params: { min: 10 },
    });
    expect(newPasswordProblem('ab'.repeat(PASSWORD_MAX_LENGTH / 2) + 'c', owner)).toEqual({
      code: 'PASSWORD_TOO_LONG',
      params: { max: 128 },
    });
    expect(codeOf('ab'.repeat(PASSWORD_MAX_LENGTH / 2))).toBeNull();
  });

  it('refuses the login and the employee number whatever the case or surrounding spaces', () => {
    const long = { login: 'wang.xiaoming', employeeNo: 'E000042' };
    expect(newPasswordProblem('Wang.Xiaoming', long)?.code).toBe('PASSWORD_IS_LOGIN');
    expect(newPasswordProblem(' wang.xiaoming ', long)?.code).toBe('PASSWORD_IS_LOGIN');
    expect(newPasswordProblem('e000042   x', { login: null, employeeNo: 'e000042   x' })?.code).toBe(
      'PASSWORD_IS_LOGIN',
    );
    expect(newPasswordProblem('wang.xiaoming2', long)).toBeNull();
  });

  it('refuses the current password, and only when it is given', () => {
    expect(codeOf('correct horse battery', 'correct horse battery')).toBe('PASSWORD_UNCHANGED');
    expect(codeOf('correct horse battery', 'Correct horse battery')).toBeNull();
  });

  it('refuses common passwords (the demo one among them) and one character repeated', () => {
    expect(codeOf('frontline-demo')).toBe('PASSWORD_TOO_COMMON');
    expect(codeOf('Password123')).toBe('PASSWORD_TOO_COMMON');
    expect(codeOf('1234567890')).toBe('PASSWORD_TOO_COMMON');
    expect(codeOf('aaaaaaaaaaaa')).toBe('PASSWORD_TOO_COMMON');
    expect(codeOf('好好好好好好好好好好')).toBe('PASSWORD_TOO_COMMON');
  });

  it('every refusal has a message in both languages with its limit filled in', () => {
    for (const candidate of ['short', 'x'.repeat(200), 'staff.cr', 'frontline-demo']) {
      const problem = newPasswordProblem(candidate, owner)!;
      for (const locale of ['zh-CN', 'en'] as const)
        expect(formatMessage(problem.code, locale, problem.params)).not.toMatch(/\{\w+\}/);
    }
    expect(formatMessage('PASSWORD_TOO_SHORT', 'zh-CN', { min: 10 })).toBe('密码至少需要 10 个字符。');
  });

  it('length decides alone for passwords that are not the login, the current one or common', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }), (s) => {
        const length = [...s].length;
        const problem = newPasswordProblem(s, { login: null, employeeNo: '\u0000' });
        if (length < PASSWORD_MIN_LENGTH) expect(problem?.code).toBe('PASSWORD_TOO_SHORT');
        else expect(problem === null || problem.code === 'PASSWORD_TOO_COMMON').toBe(true);
      }),
    );
  });

  it('a password accepted for someone is never their login, employee number or current password', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 8, maxLength: 16 }),
        fc.string({ minLength: 8, maxLength: 16 }),
        fc.string({ minLength: 8, maxLength: 16 }),
        (login, employeeNo, current) => {
          for (const candidate of [login, employeeNo, current, login.toUpperCase()]) {
            if (newPasswordProblem(candidate, { login, employeeNo }, current) === null) {
              expect(candidate.trim().toLowerCase()).not.toBe(login.trim().toLowerCase());
              expect(candidate.trim().toLowerCase()).not.toBe(employeeNo.trim().toLowerCase());
              expect(candidate).not.toBe(current);
            }
          }
        },
      ),
    );
  });
});
