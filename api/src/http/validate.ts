import { codedIssue, formatMessage, isPatternIssue, type FieldErrors, type Locale } from '@frontline/core';
import type { MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { ApiError } from './errors.ts';
import type { AppEnv } from './context.ts';

/** Marks validators so the OpenAPI document can describe each route's inputs. */
export const INPUT = Symbol('input');

export type InputTarget = 'json' | 'query' | 'param';
export type InputMeta = { target: InputTarget; schema: z.ZodType };

const localeErrors = { 'zh-CN': z.locales.zhCN().localeError, en: z.locales.en().localeError };

/**
 * Zod issues as `{ "field.path": "message" }`, in the caller's language: zod's
 * own messages through its locale (but never a regular expression), and
 * core's coded refinements (`coded`) through the product's catalogue.
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, locale: Locale): z.output<S> {
  const result = schema.safeParse(value, { error: localeErrors[locale] });
  if (result.success) return result.data;
  const fields: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = issue.path.length ? issue.path.join('.') : '_';
    const coded = codedIssue(issue);
    fields[key] ??= coded
      ? formatMessage(coded.code, locale, coded.params)
      : isPatternIssue(issue)
        ? formatMessage('FORMAT_INVALID', locale)
        : issue.message;
  }
  throw new ApiError(422, 'VALIDATION_FAILED', { fields });
}

type QueryIn<S extends z.ZodType> = { [K in keyof z.input<S>]?: string | string[] };
type Validated<T extends InputTarget, S extends z.ZodType> = {
  in: { [K in T]: K extends 'json' ? z.input<S> : QueryIn<S> };
  out: { [K in T]: z.output<S> };
};

/**
 * Validation at the edge: a JSON body must say application/json (415) and
 * parse (400); then the schema decides (422 with field messages).
 */
export function input<T extends InputTarget, S extends z.ZodType>(
  target: T,
  schema: S,
): MiddlewareHandler<AppEnv, string, Validated<T, S>> & { [INPUT]: InputMeta } {
  const mw: MiddlewareHandler<AppEnv, string, Validated<T, S>> = async function validate(c, next) {
    let raw: unknown;
    if (target === 'json') {
      const type = c.req.header('content-type') ?? '';
      if (!/^application\/(.+\+)?json\b/i.test(type)) {
        throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', { params: { expected: 'application/json' } });
      }
      try {
        raw = await c.req.json();
      } catch {
        throw new ApiError(400, 'MALFORMED_JSON');
      }
    } else if (target === 'query') {
      raw = c.req.query();
    } else {
      raw = c.req.param();
    }
    const data = parseOrThrow(schema, raw, c.get('locale'));
    c.req.addValidatedData(target, data as never);
    await next();
  };
  return Object.assign(mw, { [INPUT]: { target, schema } as InputMeta });
}
