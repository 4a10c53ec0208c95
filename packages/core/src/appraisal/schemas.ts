import { z } from 'zod';
import { coded, YEARS } from '../bounds.ts';
import { POSITIONS } from '../org.ts';
import { parseAppraisalPeriod } from './periods.ts';
import { DELEGATION_RULES, SCORE_COMPONENTS } from './scheme.ts';

/** API inputs of appraisal: schemes, score listings, close, adjustments, exports and HR API tokens. */

const id = z.coerce.number().int().positive();

export const schemeInput = z.object({
  components: z
    .array(z.object({ kind: z.enum(SCORE_COMPONENTS), weight: z.number().int().min(1).max(100) }))
    .max(SCORE_COMPONENTS.length),
  delegation: z.enum(DELEGATION_RULES),
  note: z.string().trim().max(200).default(''),
});

export const positionParam = z.object({ position: z.enum(POSITIONS) });

/** An appraisal period's name (2026-Q4, 2026-11, 2026-H2, 2026) in the product's years. */
export const appraisalPeriodField = z
  .string()
  .max(10)
  .refine((name) => parseAppraisalPeriod(name) !== undefined, coded('PERIOD_INVALID', YEARS));

export const scoresQuery = z.object({
  period: appraisalPeriodField,
  regionId: id.optional(),
  projectId: id.optional(),
  line: z.string().max(32).optional(),
  position: z.enum(POSITIONS).optional(),
  q: z.string().trim().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

export const scoreExportQuery = z.object({
  period: appraisalPeriodField,
  format: z.enum(['json', 'csv', 'xlsx']).default('json'),
});

export const personScoreParams = z.object({ period: appraisalPeriodField, employeeId: id });

export const closePeriodInput = z.object({ period: appraisalPeriodField });

export const adjustmentInput = z.object({
  // Non-zero with one decimal at most: checked by `adjustmentDeltaProblem`, so the message is in the caller's language.
  delta: z.number().min(-100).max(100),
  reason: z.string().trim().min(1).max(500),
});

export const apiTokenInput = z.object({ name: z.string().trim().min(1).max(80) });
