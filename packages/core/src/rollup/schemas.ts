import { z } from 'zod';
import { isoDate, MAX_SPAN_MONTHS, monthKey, monthRange } from '../bounds.ts';
import { DIMENSIONS } from '../forms/definition.ts';
import { PEOPLE_PLAN_MOVES, PLAN_KINDS, PLAN_STATUSES, VERIFICATION_OUTCOMES } from './plans.ts';
import { LINES } from '../org.ts';

/** API inputs of the roll-up: analysis filters, common-issue review, plans, the defect library and the report. */

const id = z.coerce.number().int().positive();
const text = (max: number) => z.string().trim().min(1).max(max);

export const analysisQuery = z
  .object({
    regionId: id.optional(),
    projectId: id.optional(),
    checkpoint: z.coerce.number().int().min(1).max(7).optional(),
    dimension: z.enum(DIMENSIONS).optional(),
    from: monthKey,
    to: monthKey,
  })
  .superRefine(monthRange(MAX_SPAN_MONTHS.analysis));

export const detectionSettingsInput = z.object({
  similarity: z.number().min(0.1).max(1),
  minHouseholds: z.number().int().min(2).max(1000),
  minShare: z.number().min(0.01).max(1),
  minShareHouseholds: z.number().int().min(2).max(1000),
});

export const COMMON_ISSUE_STATUSES = ['suggested', 'confirmed', 'dismissed', 'merged'] as const;
export type CommonIssueStatus = (typeof COMMON_ISSUE_STATUSES)[number];
export const COMMON_ISSUE_STATUS_LABELS: Record<CommonIssueStatus, { zh: string; en: string }> = {
  suggested: { zh: '待确认', en: 'suggested' },
  confirmed: { zh: '已确认', en: 'confirmed' },
  dismissed: { zh: '已驳回', en: 'dismissed' },
  merged: { zh: '已合并', en: 'merged' },
};

export const commonIssueQuery = z.object({
  status: z.enum(COMMON_ISSUE_STATUSES).optional(),
  projectId: id.optional(),
  categoryId: id.optional(),
});
export const confirmInput = z.object({ title: text(80) });
export const dismissInput = z.object({ reason: text(500) });
export const mergeInput = z.object({ intoId: z.number().int().positive() });
export const splitInput = z.object({
  itemIds: z.array(z.number().int().positive()).min(1).max(10_000),
  title: text(80),
});

const action = z.object({ title: text(200), ownerId: z.number().int().positive(), dueOn: isoDate });
export const planInput = z.object({
  commonIssueId: z.number().int().positive(),
  kind: z.enum(PLAN_KINDS),
  title: text(100),
  description: text(2000),
  cause: z.string().trim().max(2000).default(''),
  standardChange: z.string().trim().max(2000).default(''),
  ownerLine: z.enum(LINES),
  ownerId: z.number().int().positive(),
  projectId: z.number().int().positive().nullable().default(null),
  sampleSize: z.number().int().min(1).max(50).default(5),
  actions: z.array(action).max(50).default([]),
});
export const planUpdateInput = planInput.omit({ commonIssueId: true, kind: true, actions: true });
export const planActionInput = action;
export const actionDoneInput = z.object({ notes: z.string().trim().max(1000).default('') });
export const planMoveInput = z.object({ move: z.enum(PEOPLE_PLAN_MOVES) });
export const evidenceInput = z.object({
  notes: z.string().trim().max(4000),
  photoIds: z.array(z.string().uuid()).max(20).default([]),
});
export const verificationInput = z.object({
  outcome: z.enum(VERIFICATION_OUTCOMES),
  notes: z.string().trim().max(1000).default(''),
  visitedOn: isoDate,
});
// `mine` is the word true or false: coercing would read "false" as true.
export const planListQuery = z.object({
  status: z.enum(PLAN_STATUSES).optional(),
  kind: z.enum(PLAN_KINDS).optional(),
  mine: z.enum(['true', 'false']).optional(),
});

export const defectQuery = z.object({ q: z.string().trim().max(100).optional(), categoryId: id.optional() });
export const reportQuery = z.object({ regionId: id, month: monthKey });
