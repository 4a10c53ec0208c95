import { z } from 'zod';
import { coded, isoDate } from '../bounds.ts';
import { LINES } from '../org.ts';
import { TICKET_SEVERITIES } from './sla.ts';
import { WARRANTY_KINDS } from './warranty.ts';
import { validWorkingHours } from './working-time.ts';

/**
 * Request shapes of the ticket settings customer relations edits: the
 * routing table, SLA limits, warranty periods with the category mapping, and
 * a project's working hours and completion date. A null category or project
 * means "any" (the row every more specific one falls back to).
 */
const id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const anyId = id.nullable();

export const ticketRouteInput = z.object({
  categoryId: anyId,
  projectId: anyId,
  line: z.enum(LINES),
  handlerId: anyId.default(null),
});
export type TicketRouteInput = z.infer<typeof ticketRouteInput>;

/** Working days in halves: 0, 0.5, 1, 1.5 … up to 60. */
const halfDays = (min: number) =>
  z
    .number()
    .min(min)
    .max(60)
    .refine((d) => Number.isInteger(d * 2), coded('TICKET_LIMIT_HALVES'));

export const ticketSlaLimitInput = z.object({
  categoryId: anyId,
  severity: z.enum(TICKET_SEVERITIES),
  firstResponseDays: halfDays(0),
  resolveSingleDays: halfDays(0.5),
  resolveCrossDays: halfDays(0.5),
});
export type TicketSlaLimitInput = z.infer<typeof ticketSlaLimitInput>;

export const warrantyKindParam = z.object({ kind: z.enum(WARRANTY_KINDS) });

export const warrantyPeriodInput = z.discriminatedUnion('unit', [
  z.object({ unit: z.literal('years'), count: z.number().int().min(1).max(50) }),
  z.object({
    unit: z.literal('seasons'),
    count: z.number().int().min(1).max(50),
    seasonEnd: z
      .string()
      .refine((s) => /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(s), coded('TICKET_SEASON_END_INVALID')),
  }),
]);
export type WarrantyPeriodInput = z.infer<typeof warrantyPeriodInput>;

/** A category's warranty kind, or null to say no warranty covers it. */
export const categoryWarrantyInput = z.object({ kind: z.enum(WARRANTY_KINDS).nullable() });

const clock = z.string().refine((s) => /^\d{2}:\d{2}$/.test(s), coded('TICKET_HOURS_INVALID'));
export const serviceHoursInput = z
  .object({ workStart: clock, workEnd: clock, completedOn: isoDate.nullable() })
  .refine((h) => validWorkingHours({ start: h.workStart, end: h.workEnd }), {
    ...coded('TICKET_HOURS_INVALID'),
    path: ['workEnd'],
  });
export type ServiceHoursInput = z.infer<typeof serviceHoursInput>;
