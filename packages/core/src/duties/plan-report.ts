import { z } from 'zod';
import { LINES } from '../org.ts';
import { DUTY_KINDS } from './rules.ts';
import { UNPLACED_REASONS } from './schedule.ts';

/**
 * What a planning run did, as its run row keeps it and the planning screen
 * shows it. A schema rather than only a type because the report is stored
 * as JSON and read back: reading it checks it.
 */
const isoDate = z.string();
const dutyKind = z.enum(DUTY_KINDS);

export const ownershipSummary = z.object({ projects: z.number(), moved: z.number(), unassigned: z.number() });
export type RebalanceSummary = z.infer<typeof ownershipSummary>;

export const dutiesSummary = z.object({
  created: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  kept: z.number(),
  removed: z.number(),
});
export type PersistSummary = z.infer<typeof dutiesSummary>;

export const dutyMove = z.object({
  dutyId: z.number(),
  employeeId: z.number(),
  kind: dutyKind,
  from: isoDate,
  to: isoDate.nullable(),
});

export const unplacedGroup = z.object({
  reason: z.enum(UNPLACED_REASONS),
  kind: dutyKind,
  periodKey: z.string(),
  count: z.number(),
});
export type UnplacedGroup = z.infer<typeof unplacedGroup>;

export const planReport = z.object({
  regions: z.number(),
  ownership: ownershipSummary,
  duties: dutiesSummary,
  /** Years in the horizon with no calendar data (nothing placed there unless allowed). */
  unknownYears: z.array(z.number()),
  /** Years in the horizon planned on the law alone, their notice not out yet. */
  provisionalYears: z.array(z.number()),
  /** Planned duties whose date moved, the first few in full; `moved` counts them all. */
  moved: z.number(),
  moves: z.array(dutyMove),
  unplaced: z.array(unplacedGroup),
  /** The first few unplaced items in full, for the report screen. */
  examples: z.array(
    z.object({
      reason: z.enum(UNPLACED_REASONS),
      kind: dutyKind,
      employeeId: z.number().nullable(),
      projectId: z.number().nullable(),
      periodKey: z.string(),
      created: z.boolean(),
      line: z.enum(LINES).optional(),
      employeeName: z.string().nullable(),
      projectName: z.string().nullable(),
    }),
  ),
});
export type PlanReport = z.infer<typeof planReport>;

export function emptyPlanReport(): PlanReport {
  return {
    regions: 0,
    ownership: { projects: 0, moved: 0, unassigned: 0 },
    duties: { created: 0, updated: 0, unchanged: 0, kept: 0, removed: 0 },
    unknownYears: [],
    provisionalYears: [],
    moved: 0,
    moves: [],
    unplaced: [],
    examples: [],
  };
}
