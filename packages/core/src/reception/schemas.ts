import { z } from 'zod';
import { dateRange, isoDate, MAX_SPAN_MONTHS } from '../bounds.ts';
import { clockTime } from '../schemas-duties.ts';
import { SLOT_CAPACITY, SLOT_MINUTES } from './slots.ts';

/** API inputs of reception days and bookings: validated at the edge, shared with the web client. */

export const VENUE_KINDS = ['sales_office', 'customer_centre'] as const;
export type VenueKind = (typeof VENUE_KINDS)[number];
export const VENUE_KIND_LABELS: Record<VenueKind, { zh: string; en: string }> = {
  sales_office: { zh: '售楼处', en: 'sales office' },
  customer_centre: { zh: '客户中心', en: 'customer centre' },
};

const reason = z.string().trim().min(1).max(500);

export const slotPlanInput = z.object({
  startTime: clockTime,
  endTime: clockTime,
  slotMinutes: z.number().int().min(SLOT_MINUTES.min).max(SLOT_MINUTES.max),
  slotCapacity: z.number().int().min(SLOT_CAPACITY.min).max(SLOT_CAPACITY.max),
});

export const receptionDayInput = slotPlanInput.extend({
  dutyId: z.number().int().positive(),
  date: isoDate,
  projectId: z.number().int().positive(),
  venueKind: z.enum(VENUE_KINDS),
  topic: z.string().trim().min(1).max(200),
});

export const moveReceptionInput = z.object({ date: isoDate, reason });
export const cancelReceptionInput = z.object({ reason });
export const receptionDaysQuery = z
  .object({
    from: isoDate.optional(),
    to: isoDate.optional(),
    projectId: z.coerce.number().int().positive().optional(),
    mine: z.enum(['true', 'false']).optional(),
  })
  .superRefine(dateRange(MAX_SPAN_MONTHS.receptionDays));

export const bookingInput = z.object({
  slotId: z.number().int().positive(),
  householdId: z.number().int().positive(),
  note: z.string().trim().max(500).default(''),
});
export const rebookInput = z.object({ slotId: z.number().int().positive(), reason });
export const cancelBookingInput = z.object({ reason });

export const outboxQuery = z.object({
  status: z.enum(['pending', 'sending', 'sent', 'failed', 'stored']).optional(),
  to: z.string().trim().max(200).optional(),
  offset: z.coerce.number().int().min(0).default(0),
});

export const assistantInput = z.object({ assistantId: z.number().int().positive().nullable() });
