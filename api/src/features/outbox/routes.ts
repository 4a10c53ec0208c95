import { idParam, outboxQuery } from '@frontline/core';
import { getOutboxMessage, listOutbox } from '@frontline/db';
import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.ts';
import { notFound, valueOrThrow } from '../../http/errors.ts';
import { allow } from '../../http/policy.ts';
import { auditContext } from '../../http/request-info.ts';
import { input } from '../../http/validate.ts';
import { retryMessage } from './service.ts';
import { messageSummary } from './views.ts';

const tags = ['mail'];
const PAGE_SIZE = 50;

/** The outbox: every message the product has queued, for system admins (with or without a mail server). */
export const outboxRoutes = new Hono<AppEnv>()
  .get(
    '/',
    allow('mail.view', {
      summary: 'Queued, sent, failed and stored messages, newest first, with counts by status',
      tags,
    }),
    input('query', outboxQuery),
    async (c) => {
      const q = c.req.valid('query');
      const deps = c.get('deps');
      const page = await listOutbox(deps.db, { status: q.status, to: q.to, offset: q.offset, limit: PAGE_SIZE });
      return c.json(
        {
          ...page,
          items: page.items.map(messageSummary),
          offset: q.offset,
          limit: PAGE_SIZE,
          delivery: deps.mailDelivery ?? 'outbox',
        },
        200,
      );
    },
  )
  .get(
    '/:id',
    allow('mail.view', { summary: 'One message with its text and invite', tags }),
    input('param', idParam),
    async (c) => {
      const message = await getOutboxMessage(c.get('deps').db, c.req.valid('param').id);
      if (!message) throw notFound();
      return c.json({ message }, 200);
    },
  )
  .get(
    '/:id/invite.ics',
    allow('mail.view', { summary: 'The message’s calendar attachment as a .ics file', tags }),
    input('param', idParam),
    async (c) => {
      const message = await getOutboxMessage(c.get('deps').db, c.req.valid('param').id);
      if (!message?.ics) throw notFound();
      return c.body(message.ics, 200, {
        'content-type': `text/calendar; charset=utf-8; method=${message.icsMethod}`,
        'content-disposition': `attachment; filename="invite-${message.id}.ics"`,
      });
    },
  )
  .post(
    '/:id/retry',
    allow('mail.view', { summary: 'Queue a failed (or stored) message again', tags }),
    input('param', idParam),
    async (c) => {
      const retried = await retryMessage(c.get('deps').db, c.req.valid('param').id, auditContext(c));
      if (!retried) throw notFound();
      return c.json({ message: messageSummary(valueOrThrow(retried)) }, 200);
    },
  );
