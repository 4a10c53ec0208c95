import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { codedIssue, isPatternIssue } from './bounds.ts';
import { categoryInput } from './forms/schemas.ts';
import { deviceId } from './forms/visits.ts';
import { formatMessage, type ErrorCode } from './result.ts';
import { clockTime } from './schemas-duties.ts';
import { phoneLookupQuery, ticketInput } from './tickets/schemas.ts';

/** The code of the first issue of a refused value. */
function refusalCode(schema: z.ZodType, value: unknown): ErrorCode | undefined {
  const result = schema.safeParse(value);
  if (result.success) return undefined;
  return codedIssue(result.error.issues[0]!)?.code;
}

describe('fields that must match a pattern say what to type', () => {
  const cases: [string, z.ZodType, unknown, ErrorCode][] = [
    ['a clock time', clockTime, '9.30', 'CLOCK_TIME_FORMAT'],
    ['an id the device made', deviceId, 'not-a-uuid', 'DEVICE_ID_FORMAT'],
    ['a category code', categoryInput.shape.code, 'Bad Code', 'CATEGORY_CODE_FORMAT'],
    ['a reporter phone', ticketInput.shape.reporterPhone, '138-abc', 'PHONE_FORMAT'],
    ['a phone lookup', phoneLookupQuery.shape.phone, '12', 'PHONE_LOOKUP_FORMAT'],
  ];
  it.each(cases)('%s', (_name, schema, bad, code) => {
    expect(refusalCode(schema, bad)).toBe(code);
    for (const locale of ['zh-CN', 'en'] as const) expect(formatMessage(code, locale)).not.toMatch(/[/^$\\]/);
  });

  it('accepts what the pattern allows', () => {
    expect(clockTime.safeParse('09:30').success).toBe(true);
    expect(deviceId.safeParse('0b8a3c1e-1f2d-4c3b-9a8e-7d6c5b4a3f21').success).toBe(true);
    expect(categoryInput.shape.code.safeParse('leak_01').success).toBe(true);
    expect(phoneLookupQuery.shape.phone.safeParse('138 0000 0000').success).toBe(true);
  });

  it('a bare regex is recognised, so readers can word it', () => {
    const result = z.string().regex(/^x$/).safeParse('y');
    expect(!result.success && isPatternIssue(result.error.issues[0]!)).toBe(true);
  });
});
