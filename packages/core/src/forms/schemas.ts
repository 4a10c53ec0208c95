import { z } from 'zod';
import { coded } from '../bounds.ts';
import { DIMENSIONS } from './definition.ts';

/** API inputs of the form builder and the taxonomy. A definition's own rules are checked by checkRevision. */

export const formDraftInput = z.object({ definition: z.unknown() });

const label = z.object({ zh: z.string().trim().min(1).max(40), en: z.string().trim().min(1).max(80) });

export const categoryInput = z.object({
  code: z.string().refine((s) => /^[a-z][a-z0-9_]{1,39}$/.test(s), coded('CATEGORY_CODE_FORMAT')),
  dimension: z.enum(DIMENSIONS),
  label,
  active: z.boolean().default(true),
});
export const categoryUpdateInput = z.object({ label, active: z.boolean() });

export const checkpointQuery = z.object({ checkpoint: z.coerce.number().int().min(1).max(7) });

export const visitContextQuery = z
  .object({
    dutyId: z.coerce.number().int().positive().optional(),
    bookingId: z.coerce.number().int().positive().optional(),
    checkpoint: z.coerce.number().int().min(1).max(7).optional(),
  })
  .refine((q) => q.dutyId !== undefined || q.bookingId !== undefined || q.checkpoint !== undefined, {
    path: ['dutyId'],
    message: 'dutyId | bookingId | checkpoint',
  });
