import {
  categoryWarrantyInput,
  DEFAULT_WARRANTY_PERIODS,
  defaultSlaLimits,
  idParam,
  serviceHoursInput,
  ticketRouteInput,
  ticketSlaLimitInput,
  TICKET_SEVERITIES,
  WARRANTY_KIND_LABELS,
  WARRANTY_KINDS,
  warrantyKindParam,
  warrantyPeriodInput,
  type AppError,
} from '@frontline/core';
import { listCategoryWarranty, listProjectServiceHours, listTicketSlaLimits, listWarrantyPeriods } from '@frontline/db';
import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.ts';
import { ApiError, fromAppError, notFound } from '../../http/errors.ts';
import { allow, signedIn } from '../../http/policy.ts';
import { auditContext } from '../../http/request-info.ts';
import { input } from '../../http/validate.ts';
import { CONFIGURE, isGroupScoped } from './policy.ts';
import {
  projectsInScope,
  removeTicketRoute,
  routesInScope,
  saveCategoryWarranty,
  saveServiceHours,
  saveTicketRoute,
  saveTicketSlaLimit,
  saveWarrantyPeriod,
} from './service.ts';

const tags = ['ticket-settings'];

/** A refused change as its HTTP error: out of scope is not found, a group row below group scope is forbidden. */
function refused(error: AppError): ApiError {
  if (error.code === 'NOT_FOUND') return notFound();
  if (error.code === 'TICKET_SETTINGS_GROUP_ROW') return new ApiError(403, error.code);
  return fromAppError(error);
}

function valueOf<T>(r: { ok: true; value: T } | { ok: false; error: AppError }): T {
  if (!r.ok) throw refused(r.error);
  return r.value;
}

/** The defaults a blank SLA cell falls back to (core's), per severity. */
const slaDefaults = TICKET_SEVERITIES.map((severity) => ({
  severity,
  firstResponseDays: defaultSlaLimits(severity, 'single_line').firstResponseDays,
  resolveSingleDays: defaultSlaLimits(severity, 'single_line').resolveDays,
  resolveCrossDays: defaultSlaLimits(severity, 'cross_line').resolveDays,
}));

export const ticketSettingsRoutes = new Hono<AppEnv>()
  .get(
    '/ticket-settings',
    allow(CONFIGURE, {
      summary:
        'Everything the ticket settings page shows: routes, SLA limits with the defaults, warranty periods with the legal minimums and the category mapping, and the projects’ service hours, within the caller’s scope',
      tags,
    }),
    async (c) => {
      const db = c.get('deps').db;
      const { actor } = signedIn(c);
      const projects = await projectsInScope(db, actor);
      const [routes, slaLimits, periods, categoryWarranty, hours] = await Promise.all([
        routesInScope(db, actor, projects),
        listTicketSlaLimits(db),
        listWarrantyPeriods(db),
        listCategoryWarranty(db),
        listProjectServiceHours(
          db,
          projects.map((p) => p.id),
        ),
      ]);
      return c.json(
        {
          groupScope: isGroupScoped(actor),
          routes,
          slaLimits,
          slaDefaults,
          warranty: {
            periods: WARRANTY_KINDS.map((kind) => ({
              kind,
              label: WARRANTY_KIND_LABELS[kind],
              minimum: DEFAULT_WARRANTY_PERIODS[kind],
              period: periods.find((p) => p.kind === kind) ?? DEFAULT_WARRANTY_PERIODS[kind],
            })),
            categories: categoryWarranty,
          },
          projects: projects.map((p) => ({
            id: p.id,
            name: p.name,
            regionId: p.regionId,
            ...hours.find((h) => h.projectId === p.id),
          })),
        },
        200,
      );
    },
  )
  .put(
    '/ticket-settings/routes',
    allow(CONFIGURE, {
      summary:
        'Set the route of (category or any, project or any): responsible line and default handler; any-project rows need group scope',
      tags,
    }),
    input('json', ticketRouteInput),
    async (c) => {
      const r = await saveTicketRoute(c.get('deps').db, signedIn(c).actor, c.req.valid('json'), auditContext(c));
      return c.json({ route: valueOf(r) }, 200);
    },
  )
  .delete(
    '/ticket-settings/routes/:id',
    allow(CONFIGURE, { summary: 'Delete a route; tickets then fall back to the next less specific row', tags }),
    input('param', idParam),
    async (c) => {
      valueOf(await removeTicketRoute(c.get('deps').db, signedIn(c).actor, c.req.valid('param').id, auditContext(c)));
      return c.body(null, 204);
    },
  )
  .put(
    '/ticket-settings/sla-limits',
    allow(CONFIGURE, {
      summary: 'Set the SLA limits of (category or any, severity) in working days, halves allowed; group scope only',
      tags,
    }),
    input('json', ticketSlaLimitInput),
    async (c) => {
      const r = await saveTicketSlaLimit(c.get('deps').db, signedIn(c).actor, c.req.valid('json'), auditContext(c));
      return c.json({ limit: valueOf(r) }, 200);
    },
  )
  .put(
    '/ticket-settings/warranty/periods/:kind',
    allow(CONFIGURE, {
      summary: 'Set a warranty kind’s period (years, or heating/cooling seasons); group scope only',
      tags,
    }),
    input('param', warrantyKindParam),
    input('json', warrantyPeriodInput),
    async (c) => {
      const r = await saveWarrantyPeriod(
        c.get('deps').db,
        signedIn(c).actor,
        c.req.valid('param').kind,
        c.req.valid('json'),
        auditContext(c),
      );
      return c.json({ period: valueOf(r) }, 200);
    },
  )
  .put(
    '/ticket-settings/warranty/categories/:id',
    allow(CONFIGURE, {
      summary: 'Map an issue category to a warranty kind, or (null) to none; group scope only',
      tags,
    }),
    input('param', idParam),
    input('json', categoryWarrantyInput),
    async (c) => {
      const r = await saveCategoryWarranty(
        c.get('deps').db,
        signedIn(c).actor,
        c.req.valid('param').id,
        c.req.valid('json').kind,
        auditContext(c),
      );
      return c.json({ mapping: valueOf(r) }, 200);
    },
  )
  .put(
    '/projects/:id/service-hours',
    allow(CONFIGURE, {
      summary: 'Set a project’s working hours (HH:MM, start before end) and completion-acceptance date (or null)',
      tags,
    }),
    input('param', idParam),
    input('json', serviceHoursInput),
    async (c) => {
      const r = await saveServiceHours(
        c.get('deps').db,
        signedIn(c).actor,
        c.req.valid('param').id,
        c.req.valid('json'),
        auditContext(c),
      );
      return c.json({ serviceHours: valueOf(r) }, 200);
    },
  );
