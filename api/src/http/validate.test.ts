import { clockTime, formatMessage, phoneLookupQuery, type Locale } from '@frontline/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiError } from './errors.ts';
import { parseOrThrow } from './validate.ts';

/** The field messages a refused value gets, as the API answers them. */
function fieldsOf(schema: z.ZodType, value: unknown, locale: Locale): Record<string, string> {
  try {
    parseOrThrow(schema, value, locale);
  } catch (e) {
    if (e instanceof ApiError) return e.fields ?? {};
    throw e;
  }
  throw new Error('accepted');
}

describe('field messages never show a regular expression', () => {
  it('a field with its own words says them, in each language', () => {
    for (const locale of ['zh-CN', 'en'] as const) {
      expect(fieldsOf(phoneLookupQuery, { phone: 'abc' }, locale)).toEqual({
        phone: formatMessage('PHONE_LOOKUP_FORMAT', locale),
      });
      expect(fieldsOf(z.object({ at: clockTime }), { at: '25:00' }, locale)).toEqual({
        at: formatMessage('CLOCK_TIME_FORMAT', locale),
      });
    }
  });

  it('a bare pattern gets the general words, not zod’s "must match pattern /…/"', () => {
    const schema = z.object({ code: z.string().regex(/^[a-z]+$/) });
    for (const locale of ['zh-CN', 'en'] as const) {
      const fields = fieldsOf(schema, { code: 'ABC' }, locale);
      expect(fields).toEqual({ code: formatMessage('FORMAT_INVALID', locale) });
      expect(fields.code).not.toContain('/');
    }
  });

  it('other zod messages stay in the caller’s language', () => {
    expect(fieldsOf(z.object({ n: z.number() }), { n: 'x' }, 'en').n).toMatch(/^Invalid input/);
    expect(fieldsOf(z.object({ n: z.number() }), { n: 'x' }, 'zh-CN').n).toMatch(/[\u4e00-\u9fff]/);
  });
});
