import {
  addDaysIso,
  isProvisionalDate,
  type Locale,
  personalFeed,
  receptionEvent,
  shanghaiDate,
  type FeedInput,
  type MailSettings,
} from '@frontline/core';
import { LRUCache } from 'lru-cache';
import { createHash } from 'node:crypto';
import {
  ensureFeedToken,
  employeeOfFeedToken,
  listFeedDutiesOf,
  listReceptionDays,
  loadWorkCalendar,
  receptionDayIdsFor,
  revokeFeedToken,
  rotateFeedToken,
  writeAudit,
  type AuditContext,
  type Db,
  inTransaction,
} from '@frontline/db';

/**
 * Personal calendar feeds: a secret token in the URL gives a read of one
 * person's reception days and duties. Rotating replaces the token and
 * revoking deletes it, each audited in the same transaction; the old URL
 * answers 404 at once.
 */

/** The person's token, made on first request. */
export const feedTokenFor = (db: Db, employeeId: number, at: number): Promise<string> =>
  ensureFeedToken(db, employeeId, at);

export async function rotateFeed(db: Db, employeeId: number, ctx: AuditContext): Promise<string> {
  return inTransaction(db, async (tx) => {
    const token = await rotateFeedToken(tx, employeeId, ctx.at);
    await writeAudit(tx, ctx, { action: 'feed.rotate', entity: 'employee', entityId: employeeId });
    return token;
  });
}

export async function revokeFeed(db: Db, employeeId: number, ctx: AuditContext): Promise<void> {
  await inTransaction(db, async (tx) => {
    await revokeFeedToken(tx, employeeId);
    await writeAudit(tx, ctx, { action: 'feed.revoke', entity: 'employee', entityId: employeeId });
  });
}

/** The active person a feed file (`{token}.ics`) belongs to; a malformed token is just an unknown one. */
export async function feedOwner(
  db: Db,
  file: string,
): Promise<{ id: number; name: string; locale: Locale } | undefined> {
  return /^[A-Za-z0-9_-]{20,64}\.ics$/.test(file) ? employeeOfFeedToken(db, file.slice(0, -4)) : undefined;
}

/** Raised when the calendar's text changes for the same inputs (core's ICS writer), so every subscriber refetches. */
const FEED_FORMAT = 1;

/**
 * A person's calendar, in their language: their reception days (run or
 * attended) and other duties, 90 days back to a year ahead. `etag` is a
 * digest of everything the calendar is made from (the rows as read, the
 * window, the person's name and language, the mail settings it names), so
 * a subscriber whose copy is current is answered 304 without the calendar
 * being built: building it is most of a feed request's work. The stamp
 * (DTSTAMP, the time of writing) is left out, so the tag is weak.
 */
export async function loadFeed(
  db: Db,
  person: { id: number; name: string; locale: Locale },
  mail: MailSettings,
  now: number,
): Promise<{ etag: string; render: () => string }> {
  const today = shanghaiDate(now);
  const range = { from: addDaysIso(today, -90), to: addDaysIso(today, 365) };
  const [dayIds, duties, calendar] = await Promise.all([
    receptionDayIdsFor(db, person.id, range.from, range.to),
    listFeedDutiesOf(db, person.id, range),
    loadWorkCalendar(db),
  ]);
  const days = await listReceptionDays(db, { ...range, ids: dayIds });
  const withDay = new Set(days.map((d) => d.dutyId));
  const input: Omit<FeedInput, 'stamp'> = {
    name: person.name,
    locale: person.locale,
    host: mail.host,
    alarmMinutes: mail.alarmMinutes,
    receptionDays: days.map((d) => receptionEvent(d, mail)),
    duties: duties
      .filter((d) => !withDay.has(d.id) && d.status !== 'excused')
      .map((d) => {
        const date = d.scheduledOn ?? d.proposedOn ?? d.dueTo;
        return {
          id: d.id,
          kind: d.kind,
          projectName: d.projectName,
          eventTitle: d.eventTitle,
          date,
          dueFrom: d.dueFrom,
          dueTo: d.dueTo,
          url: `${mail.origin}/duties/${d.id}`,
          provisional: isProvisionalDate(calendar, date),
        };
      }),
  };
  const digest = createHash('sha256')
    .update(JSON.stringify([FEED_FORMAT, input]))
    .digest('base64url');
  const etag = `W/"${digest.slice(0, 32)}"`;
  return { etag, render: () => recentFeeds.get(etag) ?? cached(etag, personalFeed({ ...input, stamp: now })) };
}

/**
 * Calendars built lately, by their tag: calendar apps poll every hour and
 * most send no If-None-Match, so most requests ask again for a calendar
 * whose inputs have not changed. Keyed by the digest of the inputs, an entry
 * is never stale, so servers sharing a database each keep their own. Bounded
 * by size (least recently used out first); a feed is at most a few hundred KB.
 */
export const recentFeeds = new LRUCache<string, string>({
  maxSize: 32 * 1024 * 1024,
  sizeCalculation: (text) => text.length,
});

function cached(etag: string, ics: string): string {
  recentFeeds.set(etag, ics);
  return ics;
}
