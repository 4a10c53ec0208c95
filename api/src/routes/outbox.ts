import { idParam, outboxQuery } from '@frontline/core';
import { getOutboxMessage, listOutbox, retryMail, type OutboxMessage } from '@frontline/db';
import { Hono } from 'hono';
import type { AppEnv } from '../http/context.ts';
import { ApiError, notFound } from '../http/errors.ts';
import { allow } from '../http/policy.ts';
import { auditContext } from '../http/request-info.ts';
import { input } from '../http/validate.ts';
import { writeAudit } from '@frontline/db';

const tags = ['mail'];
const PAGE_SIZE = 50;

const summary = (m: OutboxMessage) => {
  const { text: _text, ics: _ics, ...rest } = m;
  return { ...rest, hasInvite: m.ics !== null };
};

/** The outbox: every message the product has queued, for system admins (with or without a mail server). */
export const outboxRoutes = new Hono<AppEnv>()
  .get('/', allow('mail.view', { summary: 'Queued, sent, failed and stored messages, newest first, with counts by status', tags }), input('query', outboxQuery), async (c) => {
    const q = c.req.valid('query');
    const deps = c.get('deps');
    const page = await listOutbox(deps.db, { status: q.status, to: q.to, offset: q.offset, limit: PAGE_SIZE });
    return c.json({ ...page, items: page.items.map(summary), offset: q.offset, limit: PAGE_SIZE, delivery: deps.mailDelivery ?? 'outbox' }, 200);
  })
  .get('/:id', allow('mail.view', { summary: 'One message with its text and invite', tags }), input('param', idParam), async (c) => {
    const message = await getOutboxMessage(c.get('deps').db, c.req.valid('param').id);
    if (!message) throw notFound();
    return c.json({ message }, 200);
  })
  .get('/:id/invite.ics', allow('mail.view', { summary: 'The message’s calendar attachment as a .ics file', tags }), input('param', idParam), async (c) => {
    const message = await getOutboxMessage(c.get('deps').db, c.req.valid('param').id);
    if (!message?.ics) throw notFound();
    return c.body(message.ics, 200, {
      'content-type': `text/calendar; charset=utf-8; method=${message.icsMethod}`,
      'content-disposition': `attachment; filename="invite-${message.id}.ics"`,
    });
  })
  .post('/:id/retry', allow('mail.view', { summary: 'Queue a failed (or stored) message again', tags }), input('param', idParam), async (c) => {
    const deps = c.get('deps');
    const id = c.req.valid('param').id;
    if (!(await getOutboxMessage(deps.db, id))) throw notFound();
    if (!(await retryMail(deps.db, id, deps.now()))) throw new ApiError(409, 'MAIL_NOT_RETRYABLE');
    await writeAudit(deps.db.kysely, auditContext(c), { action: 'mail.retry', entity: 'outbox', entityId: id });
    return c.json({ message: summary((await getOutboxMessage(deps.db, id))!) }, 200);
  });
