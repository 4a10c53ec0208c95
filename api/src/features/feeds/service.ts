import {
  addDaysIso,
  isProvisionalDate,
  type Locale,
  personalFeed,
  receptionEvent,
  shanghaiDate,
  type MailSettings,
} from '@frontline/core';
import {
  ensureFeedToken,
  employeeOfFeedToken,
  listDutiesOf,
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

/** A person's calendar, in their language: their reception days (run or attended) and other duties, 90 days back to a year ahead. */
export async function renderFeed(
  db: Db,
  person: { id: number; name: string; locale: Locale },
  mail: MailSettings,
  now: number,
): Promise<string> {
  const today = shanghaiDate(now);
  const range = { from: addDaysIso(today, -90), to: addDaysIso(today, 365) };
  const [dayIds, duties, calendar] = await Promise.all([
    receptionDayIdsFor(db, person.id, range.from, range.to),
    listDutiesOf(db, person.id, range),
    loadWorkCalendar(db),
  ]);
  const days = await listReceptionDays(db, { ...range, ids: dayIds });
  const withDay = new Set(days.map((d) => d.dutyId));
  return personalFeed({
    name: person.name,
    locale: person.locale,
    host: mail.host,
    stamp: now,
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
  });
}
