import { z } from 'zod';
import type { FieldProblem } from './result.ts';

/**
 * The password policy, after NIST SP 800-63B: length over composition rules.
 * A password is long enough (counted in characters, so a Chinese phrase
 * counts as what it reads), is not the person's login or employee number, is
 * not the one it replaces, and is not one of the passwords people choose
 * first. Nothing about mixing upper case, digits and symbols.
 */

export const PASSWORD_MIN_LENGTH = 10;
/** Below the sign-in form's limit, so every password that can be set can be typed there. */
export const PASSWORD_MAX_LENGTH = 128;

/**
 * Passwords of the allowed length that people reach for first (and this
 * product's published demo password). Compared without case.
 */
const COMMON_PASSWORDS = new Set([
  '1234567890',
  '0123456789',
  '0987654321',
  '12345678910',
  '1234567890a',
  'a123456789',
  'a1234567890',
  'qwertyuiop',
  'qwerty1234',
  'qwerty12345',
  '1q2w3e4r5t',
  '1qaz2wsx3edc',
  'zaq12wsxcde',
  'asdfghjkl;',
  'password12',
  'password123',
  'password1234',
  'passw0rd123',
  'p@ssw0rd123',
  'iloveyou12',
  'iloveyou123',
  'abc1234567',
  'abcd123456',
  'abcd1234567',
  'abcdefghij',
  'admin12345',
  'admin123456',
  'administrator',
  'woaini1314',
  'woaini5201314',
  '5201314520',
  '1314520520',
  'frontline-demo',
  'frontline123',
  'yixian123456',
]);

export type PasswordOwner = { login: string | null; employeeNo: string };

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * What is wrong with a new password, or null when it may be set. `current`
 * is the password it replaces, when the person has just typed it.
 */
export function newPasswordProblem(candidate: string, owner: PasswordOwner, current?: string): FieldProblem | null {
  const length = [...candidate].length;
  if (length < PASSWORD_MIN_LENGTH) return { code: 'PASSWORD_TOO_SHORT', params: { min: PASSWORD_MIN_LENGTH } };
  if (length > PASSWORD_MAX_LENGTH) return { code: 'PASSWORD_TOO_LONG', params: { max: PASSWORD_MAX_LENGTH } };
  if ((owner.login !== null && same(candidate, owner.login)) || same(candidate, owner.employeeNo))
    return { code: 'PASSWORD_IS_LOGIN' };
  if (current !== undefined && candidate === current) return { code: 'PASSWORD_UNCHANGED' };
  if (COMMON_PASSWORDS.has(candidate.toLowerCase()) || new Set(candidate).size === 1)
    return { code: 'PASSWORD_TOO_COMMON' };
  return null;
}

/** The change form: the password now (re-checked, throttled like sign-in) and the new one (checked by `newPasswordProblem`). */
export const passwordChangeInput = z.object({
  currentPassword: z.string().min(1).max(256),
  newPassword: z.string().min(1).max(256),
});
export type PasswordChangeInput = z.infer<typeof passwordChangeInput>;
