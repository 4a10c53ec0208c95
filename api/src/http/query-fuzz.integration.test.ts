import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { Harness } from '../testing/harness.ts';
import { createWorld } from '../testing/world.ts';
import { listEndpoints, type Endpoint } from './route-table.ts';

/**
 * Every GET endpoint with a query or path schema, fed generated values as the
 * system admin (widest scope) and as a staff member: extreme and malformed
 * years, huge and inverted ranges, out-of-range and fractional numbers, long
 * strings, unicode, empty values and unknown enum values. The fields come
 * from the schemas themselves, so a new route is fuzzed without touching this
 * file. Nothing may answer 5xx, and a 200 must stay small.
 */

const MAX_BODY_BYTES = 2 * 1024 * 1024;
const RUNS_PER_ENDPOINT = 16;
const SEED = 20261123;

type Schema = z.ZodType & { _zod: { def: Record<string, unknown> & { type: string } } };

/** What a field accepts, read off its zod definition (optional, default, nullable and pipes unwrapped). */
type FieldKind =
  | { kind: 'enum'; values: string[] }
  | { kind: 'number'; min: number; max: number }
  | { kind: 'boolean' }
  | { kind: 'string' };

function fieldKind(schema: Schema): FieldKind {
  const def = schema._zod.def;
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'catch':
    case 'readonly':
      return fieldKind(def.innerType as Schema);
    case 'pipe':
      return fieldKind(def.in as Schema);
    case 'enum':
      return { kind: 'enum', values: Object.values(def.entries as Record<string, string>) };
    case 'literal':
      return { kind: 'enum', values: (def.values as unknown[]).map(String) };
    case 'number': {
      const n = schema as unknown as { minValue: number | null; maxValue: number | null };
      return { kind: 'number', min: Math.max(n.minValue ?? -1e6, -1e6), max: Math.min(n.maxValue ?? 1e6, 1e6) };
    }
    case 'boolean':
      return { kind: 'boolean' };
    default:
      return { kind: 'string' };
  }
}

/** The fields of an input schema; every query and path schema is an object (refined or not). */
function shapeOf(schema: Schema): Record<string, Schema> {
  if (schema._zod.def.type === 'pipe') return shapeOf(schema._zod.def.in as Schema);
  const shape = (schema as unknown as { shape?: Record<string, Schema> }).shape;
  if (!shape) throw new Error(`input schema of type ${schema._zod.def.type} has no shape to fuzz`);
  return shape;
}

const YEARS = ['0000', '0001', '1999', '2000', '2024', '2025', '2026', '2099', '2100', '9999', '10000'];
const SUFFIXES = [
  '',
  '-01',
  '-06',
  '-11',
  '-12',
  '-13',
  '-00',
  '-01-01',
  '-02-29',
  '-02-30',
  '-11-23',
  '-12-31',
  '-Q1',
  '-Q4',
  '-Q5',
  '-H2',
  '-M11',
  '-M13',
  '-B6',
  '-Y1',
  '-Y2',
  '-W48',
];
/** Dates, months and period names around every extreme year: two of them make a huge or an inverted range. */
const YEARISH = YEARS.flatMap((y) => SUFFIXES.map((rest) => y + rest));
const yearish = fc.constantFrom(...YEARISH);
const PLAIN = ['a', 'e000042', 'true', 'false', '1', '2', '7'];

/** Values no field should choke on. */
const hostile = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '-1',
    '0',
    '-0',
    '1.5',
    '2.5',
    '1e20',
    '1e309',
    'NaN',
    'Infinity',
    '0x1F',
    '9007199254740993',
    '99999999999999999999',
    'null',
    'undefined',
    '[]',
    '{}',
  ),
  fc.constantFrom(
    '💥',
    '２０２６-１１',
    '٢٠٢٦-11',
    '\u0000',
    '\u202e2026',
    "' or 1=1 --",
    '<script>',
    '../../etc/passwd',
    '%',
    '%%',
    'e\u0301',
    'UNKNOWN',
  ),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.integer({ min: 300, max: 20_000 }).map((n) => 'x'.repeat(n)),
  yearish,
);

/**
 * Values of the field's own type, extreme where it has a range: those of the
 * candidates (extreme-year dates, months and periods, plain words) that the
 * field's schema accepts, and numbers across its range. A request of these
 * passes every field and may still be refused as a whole (a huge range).
 */
function typedValue(schema: Schema): fc.Arbitrary<string> {
  const field = fieldKind(schema);
  const accepted = [...YEARISH, ...PLAIN].filter((v) => schema.safeParse(v).success);
  const own = (() => {
    switch (field.kind) {
      case 'enum':
        return fc.constantFrom(...field.values);
      case 'number':
        return fc
          .oneof(
            fc.integer({ min: Math.ceil(field.min), max: Math.ceil(field.min) + 3 }),
            fc.integer({ min: Math.ceil(field.min), max: Math.floor(field.max) }),
            fc.constant(Math.floor(field.max)),
          )
          .map(String);
      case 'boolean':
        return fc.constantFrom('true', 'false');
      case 'string':
        return yearish;
    }
  })();
  return accepted.length
    ? fc.oneof({ arbitrary: fc.constantFrom(...accepted), weight: 3 }, { arbitrary: own, weight: 1 })
    : own;
}

/**
 * Values for every field of a schema: each of its own type (now and then left
 * out), and in half the runs one field replaced by something hostile, so requests
 * both reach the handler with extreme values and hit each field's refusals.
 */
function valuesFor(schema: Schema | undefined): fc.Arbitrary<Record<string, string>> {
  if (!schema) return fc.constant({});
  const shape = shapeOf(schema);
  const names = Object.keys(shape);
  if (names.length === 0) return fc.constant({});
  const typed = fc.record(
    Object.fromEntries(names.map((name) => [name, fc.option(typedValue(shape[name]!), { freq: 6, nil: undefined })])),
  );
  const spoiled = fc.option(fc.tuple(fc.constantFrom(...names), hostile), { freq: 1, nil: undefined });
  return fc.tuple(typed, spoiled).map(([values, spoil]) => {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries({ ...values, ...(spoil ? { [spoil[0]]: spoil[1] } : {}) }))
      if (v !== undefined) out[k] = v;
    return out;
  });
}

function urlOf(endpoint: Endpoint, param: Record<string, string>, query: Record<string, string>): string {
  const path = endpoint.path.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(param[name] ?? '1'));
  const search = new URLSearchParams(query).toString();
  return search ? `${path}?${search}` : path;
}

let h: Harness;
let endpoints: Endpoint[];
const cookies: Record<string, string> = {};

beforeEach(async () => {
  h = await createWorld();
  for (const login of ['admin', 'staff']) cookies[login] = await h.signIn(login);
  endpoints = listEndpoints(h.app as never).filter(
    (e) => e.method === 'GET' && e.inputs.some((i) => i.target === 'query' || i.target === 'param'),
  );
});
afterEach(async () => h.cleanup());

describe('fuzzing every GET query and path schema', () => {
  it('walks the route table, including the endpoints that take ranges and periods', () => {
    const paths = endpoints.map((e) => e.path);
    for (const p of [
      '/api/analysis',
      '/api/compliance',
      '/api/compliance/export',
      '/api/me/duties',
      '/api/responses',
      '/api/scores/:period/:employeeId',
    ])
      expect(paths).toContain(p);
  });

  for (const login of ['admin', 'staff']) {
    it(`never answers 5xx, and a 200 stays under 2 MB, as ${login}`, async () => {
      let sent = 0;
      for (const endpoint of endpoints) {
        const query = endpoint.inputs.find((i) => i.target === 'query')?.schema as Schema | undefined;
        const param = endpoint.inputs.find((i) => i.target === 'param')?.schema as Schema | undefined;
        await fc.assert(
          fc.asyncProperty(valuesFor(param), valuesFor(query), async (p, q) => {
            const url = urlOf(endpoint, p, q);
            const res = await h.request(url, { cookie: cookies[login] });
            const bytes = (await res.arrayBuffer()).byteLength;
            sent++;
            expect(res.status, `${res.status} for GET ${url}`).toBeLessThan(500);
            if (res.status === 200) expect(bytes, `GET ${url}`).toBeLessThan(MAX_BODY_BYTES);
          }),
          { seed: SEED, numRuns: RUNS_PER_ENDPOINT, endOnFailure: true },
        );
      }
      expect(sent).toBe(endpoints.length * RUNS_PER_ENDPOINT);
    });
  }
});
