import { DEFAULT_CALENDAR_WATCH_FROM, DEFAULT_VISIT_LOOKBACK_DAYS } from '@frontline/core';
import { storageFaultOf, violationOf } from '@frontline/db';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { createSignInThrottle } from './auth/throttle.ts';
import type { AppEnv, Deps } from './http/context.ts';
import { ApiError, errorBody, fieldsOf } from './http/errors.ts';
import { locale, originCheck, session } from './http/middleware.ts';
import { buildOpenApi } from './http/openapi.ts';
import { apiSecurityHeaders } from './http/security-headers.ts';
import { allow } from './http/policy.ts';
import { listEndpoints } from './http/route-table.ts';
import { auditRoutes } from './features/audit/routes.ts';
import { authRoutes, languageRoutes, meRoutes, passwordChangeRoutes } from './features/auth/routes.ts';
import { renderApiReference } from './routes/docs.ts';
import { healthRoutes } from './routes/health.ts';
import { householdRoutes } from './features/households/routes.ts';
import { importRoutes } from './features/imports/routes.ts';
import { orgRoutes, passwordResetRoutes, peopleRoutes } from './features/people/routes.ts';
import { calendarRoutes } from './features/calendar/routes.ts';
import { complianceRoutes } from './features/compliance/routes.ts';
import { dutyRoutes } from './features/duties/routes.ts';
import { eventRoutes, ruleRoutes, scheduleRoutes } from './features/planning/routes.ts';
import { createScheduleRunner } from './features/planning/runner.ts';
import { isUploadPath } from './import/upload.ts';
import { mailSettings } from './mail/settings.ts';
import { receptionRoutes } from './features/reception/routes.ts';
import { outboxRoutes } from './features/outbox/routes.ts';
import { feedRoutes } from './features/feeds/routes.ts';
import { formRoutes } from './features/forms/routes.ts';
import { ticketSettingsRoutes } from './features/ticket-settings/routes.ts';
import { visitRoutes } from './features/visits/routes.ts';
import { isPhotoUpload, photoRoutes } from './features/photos/routes.ts';
import { analysisRoutes } from './features/analysis/routes.ts';
import { ticketIndicatorRoutes } from './features/ticket-indicators/routes.ts';
import { commonIssueRoutes } from './features/common-issues/routes.ts';
import { improvementPlanRoutes } from './features/improvement-plans/routes.ts';
import { scoreRoutes } from './features/scores/routes.ts';
import { hrTokenRoutes } from './features/hr-tokens/routes.ts';
import { ticketRoutes } from './features/tickets/routes.ts';
import { homeRoutes } from './features/home/routes.ts';
import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';

export const JSON_LIMIT_BYTES = 1024 * 1024;
const BODILESS = new Set(['GET', 'HEAD', 'OPTIONS']);
const limitJson = bodyLimit({
  maxSize: JSON_LIMIT_BYTES,
  onError: () => {
    throw new ApiError(413, 'PAYLOAD_TOO_LARGE', { params: { limit: '1 MB' } });
  },
});

/** Assembles the API. Everything it touches comes in through `deps`. */
export function createApp(deps: Deps) {
  const holder = deps.holder ?? randomUUID();
  const full = {
    ...deps,
    holder,
    throttle: deps.throttle ?? createSignInThrottle(deps.db),
    runner: deps.runner ?? createScheduleRunner(deps.db, deps.now, { holder }),
    mail: deps.mail ?? mailSettings({ origin: deps.origin }),
    // Beside the SQLite file by default; servers sharing a PostgreSQL database share a volume named by FRONTLINE_PHOTO_DIR.
    photoDir: deps.photoDir ?? (deps.db.dialect === 'sqlite' ? join(dirname(deps.db.path), 'photos') : './data/photos'),
    visitLookbackDays: deps.visitLookbackDays ?? DEFAULT_VISIT_LOOKBACK_DAYS,
    calendarWatchFrom: deps.calendarWatchFrom ?? DEFAULT_CALENDAR_WATCH_FROM,
  };
  let openApi: ReturnType<typeof buildOpenApi> | undefined;
  // Built on first request, once every route is registered.
  const openApiDocument = (): Record<string, unknown> => (openApi ??= buildOpenApi(listEndpoints(app as never)));

  const app = new Hono<AppEnv>()
    .use(apiSecurityHeaders(deps.origin))
    .use(requestId())
    .use(async function inject(c, next) {
      c.set('deps', full);
      await next();
    })
    .use(locale())
    .use(async function jsonLimit(c, next) {
      // File uploads set their own, larger limit. Reads have no body: looking for one would make
      // @hono/node-server build a full web Request for every GET, a tenth of a cheap request's time.
      if (BODILESS.has(c.req.method) || isUploadPath(c.req.path) || isPhotoUpload(c.req.path)) return next();
      return limitJson(c, next);
    })
    .use(originCheck({ origin: deps.origin }))
    .use(session())
    .route('/api/health', healthRoutes)
    .route('/api/auth', authRoutes)
    .route('/api/me', meRoutes)
    .route('/api', homeRoutes)
    .route('/api', passwordChangeRoutes)
    .route('/api', languageRoutes)
    .route('/api', passwordResetRoutes)
    .route('/api', orgRoutes)
    .route('/api', peopleRoutes)
    .route('/api', householdRoutes)
    .route('/api/audit', auditRoutes)
    .route('/api/imports', importRoutes)
    .route('/api/calendar', calendarRoutes)
    .route('/api', ruleRoutes)
    .route('/api', eventRoutes)
    .route('/api', dutyRoutes)
    .route('/api/schedule', scheduleRoutes)
    .route('/api/compliance', complianceRoutes)
    .route('/api', receptionRoutes)
    .route('/api/outbox', outboxRoutes)
    .route('/api', feedRoutes)
    .route('/api', formRoutes)
    .route('/api', ticketSettingsRoutes)
    .route('/api', visitRoutes)
    .route('/api', photoRoutes)
    .route('/api', analysisRoutes)
    // Before any `/api/tickets/:id` route: `/tickets/indicators` must not be read as a ticket id.
    .route('/api', ticketIndicatorRoutes)
    .route('/api', commonIssueRoutes)
    .route('/api', improvementPlanRoutes)
    .route('/api', scoreRoutes)
    .route('/api', hrTokenRoutes)
    // Fixed paths under /api/tickets/ (indicators) are mounted before this, or `:id` would take them.
    .route('/api', ticketRoutes)
    .get(
      '/api/openapi.json',
      allow('public', { summary: 'This API as an OpenAPI 3.1 document', tags: ['system'] }),
      (c) => {
        return c.json(openApiDocument(), 200);
      },
    )
    .get('/api/docs', allow('public', { summary: 'Readable API reference', tags: ['system'] }), (c) => {
      return c.html(renderApiReference(openApiDocument() as never));
    });

  app.notFound((c) => c.json(errorBody('NOT_FOUND', c.get('locale') ?? 'zh-CN'), 404));
  app.onError((error, c) => {
    const loc = c.get('locale') ?? 'zh-CN';
    if (error instanceof ApiError) {
      for (const [k, v] of Object.entries(error.headers)) c.header(k, v);
      return c.json(errorBody(error.code, loc, error.params, fieldsOf(error, loc)), error.status);
    }
    if (error instanceof HTTPException && error.status < 500) {
      return c.json(
        errorBody(error.status === 413 ? 'PAYLOAD_TOO_LARGE' : 'VALIDATION_FAILED', loc, { limit: '1 MB' }),
        error.status,
      );
    }
    if (isConstraintError(error)) return c.json(errorBody('CONFLICT', loc), 409);
    // The database (or the disk) failed under the request: the transaction rolled back, so nothing of it was kept.
    const fault = storageFaultOf(error);
    if (fault) {
      const full = fault === 'full';
      console.error(
        `[${c.get('requestId') ?? '-'}] ${c.req.method} ${c.req.path}: storage ${fault} (${codeOf(error)}: ${error.message})`,
      );
      return c.json(errorBody(full ? 'STORAGE_FULL' : 'DATABASE_UNAVAILABLE', loc), full ? 507 : 503);
    }
    console.error(`[${c.get('requestId') ?? '-'}] ${c.req.method} ${c.req.path}`, error);
    return c.json(errorBody('INTERNAL', loc), 500);
  });
  return app;
}

/** The driver's or the system's code of an error, for the log line. */
const codeOf = (error: unknown) => String((error as { code?: unknown }).code ?? 'no code');

/** A write the database refused that no service mapped to its rule: a conflict, not a crash. */
const isConstraintError = (error: unknown) => violationOf(error) !== undefined;

export type App = ReturnType<typeof createApp>;
export type AppType = App;
