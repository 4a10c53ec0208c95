import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../http/context.ts';
import { notFound } from '../../http/errors.ts';
import { allow, signedIn } from '../../http/policy.ts';
import { auditContext } from '../../http/request-info.ts';
import { input } from '../../http/validate.ts';
import { noneMatchHits } from '../../http/etag.ts';
import { feedOwner, feedTokenFor, loadFeed, revokeFeed, rotateFeed } from './service.ts';
import { feedUrls } from './views.ts';

const tags = ['calendar feed'];

export const feedRoutes = new Hono<AppEnv>()
  .get(
    '/me/feed',
    allow('signed-in', {
      summary: 'The caller’s private calendar subscription URL (https and webcal); made on first request',
      tags,
    }),
    async (c) => {
      const { actor } = signedIn(c);
      const deps = c.get('deps');
      return c.json(feedUrls(deps.mail, await feedTokenFor(deps.db, actor.employeeId, deps.now())), 200);
    },
  )
  .post(
    '/me/feed/rotate',
    allow('signed-in', { summary: 'Replace the subscription URL; the old one stops working at once', tags }),
    async (c) => {
      const { actor } = signedIn(c);
      const deps = c.get('deps');
      return c.json(feedUrls(deps.mail, await rotateFeed(deps.db, actor.employeeId, auditContext(c))), 200);
    },
  )
  .delete(
    '/me/feed',
    allow('signed-in', { summary: 'Revoke the subscription URL (404 from then on)', tags }),
    async (c) => {
      const { actor } = signedIn(c);
      await revokeFeed(c.get('deps').db, actor.employeeId, auditContext(c));
      return c.body(null, 204);
    },
  )
  .get(
    '/feeds/:file',
    allow('public', {
      summary:
        'A calendar feed by its secret token: GET /api/feeds/{token}.ics (404 once revoked or rotated; 304 when If-None-Match names its ETag)',
      tags,
    }),
    input('param', z.object({ file: z.string() })),
    async (c) => {
      const deps = c.get('deps');
      const person = await feedOwner(deps.db, c.req.valid('param').file);
      if (!person) throw notFound();
      const feed = await loadFeed(deps.db, person, deps.mail, deps.now());
      const headers = {
        etag: feed.etag,
        'cache-control': 'private, max-age=300',
        'x-robots-tag': 'noindex',
      };
      // The subscriber's copy is current: answered without building the calendar.
      if (noneMatchHits(c.req.header('if-none-match'), feed.etag)) return c.body(null, 304, headers);
      return c.body(feed.render(), 200, { ...headers, 'content-type': 'text/calendar; charset=utf-8' });
    },
  );
