import { z } from 'zod';
import { coded } from './bounds.ts';
import { isIsoDate, type IsoDate } from './calendar/dates.ts';

/**
 * A household's timeline, read a page at a time, newest first. The timeline
 * merges three kinds of entry (visits, bookings, tickets), each placed at a
 * Shanghai date and clock time to the minute; one order over all of them,
 * newest first, is (date, time, kind, id), kinds ranked visit > booking >
 * ticket at the same minute (as the whole list was always shown). A page's
 * cursor is the key of its last entry, and the next page is what comes after
 * that key: keyset paging, so a visit recorded between two reads neither
 * repeats an entry nor skips one.
 */

export const TIMELINE_KINDS = ['visit', 'booking', 'ticket'] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

/** Entries in one page when the caller does not say, and the most one page may hold. */
export const TIMELINE_PAGE = { default: 30, max: 100 } as const;

export type TimelineKey = { on: IsoDate; at: string; kind: TimelineKind; id: number };

/** A kind's place among entries of the same minute: higher comes first (newest-first order). */
export const timelineKindRank = (kind: TimelineKind): number => 2 - TIMELINE_KINDS.indexOf(kind);

/** Whether `a` comes before `b` in the timeline's order (newest first): negative, zero or positive. */
export function compareTimelineKeys(a: TimelineKey, b: TimelineKey): number {
  if (a.on !== b.on) return a.on < b.on ? 1 : -1;
  if (a.at !== b.at) return a.at < b.at ? 1 : -1;
  const rank = timelineKindRank(b.kind) - timelineKindRank(a.kind);
  return rank !== 0 ? rank : b.id - a.id;
}

/** The cursor of a key: opaque to callers, short and URL-safe (`2026-05-01.0930.visit.42`). */
export const timelineCursor = (k: TimelineKey): string => `${k.on}.${k.at.replace(':', '')}.${k.kind}.${k.id}`;

const CURSOR = /^(\d{4}-\d{2}-\d{2})\.([01]\d|2[0-3])([0-5]\d)\.(visit|booking|ticket)\.([1-9]\d{0,14})$/;

/** The key a cursor stands for, or undefined for anything this module did not make. */
export function parseTimelineCursor(s: string): TimelineKey | undefined {
  const m = CURSOR.exec(s);
  if (!m || !isIsoDate(m[1]!)) return undefined;
  return { on: m[1]!, at: `${m[2]}:${m[3]}`, kind: m[4] as TimelineKind, id: Number(m[5]) };
}

export const timelineQuery = z.object({
  limit: z.coerce.number().int().min(1).max(TIMELINE_PAGE.max).default(TIMELINE_PAGE.default),
  cursor: z
    .string()
    .max(64)
    .refine((s) => parseTimelineCursor(s) !== undefined, coded('CURSOR_INVALID'))
    .transform((s) => parseTimelineCursor(s)!)
    .optional(),
});

/**
 * Which entries of `kind` at the cursor's own minute come after the cursor: all of them (the kind
 * ranks below the cursor's), none (it ranks above), or those of a lower id (the cursor's own kind).
 * What each repository adds to "older than the cursor's minute" in its keyset condition.
 */
export function afterCursorAtItsMinute(kind: TimelineKind, key: TimelineKey): 'all' | 'none' | 'lower-ids' {
  const d = timelineKindRank(kind) - timelineKindRank(key.kind);
  return d < 0 ? 'all' : d > 0 ? 'none' : 'lower-ids';
}

/** The instant (epoch ms) a Shanghai date and 'HH:MM' clock time begin. */
export const shanghaiMinuteStart = (on: IsoDate, at: string): number => Date.parse(`${on}T${at}:00+08:00`);
