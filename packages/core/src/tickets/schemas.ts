import { z } from 'zod';
import { coded, isoDate, monthKey } from '../bounds.ts';
import { LINES } from '../org.ts';
import {
  ACCEPTANCE_WAYS,
  DISMISS_REASONS,
  OPEN_TICKET_STATUSES,
  REPORTER_KINDS,
  TICKET_CHANNELS,
  TICKET_STATUSES,
  TICKET_TYPES,
  WAIT_REASONS,
  type TicketMoveInput,
} from './lifecycle.ts';
import { TICKET_SCOPES, TICKET_SEVERITIES } from './sla.ts';

/** Request shapes of the ticket API; the lifecycle's own rules (a reason that is blank, a date in the past) are core's. */
const id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).optional();
const place = z.string().trim().max(32).default('');

export const ticketInput = z.object({
  /** The caller's id for this ticket: the same id twice (a double click at the 400 desk) makes one ticket. */
  clientId: z.string().trim().min(8).max(64),
  householdId: id,
  channel: z.enum(TICKET_CHANNELS),
  type: z.enum(TICKET_TYPES),
  categoryId: id,
  description: text(2000),
  severity: z.enum(TICKET_SEVERITIES).default('general'),
  reporterKind: z.enum(REPORTER_KINDS).default('owner'),
  reporterName: z.string().trim().max(64).default(''),
  reporterPhone: z
    .string()
    .trim()
    .max(32)
    .refine((s) => /^[0-9+\-\s]*$/.test(s), coded('PHONE_FORMAT'))
    .default(''),
  building: place,
  unit: place,
  room: place,
  area: place,
  photoIds: z.array(z.string().uuid()).max(20).default([]),
  /** The visit issue item this ticket is raised from (one tap on a visit), linked both ways. */
  visitIssueId: id.optional(),
  /** The reception-day booking it was raised at. */
  bookingId: id.optional(),
});
export type TicketInput = z.infer<typeof ticketInput>;

const note = optionalText(1000);
export const ticketMoveInput = z.discriminatedUnion('move', [
  z.object({ move: z.literal('confirm'), note }),
  z.object({ move: z.literal('dismiss'), reason: z.enum(DISMISS_REASONS), explanation: text(1000) }),
  z.object({
    move: z.literal('assess'),
    severity: z.enum(TICKET_SEVERITIES),
    scope: z.enum(TICKET_SCOPES),
    note,
  }),
  z.object({
    move: z.literal('investigate'),
    cause: text(2000),
    responsibleLine: z.enum(LINES),
    evidence: optionalText(2000),
    photoIds: z.array(z.string().uuid()).max(20).optional(),
  }),
  z.object({ move: z.literal('handle'), actions: text(2000), assigneeId: id, promisedOn: isoDate }),
  z.object({ move: z.literal('wait'), reason: z.enum(WAIT_REASONS), note }),
  z.object({ move: z.literal('resume'), note }),
  // One shape for both ways of closing (a discriminated union keys on `move` only); the refinement makes each complete.
  z
    .object({
      move: z.literal('close'),
      accepted: z.boolean(),
      acceptedHow: z.enum(ACCEPTANCE_WAYS).optional(),
      reason: z.string().trim().max(1000).optional(),
      note,
    })
    .superRefine((v, ctx) => {
      if (v.accepted && !v.acceptedHow) ctx.addIssue({ code: 'custom', path: ['acceptedHow'], message: 'required' });
      if (!v.accepted && !v.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'required' });
    }),
  z.object({
    move: z.literal('follow_up'),
    satisfaction: z.number().int().min(1).max(5),
    comments: z.string().trim().max(1000).default(''),
  }),
  z.object({ move: z.literal('feedback'), commonIssueId: id.optional(), improvementPlanId: id.optional(), note }),
  z.object({ move: z.literal('reopen'), reason: text(1000) }),
  z.object({ move: z.literal('assign'), assigneeId: id, note }),
]);

/** A move as the lifecycle types it (the close shape narrowed to its two ways). */
export function toTicketMove(v: z.infer<typeof ticketMoveInput>): TicketMoveInput {
  if (v.move !== 'close') return v;
  return v.accepted
    ? { move: 'close', accepted: true, acceptedHow: v.acceptedHow ?? 'on_site', ...(v.note ? { note: v.note } : {}) }
    : { move: 'close', accepted: false, reason: v.reason ?? '' };
}

export const TICKET_NOTE_CHANNELS = ['phone', 'on_site', 'message', 'app'] as const;
export type TicketNoteChannel = (typeof TICKET_NOTE_CHANNELS)[number];
export const TICKET_NOTE_CHANNEL_LABELS: Record<TicketNoteChannel, { zh: string; en: string }> = {
  phone: { zh: '电话', en: 'Phone' },
  on_site: { zh: '现场', en: 'On site' },
  message: { zh: '短信/微信', en: 'Message' },
  app: { zh: 'App', en: 'App' },
};
/** A customer-facing progress note: what was told to the customer, how; when and by whom the server records. */
export const ticketNoteInput = z.object({ toldVia: z.enum(TICKET_NOTE_CHANNELS), text: text(1000) });

export const TICKET_QUEUES = [
  'all',
  'unassigned',
  'breaching_soon',
  'breached',
  'waiting',
  'mine',
  'regional',
] as const;
export type TicketQueue = (typeof TICKET_QUEUES)[number];
export const ticketListQuery = z.object({
  queue: z.enum(TICKET_QUEUES).optional(),
  status: z.enum(TICKET_STATUSES).optional(),
  open: z.enum(['true', 'false']).optional(),
  type: z.enum(TICKET_TYPES).optional(),
  projectId: id.optional(),
  householdId: id.optional(),
  categoryId: id.optional(),
  severity: z.enum(TICKET_SEVERITIES).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type TicketListQuery = z.infer<typeof ticketListQuery>;

/** The 400 line's lookup: the caller's number, exact (digits only are compared). */
export const phoneLookupQuery = z.object({
  phone: z
    .string()
    .trim()
    .refine((s) => /^[0-9+\-\s]{5,32}$/.test(s), coded('PHONE_LOOKUP_FORMAT')),
});

export const indicatorQuery = z.object({
  period: monthKey,
  /** How many months the trend shows, ending with `period`. */
  months: z.coerce.number().int().min(1).max(24).default(6),
  regionId: id.optional(),
  projectId: id.optional(),
});

export const openTicketStatus = z.enum(OPEN_TICKET_STATUSES);
