import { z } from 'zod';
import { coded, dateRange, isoDate, MAX_SPAN_MONTHS } from '../bounds.ts';
import { addDaysIso, type IsoDate } from '../calendar/dates.ts';
import type { DutyKind } from '../duties/rules.ts';
import type { Checkpoint } from '../org.ts';
import { err, ok, type AppError, type Result } from '../result.ts';
import { clockTime } from '../schemas-duties.ts';
import { PHOTO_ID } from './answers.ts';
import { DIMENSIONS, type Label } from './definition.ts';

/** How the contact happened. */
export const VISIT_CHANNELS = ['home_visit', 'reception', 'phone', 'site_visit', 'event'] as const;
export type VisitChannel = (typeof VISIT_CHANNELS)[number];
export const VISIT_CHANNEL_LABELS: Record<VisitChannel, Label> = {
  home_visit: { zh: '入户拜访', en: 'Home visit' },
  reception: { zh: '接待日', en: 'Reception day' },
  phone: { zh: '电话', en: 'Phone' },
  site_visit: { zh: '现场参观', en: 'Site visit' },
  event: { zh: '活动', en: 'Event' },
};

/** The checkpoint (and so the form) a duty's visit belongs to. */
export function checkpointOfDuty(kind: DutyKind, eventCheckpoint: number | null): Checkpoint {
  if (kind === 'home_visit') return 7;
  if (kind === 'reception') return 6;
  return (eventCheckpoint ?? 7) as Checkpoint;
}

/** The channel a visit most likely took, as the form's first guess. */
export function defaultChannel(kind: DutyKind | null, fromBooking: boolean): VisitChannel {
  if (fromBooking || kind === 'reception') return 'reception';
  if (kind === 'checkpoint') return 'event';
  return 'home_visit';
}

/**
 * Who may be named as present at a visit: an active colleague the recorder
 * could have come with, on the visit's project or in its region's office.
 * Being named lets a person read the visit and counts its ratings towards
 * their appraisal, so nobody further away may be added.
 */
export function mayBePresentAt(
  visit: { projectId: number; regionId: number },
  person: { active: boolean; regionId: number | null; projectId: number | null },
): boolean {
  if (!person.active) return false;
  return person.projectId === visit.projectId || (person.projectId === null && person.regionId === visit.regionId);
}

/** How many days back a visit tied to neither a duty nor a booking may be dated, unless configured otherwise. */
export const DEFAULT_VISIT_LOOKBACK_DAYS = 30;

export type DateWindow = { from: IsoDate; to: IsoDate };

/**
 * The dates a visit may carry: its duty's window or its booking's reception
 * day when it has one; otherwise the last `lookbackDays` days up to today, so
 * a visit cannot be back-dated into last year.
 */
export function visitDateWindow(target: DateWindow | null, today: IsoDate, lookbackDays: number): DateWindow {
  return target ?? { from: addDaysIso(today, -lookbackDays), to: today };
}

/** A visit's date and time: not in the future (to the minute), and inside its window. */
export function checkVisitDate(
  visit: { visitedOn: IsoDate; visitedAt: string },
  window: DateWindow,
  now: { date: IsoDate; clock: string },
): Result<null, AppError> {
  if (visit.visitedOn > now.date || (visit.visitedOn === now.date && visit.visitedAt > now.clock)) {
    return err({ code: 'VISIT_IN_FUTURE', fields: { visitedOn: 'VISIT_IN_FUTURE' } });
  }
  if (visit.visitedOn < window.from || visit.visitedOn > window.to) {
    return err({
      code: 'DATE_OUTSIDE_WINDOW',
      params: { from: window.from, to: window.to },
      fields: { visitedOn: 'DATE_OUTSIDE_WINDOW' },
    });
  }
  return ok(null);
}

/** Uploaded photos: what phones produce and browsers show, and a size that a basement upload can finish. */
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export const PHOTO_MAX_BYTES = 8 * 1024 * 1024;
export const PHOTO_THUMB_PX = 320;

/** Ids the device makes up (visits, photos): lower-case UUIDs. */
export const deviceId = z.string().refine((s) => PHOTO_ID.test(s), coded('DEVICE_ID_FORMAT'));

/**
 * A visit as the device submits it. `clientId` is made on the device when the
 * form opens; submitting the same id again returns the record already made.
 */
export const visitInput = z
  .object({
    clientId: deviceId,
    dutyId: z.number().int().positive().optional(),
    bookingId: z.number().int().positive().optional(),
    checkpoint: z.number().int().min(1).max(7).optional(),
    formVersionId: z.number().int().positive(),
    householdIds: z.array(z.number().int().positive()).min(1).max(20),
    visitedOn: isoDate,
    visitedAt: clockTime,
    channel: z.enum(VISIT_CHANNELS),
    staffIds: z.array(z.number().int().positive()).max(20).default([]),
    answers: z.record(z.string(), z.unknown()),
  })
  .refine((v) => v.dutyId !== undefined || v.bookingId !== undefined || v.checkpoint !== undefined, {
    path: ['dutyId'],
    message: 'dutyId | bookingId | checkpoint',
  });
export type VisitInput = z.infer<typeof visitInput>;

/** A draft is whatever the device had typed; only its size and owner are checked. */
export const visitDraftInput = z.object({
  formVersionId: z.number().int().positive(),
  dutyId: z.number().int().positive().nullable().default(null),
  bookingId: z.number().int().positive().nullable().default(null),
  payload: z.record(z.string(), z.unknown()),
});
export const clientIdParam = z.object({ clientId: deviceId });

export const photoParam = z.object({ photoId: deviceId });

export const myVisitsQuery = z
  .object({
    from: isoDate.optional(),
    to: isoDate.optional(),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .superRefine(dateRange(MAX_SPAN_MONTHS.visits));

export const responsesQuery = z
  .object({
    projectId: z.coerce.number().int().positive().optional(),
    checkpoint: z.coerce.number().int().min(1).max(7).optional(),
    dimension: z.enum(DIMENSIONS).optional(),
    categoryId: z.coerce.number().int().positive().optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    offset: z.coerce.number().int().min(0).default(0),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .superRefine(dateRange(MAX_SPAN_MONTHS.responses));
