import { addDaysIso, DUTY_KIND_LABELS, dutyTitle, isProvisionalDate, personalFeed, shanghaiDate } from '@frontline/core';
import { ensureFeedToken, employeeOfFeedToken, writeAudit, listDutiesOf, listReceptionDays, loadWorkCalendar, receptionDayIdsFor, receptionEvent, revokeFeedToken, rotateFeedToken, type Db, type MailSettings } from '@frontline/db';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/context.ts';
import { notFound } from '../http/errors.ts';
import { allow, signedIn } from '../http/policy.ts';
import { auditContext } from '../http/request-info.ts';
import { input } from '../http/validate.ts';

const tags = ['calendar feed'];

const feedUrls = (mail: MailSettings, token: string) => {
  const https = `${mail.origin}/api/feeds/${token}.ics`;
  return { url: https, webcal: https.replace(/^https?:/, 'webcal:') };
};

/** A person's calendar: their reception days (run or attended) and other duties, 90 days back to a year ahead. */
export async function renderFeed(db: Db, person: { id: number; name: string }, mail: MailSettings, now: number): Promise<string> {
  const today = shanghaiDate(now);
  const range = { from: addDaysIso(today, -90), to: addDaysIso(today, 365) };
  const [dayIds, duties, calendar] = await Promise.all([receptionDayIdsFor(db, person.id, range.from, range.to), listDutiesOf(db, person.id, range), loadWorkCalendar(db)]);
  const days = await listReceptionDays(db, { ...range, ids: dayIds });
  const withDay = new Set(days.map((d) => d.dutyId));
  return personalFeed({
    name: `一线 Frontline · ${person.name}`,
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
          title: dutyTitle(d.kind, d.projectName, d.eventTitle),
          date,
          description: `${DUTY_KIND_LABELS[d.kind].zh} / ${DUTY_KIND_LABELS[d.kind].en}\n${d.dueFrom} – ${d.dueTo}`,
          url: `${mail.origin}/duties/${d.id}`,
          provisional: isProvisionalDate(calendar, date),
        };
      }),
  });
}

export const feedRoutes = new Hono<AppEnv>()
  .get('/me/feed', allow('signed-in', { summary: 'The caller’s private calendar subscription URL (https and webcal); made on first request', tags }), async (c) => {
    const { actor } = signedIn(c);
    const deps = c.get('deps');
    return c.json(feedUrls(deps.mail, await ensureFeedToken(deps.db, actor.employeeId, deps.now())), 200);
  })
  .post('/me/feed/rotate', allow('signed-in', { summary: 'Replace the subscription URL; the old one stops working at once', tags }), async (c) => {
    const { actor } = signedIn(c);
    const deps = c.get('deps');
    const token = await rotateFeedToken(deps.db, actor.employeeId, deps.now());
    await writeAudit(deps.db.kysely, auditContext(c), { action: 'feed.rotate', entity: 'employee', entityId: actor.employeeId });
    return c.json(feedUrls(deps.mail, token), 200);
  })
  .delete('/me/feed', allow('signed-in', { summary: 'Revoke the subscription URL (404 from then on)', tags }), async (c) => {
    const { actor } = signedIn(c);
    const deps = c.get('deps');
    await revokeFeedToken(deps.db, actor.employeeId);
    await writeAudit(deps.db.kysely, auditContext(c), { action: 'feed.revoke', entity: 'employee', entityId: actor.employeeId });
    return c.body(null, 204);
  })
  .get(
    '/feeds/:file',
    allow('public', { summary: 'A calendar feed by its secret token: GET /api/feeds/{token}.ics (404 once revoked or rotated)', tags }),
    input('param', z.object({ file: z.string() })),
    async (c) => {
      const deps = c.get('deps');
      const file = c.req.valid('param').file;
      // A malformed token is just an unknown one.
      const person = /^[A-Za-z0-9_-]{20,64}\.ics$/.test(file) ? await employeeOfFeedToken(deps.db, file.slice(0, -4)) : undefined;
      if (!person) throw notFound();
      const ics = await renderFeed(deps.db, person, deps.mail, deps.now());
      return c.body(ics, 200, { 'content-type': 'text/calendar; charset=utf-8', 'cache-control': 'private, max-age=300', 'x-robots-tag': 'noindex' });
    },
  );
