import { createReceptionDay } from '../features/reception/service.ts';
import { createTicket } from '../features/tickets/service.ts';
import { SYSTEM_ACTOR, ticketInput } from '@frontline/core';
import { seedDemoFeedback, seedDemoReceptions } from '@frontline/db/seed';
import { factories } from '@frontline/db/testing';
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listEndpoints } from '../http/route-table.ts';
import { createHarness, T0, type Harness } from '../testing/harness.ts';
import { EXPECTED, ROLES, type Role } from './authorization-matrix.expected.ts';

/**
 * Who may reach what, for every route the app declares. Each role of the
 * demo group calls each route against a record in its own project, in
 * another project of its region, and in another region (where the route
 * takes a record). The demo puts the role accounts in region 1 / project 1;
 * project 10 is another occupied project of region 1 and project 2 belongs
 * to region 2. The expected statuses are written out by hand in
 * authorization-matrix.expected.ts; a route without a row there fails here.
 *
 * Write routes are probed without side effects: with a body that is not an
 * object (so a caller who passes the policy gets 422, one who does not gets
 * 401/403), or against a record that does not exist (404). A few writes whose
 * effect is harmless are probed for real against other regions' records.
 *
 * Every JSON answer is also read for customer data: a room is never shown
 * unmasked and an owner's phone number never appears (only the audited
 * reveal shows them), and HR never sees a household label.
 *
 * `MATRIX_PRINT=1` writes what each route actually answered to
 * /tmp/authorization-matrix.json, to review when a route is added.
 */
type Target = 'own' | 'region' | 'other';
const TARGETS: Target[] = ['own', 'region', 'other'];
type Scoped = Record<Target, number>;

let h: Harness;
const cookies = new Map<Role, string | undefined>();
const NOT_ARRAY = '[]';
const MISSING = 999_999;
const DRAFT = '00000000-0000-4000-8000-0000000000dd';

/** Record ids per target, found or made in beforeAll. */
const ids = {
  project: { own: 1, region: 10, other: 2 } as Scoped,
  region: { own: 1, region: 1, other: 2 } as Scoped,
  household: {} as Scoped,
  employee: {} as Scoped,
  visit: {} as Scoped,
  duty: {} as Scoped,
  day: {} as Scoped,
  booking: 0,
  plan: {} as Scoped,
  issue: {} as Scoped,
  ticket: {} as Scoped,
  formId: 0,
  versionId: 0,
  categoryId: 0,
  leaveOf: { own: 0, region: 0, other: 0 } as Scoped,
  run: 0,
  outbox: 0,
  staffHousehold: 0,
};

/**
 * One request a role makes: one path, a path per target (a function of the
 * target), or one path known only once the records exist (a function of
 * nothing); and an optional body.
 */
type Probe = {
  route: string;
  path: string | (() => string) | ((t: Target) => string);
  json?: string;
  form?: boolean;
  roles?: readonly Role[];
};

const scoped = (f: (t: Target) => string) => f;

/**
 * The probes, by route. Keys are the routes as declared (METHOD path); a
 * route may have more than one probe (`route#name`).
 */
const PROBES: Record<string, Probe> = {
  'GET /api/health': { route: 'GET /api/health', path: '/api/health' },
  'POST /api/auth/sign-in': { route: 'POST /api/auth/sign-in', path: '/api/auth/sign-in', json: NOT_ARRAY },
  // Signing out ends the session the matrix uses, so only the anonymous caller is probed here.
  'POST /api/auth/sign-out': { route: 'POST /api/auth/sign-out', path: '/api/auth/sign-out', roles: ['anonymous'] },
  'GET /api/me': { route: 'GET /api/me', path: '/api/me' },
  'GET /api/regions': { route: 'GET /api/regions', path: '/api/regions' },
  'GET /api/regions/:id': { route: 'GET /api/regions/:id', path: scoped((t) => `/api/regions/${ids.region[t]}`) },
  'GET /api/regions/:id/employees': {
    route: 'GET /api/regions/:id/employees',
    path: scoped((t) => `/api/regions/${ids.region[t]}/employees`),
  },
  'GET /api/projects': { route: 'GET /api/projects', path: '/api/projects' },
  'GET /api/projects/choices': { route: 'GET /api/projects/choices', path: '/api/projects/choices' },
  'GET /api/projects/:id': { route: 'GET /api/projects/:id', path: scoped((t) => `/api/projects/${ids.project[t]}`) },
  'GET /api/projects/:id/employees': {
    route: 'GET /api/projects/:id/employees',
    path: scoped((t) => `/api/projects/${ids.project[t]}/employees`),
  },
  'GET /api/employees/:id': {
    route: 'GET /api/employees/:id',
    path: scoped((t) => `/api/employees/${ids.employee[t]}`),
  },
  'POST /api/employees/:id/deactivate': {
    route: 'POST /api/employees/:id/deactivate',
    path: `/api/employees/${MISSING}/deactivate`,
  },
  'POST /api/employees/:id/activate': {
    route: 'POST /api/employees/:id/activate',
    path: scoped((t) => `/api/employees/${ids.employee[t]}/activate`),
  },
  'GET /api/employees/:id/leaves': {
    route: 'GET /api/employees/:id/leaves',
    path: scoped((t) => `/api/employees/${ids.employee[t]}/leaves`),
  },
  'POST /api/employees/:id/leaves': {
    route: 'POST /api/employees/:id/leaves',
    path: scoped((t) => `/api/employees/${ids.employee[t]}/leaves`),
    json: NOT_ARRAY,
  },
  'DELETE /api/employees/:id/leaves/:leaveId': {
    route: 'DELETE /api/employees/:id/leaves/:leaveId',
    path: scoped((t) => `/api/employees/${ids.employee[t]}/leaves/${MISSING}`),
  },
  'PUT /api/employees/:id/ownership-weight': {
    route: 'PUT /api/employees/:id/ownership-weight',
    path: scoped((t) => `/api/employees/${ids.employee[t]}/ownership-weight`),
    json: NOT_ARRAY,
  },
  'PUT /api/employees/:id/assistant': {
    route: 'PUT /api/employees/:id/assistant',
    path: scoped((t) => `/api/employees/${ids.employee[t]}/assistant`),
    json: NOT_ARRAY,
  },
  'GET /api/projects/:id/households': {
    route: 'GET /api/projects/:id/households',
    path: scoped((t) => `/api/projects/${ids.project[t]}/households`),
  },
  'GET /api/my/households': { route: 'GET /api/my/households', path: '/api/my/households' },
  'GET /api/households/:id': {
    route: 'GET /api/households/:id',
    path: scoped((t) => `/api/households/${ids.household[t]}`),
  },
  'POST /api/households/:id/reveal': {
    route: 'POST /api/households/:id/reveal',
    path: scoped((t) => `/api/households/${ids.household[t]}/reveal`),
  },
  'GET /api/households/:id/history': {
    route: 'GET /api/households/:id/history',
    path: scoped((t) => `/api/households/${ids.household[t]}/history`),
  },
  'POST /api/households/:id/owner': {
    route: 'POST /api/households/:id/owner',
    path: scoped((t) => `/api/households/${ids.household[t]}/owner`),
    json: NOT_ARRAY,
  },
  'GET /api/audit': { route: 'GET /api/audit', path: '/api/audit' },
  'POST /api/imports/employees': { route: 'POST /api/imports/employees', path: '/api/imports/employees' },
  'POST /api/imports/households': { route: 'POST /api/imports/households', path: '/api/imports/households' },
  'GET /api/imports/employees/guide': {
    route: 'GET /api/imports/employees/guide',
    path: '/api/imports/employees/guide',
  },
  'GET /api/imports/employees/template.xlsx': {
    route: 'GET /api/imports/employees/template.xlsx',
    path: '/api/imports/employees/template.xlsx',
  },
  'GET /api/imports/households/guide': {
    route: 'GET /api/imports/households/guide',
    path: '/api/imports/households/guide',
  },
  'GET /api/imports/households/template.xlsx': {
    route: 'GET /api/imports/households/template.xlsx',
    path: '/api/imports/households/template.xlsx',
  },
  'GET /api/calendar/days': {
    route: 'GET /api/calendar/days',
    path: '/api/calendar/days?from=2026-12-01&to=2026-12-31',
  },
  'GET /api/calendar/years': { route: 'GET /api/calendar/years', path: '/api/calendar/years' },
  'GET /api/calendar/years/:year': { route: 'GET /api/calendar/years/:year', path: '/api/calendar/years/2026' },
  'PUT /api/calendar/years/:year': {
    route: 'PUT /api/calendar/years/:year',
    path: '/api/calendar/years/2026',
    json: NOT_ARRAY,
  },
  'POST /api/calendar/years/:year/notice': {
    route: 'POST /api/calendar/years/:year/notice',
    path: '/api/calendar/years/2027/notice',
    json: NOT_ARRAY,
  },
  'POST /api/calendar/years/:year/import': {
    route: 'POST /api/calendar/years/:year/import',
    path: '/api/calendar/years/2026/import',
  },
  'GET /api/rules': { route: 'GET /api/rules', path: '/api/rules' },
  'POST /api/rules': { route: 'POST /api/rules', path: '/api/rules', json: NOT_ARRAY },
  'PUT /api/rules/:id': { route: 'PUT /api/rules/:id', path: '/api/rules/1', json: NOT_ARRAY },
  'GET /api/participation': { route: 'GET /api/participation', path: '/api/participation' },
  'PUT /api/participation': { route: 'PUT /api/participation', path: '/api/participation', json: NOT_ARRAY },
  'GET /api/projects/:id/events': {
    route: 'GET /api/projects/:id/events',
    path: scoped((t) => `/api/projects/${ids.project[t]}/events`),
  },
  'POST /api/projects/:id/events': {
    route: 'POST /api/projects/:id/events',
    path: scoped((t) => `/api/projects/${ids.project[t]}/events`),
    json: NOT_ARRAY,
  },
  'GET /api/projects/:id/blackouts': {
    route: 'GET /api/projects/:id/blackouts',
    path: scoped((t) => `/api/projects/${ids.project[t]}/blackouts`),
  },
  'POST /api/projects/:id/blackouts': {
    route: 'POST /api/projects/:id/blackouts',
    path: scoped((t) => `/api/projects/${ids.project[t]}/blackouts`),
    json: NOT_ARRAY,
  },
  'DELETE /api/projects/:id/blackouts/:blackoutId': {
    route: 'DELETE /api/projects/:id/blackouts/:blackoutId',
    path: scoped((t) => `/api/projects/${ids.project[t]}/blackouts/${MISSING}`),
  },
  'GET /api/me/duties': { route: 'GET /api/me/duties', path: '/api/me/duties' },
  'GET /api/me/home': { route: 'GET /api/me/home', path: '/api/me/home' },
  'GET /api/duties/:id': { route: 'GET /api/duties/:id', path: scoped((t) => `/api/duties/${ids.duty[t]}`) },
  'POST /api/duties/:id/schedule': {
    route: 'POST /api/duties/:id/schedule',
    path: scoped((t) => `/api/duties/${ids.duty[t]}/schedule`),
    json: NOT_ARRAY,
  },
  'POST /api/duties/:id/complete': {
    route: 'POST /api/duties/:id/complete',
    path: scoped((t) => `/api/duties/${ids.duty[t]}/complete`),
    json: NOT_ARRAY,
  },
  'POST /api/duties/:id/excuse': {
    route: 'POST /api/duties/:id/excuse',
    path: scoped((t) => `/api/duties/${ids.duty[t]}/excuse`),
    json: NOT_ARRAY,
  },
  'POST /api/duties/:id/delegate': {
    route: 'POST /api/duties/:id/delegate',
    path: scoped((t) => `/api/duties/${ids.duty[t]}/delegate`),
    json: NOT_ARRAY,
  },
  'POST /api/schedule/runs': { route: 'POST /api/schedule/runs', path: '/api/schedule/runs', json: NOT_ARRAY },
  'GET /api/schedule/runs': { route: 'GET /api/schedule/runs', path: '/api/schedule/runs' },
  'GET /api/schedule/runs/:id': { route: 'GET /api/schedule/runs/:id', path: () => `/api/schedule/runs/${ids.run}` },
  'POST /api/schedule/mark-missed': { route: 'POST /api/schedule/mark-missed', path: '/api/schedule/mark-missed' },
  'GET /api/compliance': { route: 'GET /api/compliance', path: '/api/compliance?period=2026-Q4' },
  'GET /api/compliance/export': {
    route: 'GET /api/compliance/export',
    path: '/api/compliance/export?period=2026-Q4&format=csv',
  },
  'GET /api/compliance/people/:id': {
    route: 'GET /api/compliance/people/:id',
    path: scoped((t) => `/api/compliance/people/${ids.employee[t]}?period=2026-Q4`),
  },
  'GET /api/reception-days': { route: 'GET /api/reception-days', path: '/api/reception-days' },
  'GET /api/reception-days/:id': {
    route: 'GET /api/reception-days/:id',
    path: scoped((t) => `/api/reception-days/${ids.day[t]}`),
  },
  'POST /api/reception-days': { route: 'POST /api/reception-days', path: '/api/reception-days', json: NOT_ARRAY },
  'POST /api/reception-days/:id/move': {
    route: 'POST /api/reception-days/:id/move',
    path: scoped((t) => `/api/reception-days/${ids.day[t]}/move`),
    json: NOT_ARRAY,
  },
  'PUT /api/reception-days/:id/slots': {
    route: 'PUT /api/reception-days/:id/slots',
    path: scoped((t) => `/api/reception-days/${ids.day[t]}/slots`),
    json: NOT_ARRAY,
  },
  'POST /api/reception-days/:id/cancel': {
    route: 'POST /api/reception-days/:id/cancel',
    path: scoped((t) => `/api/reception-days/${ids.day[t]}/cancel`),
    json: NOT_ARRAY,
  },
  'POST /api/reception-days/:id/bookings': {
    route: 'POST /api/reception-days/:id/bookings',
    path: scoped((t) => `/api/reception-days/${ids.day[t]}/bookings`),
    json: NOT_ARRAY,
  },
  'POST /api/bookings/:id/cancel': {
    route: 'POST /api/bookings/:id/cancel',
    path: () => `/api/bookings/${ids.booking}/cancel`,
    json: NOT_ARRAY,
  },
  'POST /api/bookings/:id/rebook': {
    route: 'POST /api/bookings/:id/rebook',
    path: () => `/api/bookings/${ids.booking}/rebook`,
    json: NOT_ARRAY,
  },
  'GET /api/outbox': { route: 'GET /api/outbox', path: '/api/outbox' },
  'GET /api/outbox/:id': { route: 'GET /api/outbox/:id', path: () => `/api/outbox/${ids.outbox}` },
  'GET /api/outbox/:id/invite.ics': {
    route: 'GET /api/outbox/:id/invite.ics',
    path: () => `/api/outbox/${ids.outbox}/invite.ics`,
  },
  'POST /api/outbox/:id/retry': { route: 'POST /api/outbox/:id/retry', path: `/api/outbox/${MISSING}/retry` },
  'GET /api/me/feed': { route: 'GET /api/me/feed', path: '/api/me/feed' },
  'POST /api/me/feed/rotate': { route: 'POST /api/me/feed/rotate', path: '/api/me/feed/rotate' },
  'DELETE /api/me/feed': { route: 'DELETE /api/me/feed', path: '/api/me/feed' },
  'GET /api/feeds/:file': { route: 'GET /api/feeds/:file', path: '/api/feeds/nobody.ics' },
  'GET /api/forms': { route: 'GET /api/forms', path: '/api/forms' },
  'GET /api/forms/current': { route: 'GET /api/forms/current', path: '/api/forms/current?checkpoint=7' },
  'GET /api/forms/versions/:id': {
    route: 'GET /api/forms/versions/:id',
    path: () => `/api/forms/versions/${ids.versionId}`,
  },
  'GET /api/forms/:id': { route: 'GET /api/forms/:id', path: () => `/api/forms/${ids.formId}` },
  'PUT /api/forms/:id/draft': {
    route: 'PUT /api/forms/:id/draft',
    path: () => `/api/forms/${ids.formId}/draft`,
    json: NOT_ARRAY,
  },
  'DELETE /api/forms/:id/draft': { route: 'DELETE /api/forms/:id/draft', path: () => `/api/forms/${ids.formId}/draft` },
  'POST /api/forms/:id/publish': {
    route: 'POST /api/forms/:id/publish',
    path: () => `/api/forms/${ids.formId}/publish`,
  },
  'GET /api/ticket-settings': { route: 'GET /api/ticket-settings', path: '/api/ticket-settings' },
  'PUT /api/ticket-settings/routes': {
    route: 'PUT /api/ticket-settings/routes',
    path: '/api/ticket-settings/routes',
    json: NOT_ARRAY,
  },
  'PUT /api/ticket-settings/routes#group-row': {
    route: 'PUT /api/ticket-settings/routes',
    path: '/api/ticket-settings/routes',
    json: JSON.stringify({ categoryId: null, projectId: null, line: 'customer_relations', handlerId: null }),
  },
  'DELETE /api/ticket-settings/routes/:id': {
    route: 'DELETE /api/ticket-settings/routes/:id',
    path: `/api/ticket-settings/routes/${MISSING}`,
  },
  'PUT /api/ticket-settings/sla-limits': {
    route: 'PUT /api/ticket-settings/sla-limits',
    path: '/api/ticket-settings/sla-limits',
    json: NOT_ARRAY,
  },
  'PUT /api/ticket-settings/sla-limits#valid': {
    route: 'PUT /api/ticket-settings/sla-limits',
    path: '/api/ticket-settings/sla-limits',
    json: JSON.stringify({
      categoryId: null,
      severity: 'general',
      firstResponseDays: 0,
      resolveSingleDays: 3,
      resolveCrossDays: 7,
    }),
  },
  'PUT /api/ticket-settings/warranty/periods/:kind': {
    route: 'PUT /api/ticket-settings/warranty/periods/:kind',
    path: '/api/ticket-settings/warranty/periods/waterproofing',
    json: NOT_ARRAY,
  },
  'PUT /api/ticket-settings/warranty/categories/:id': {
    route: 'PUT /api/ticket-settings/warranty/categories/:id',
    path: () => `/api/ticket-settings/warranty/categories/${ids.categoryId}`,
    json: NOT_ARRAY,
  },
  'PUT /api/projects/:id/service-hours': {
    route: 'PUT /api/projects/:id/service-hours',
    path: scoped((t) => `/api/projects/${ids.project[t]}/service-hours`),
    json: JSON.stringify({ workStart: '09:00', workEnd: '18:00', completedOn: null }),
  },
  'GET /api/issue-categories': { route: 'GET /api/issue-categories', path: '/api/issue-categories' },
  'POST /api/issue-categories': { route: 'POST /api/issue-categories', path: '/api/issue-categories', json: NOT_ARRAY },
  'PUT /api/issue-categories/:id': {
    route: 'PUT /api/issue-categories/:id',
    path: () => `/api/issue-categories/${ids.categoryId}`,
    json: NOT_ARRAY,
  },
  'GET /api/visits/new': { route: 'GET /api/visits/new', path: '/api/visits/new?checkpoint=7' },
  'POST /api/visits': { route: 'POST /api/visits', path: '/api/visits', json: NOT_ARRAY },
  'GET /api/visits/:id': { route: 'GET /api/visits/:id', path: scoped((t) => `/api/visits/${ids.visit[t]}`) },
  'GET /api/me/visits': { route: 'GET /api/me/visits', path: '/api/me/visits' },
  'GET /api/me/visit-drafts': { route: 'GET /api/me/visit-drafts', path: '/api/me/visit-drafts' },
  'PUT /api/me/visit-drafts/:clientId': {
    route: 'PUT /api/me/visit-drafts/:clientId',
    path: `/api/me/visit-drafts/${DRAFT}`,
    json: NOT_ARRAY,
  },
  'DELETE /api/me/visit-drafts/:clientId': {
    route: 'DELETE /api/me/visit-drafts/:clientId',
    path: `/api/me/visit-drafts/${DRAFT}`,
  },
  'GET /api/responses': { route: 'GET /api/responses', path: '/api/responses' },
  'GET /api/households/:id/timeline': {
    route: 'GET /api/households/:id/timeline',
    path: scoped((t) => `/api/households/${ids.household[t]}/timeline`),
  },
  'POST /api/photos': { route: 'POST /api/photos', path: '/api/photos' },
  'GET /api/photos/:photoId': { route: 'GET /api/photos/:photoId', path: `/api/photos/${DRAFT}` },
  'GET /api/photos/:photoId/thumb': { route: 'GET /api/photos/:photoId/thumb', path: `/api/photos/${DRAFT}/thumb` },
  'GET /api/analysis': { route: 'GET /api/analysis', path: '/api/analysis?from=2026-06&to=2026-11' },
  'GET /api/common-issues': { route: 'GET /api/common-issues', path: '/api/common-issues' },
  'POST /api/common-issues/detect': { route: 'POST /api/common-issues/detect', path: '/api/common-issues/detect' },
  'PUT /api/common-issues/settings': {
    route: 'PUT /api/common-issues/settings',
    path: '/api/common-issues/settings',
    json: NOT_ARRAY,
  },
  'GET /api/common-issues/:id': {
    route: 'GET /api/common-issues/:id',
    path: scoped((t) => `/api/common-issues/${ids.issue[t]}`),
  },
  'POST /api/common-issues/:id/confirm': {
    route: 'POST /api/common-issues/:id/confirm',
    path: scoped((t) => `/api/common-issues/${ids.issue[t]}/confirm`),
    json: NOT_ARRAY,
  },
  'POST /api/common-issues/:id/dismiss': {
    route: 'POST /api/common-issues/:id/dismiss',
    path: scoped((t) => `/api/common-issues/${ids.issue[t]}/dismiss`),
    json: NOT_ARRAY,
  },
  'POST /api/common-issues/:id/merge': {
    route: 'POST /api/common-issues/:id/merge',
    path: scoped((t) => `/api/common-issues/${ids.issue[t]}/merge`),
    json: NOT_ARRAY,
  },
  'POST /api/common-issues/:id/split': {
    route: 'POST /api/common-issues/:id/split',
    path: scoped((t) => `/api/common-issues/${ids.issue[t]}/split`),
    json: NOT_ARRAY,
  },
  'GET /api/reports/defects': {
    route: 'GET /api/reports/defects',
    path: scoped((t) => `/api/reports/defects?regionId=${ids.region[t]}&month=2026-11`),
  },
  'GET /api/reports/defects.xlsx': {
    route: 'GET /api/reports/defects.xlsx',
    path: scoped((t) => `/api/reports/defects.xlsx?regionId=${ids.region[t]}&month=2026-11`),
  },
  'GET /api/tickets/indicators': {
    route: 'GET /api/tickets/indicators',
    path: scoped((t) => `/api/tickets/indicators?period=2026-11&projectId=${ids.project[t]}`),
  },
  'GET /api/tickets/indicators/tickets': {
    route: 'GET /api/tickets/indicators/tickets',
    path: scoped((t) => `/api/tickets/indicators/tickets?period=2026-11&figure=late&projectId=${ids.project[t]}`),
  },
  'GET /api/tickets/indicators.xlsx': {
    route: 'GET /api/tickets/indicators.xlsx',
    path: scoped((t) => `/api/tickets/indicators.xlsx?period=2026-11&projectId=${ids.project[t]}`),
  },
  'POST /api/tickets': { route: 'POST /api/tickets', path: '/api/tickets', json: NOT_ARRAY },
  'GET /api/tickets': { route: 'GET /api/tickets', path: '/api/tickets' },
  'GET /api/tickets/board': { route: 'GET /api/tickets/board', path: '/api/tickets/board' },
  'GET /api/tickets/lookup': { route: 'GET /api/tickets/lookup', path: '/api/tickets/lookup?phone=13900000001' },
  'GET /api/tickets/:id': { route: 'GET /api/tickets/:id', path: scoped((t) => `/api/tickets/${ids.ticket[t]}`) },
  'POST /api/tickets/:id/moves': {
    route: 'POST /api/tickets/:id/moves',
    path: scoped((t) => `/api/tickets/${ids.ticket[t]}/moves`),
    json: NOT_ARRAY,
  },
  'POST /api/tickets/:id/notes': {
    route: 'POST /api/tickets/:id/notes',
    path: scoped((t) => `/api/tickets/${ids.ticket[t]}/notes`),
    json: NOT_ARRAY,
  },
  // Revealing writes only its audit row (and counts toward the caller's limit), so it is probed for real.
  'POST /api/tickets/:id/reveal': {
    route: 'POST /api/tickets/:id/reveal',
    path: scoped((t) => `/api/tickets/${ids.ticket[t]}/reveal`),
  },
  'GET /api/plans': { route: 'GET /api/plans', path: '/api/plans' },
  'POST /api/plans': { route: 'POST /api/plans', path: '/api/plans', json: NOT_ARRAY },
  'GET /api/plans/:id': { route: 'GET /api/plans/:id', path: scoped((t) => `/api/plans/${ids.plan[t]}`) },
  'PUT /api/plans/:id': {
    route: 'PUT /api/plans/:id',
    path: scoped((t) => `/api/plans/${ids.plan[t]}`),
    json: NOT_ARRAY,
  },
  'POST /api/plans/:id/moves': {
    route: 'POST /api/plans/:id/moves',
    path: scoped((t) => `/api/plans/${ids.plan[t]}/moves`),
    json: NOT_ARRAY,
  },
  'POST /api/plans/:id/actions': {
    route: 'POST /api/plans/:id/actions',
    path: scoped((t) => `/api/plans/${ids.plan[t]}/actions`),
    json: NOT_ARRAY,
  },
  'POST /api/plans/:id/actions/:sub/done': {
    route: 'POST /api/plans/:id/actions/:sub/done',
    path: scoped((t) => `/api/plans/${ids.plan[t]}/actions/${MISSING}/done`),
    json: NOT_ARRAY,
  },
  'PUT /api/plans/:id/evidence': {
    route: 'PUT /api/plans/:id/evidence',
    path: scoped((t) => `/api/plans/${ids.plan[t]}/evidence`),
    json: NOT_ARRAY,
  },
  'POST /api/plans/:id/verifications/:sub': {
    route: 'POST /api/plans/:id/verifications/:sub',
    path: scoped((t) => `/api/plans/${ids.plan[t]}/verifications/${MISSING}`),
    json: NOT_ARRAY,
  },
  'GET /api/me/plan-actions': { route: 'GET /api/me/plan-actions', path: '/api/me/plan-actions' },
  'GET /api/compliance/overdue-actions': {
    route: 'GET /api/compliance/overdue-actions',
    path: '/api/compliance/overdue-actions',
  },
  'GET /api/defects': { route: 'GET /api/defects', path: '/api/defects' },
  'GET /api/scores/schemes': { route: 'GET /api/scores/schemes', path: '/api/scores/schemes' },
  'PUT /api/scores/schemes/:position': {
    route: 'PUT /api/scores/schemes/:position',
    path: '/api/scores/schemes/staff',
    json: NOT_ARRAY,
  },
  'GET /api/scores/periods': { route: 'GET /api/scores/periods', path: '/api/scores/periods' },
  'GET /api/scores': { route: 'GET /api/scores', path: '/api/scores?period=2026-Q3' },
  'POST /api/scores/close': { route: 'POST /api/scores/close', path: '/api/scores/close', json: NOT_ARRAY },
  'GET /api/scores/:period/:employeeId': {
    route: 'GET /api/scores/:period/:employeeId',
    path: scoped((t) => `/api/scores/2026-Q3/${ids.employee[t]}`),
  },
  'POST /api/scores/:period/:employeeId/adjustments': {
    route: 'POST /api/scores/:period/:employeeId/adjustments',
    path: scoped((t) => `/api/scores/2026-Q3/${ids.employee[t]}/adjustments`),
    json: NOT_ARRAY,
  },
  'GET /api/hr/scores': { route: 'GET /api/hr/scores', path: '/api/hr/scores?period=2026-Q3' },
  'GET /api/hr/tokens': { route: 'GET /api/hr/tokens', path: '/api/hr/tokens' },
  'POST /api/hr/tokens': { route: 'POST /api/hr/tokens', path: '/api/hr/tokens', json: NOT_ARRAY },
  'DELETE /api/hr/tokens/:id': { route: 'DELETE /api/hr/tokens/:id', path: '/api/hr/tokens/nothing-here' },
  'POST /api/me/password': { route: 'POST /api/me/password', path: '/api/me/password', json: NOT_ARRAY },
  'PUT /api/me/language': { route: 'PUT /api/me/language', path: '/api/me/language', json: NOT_ARRAY },
  'GET /api/openapi.json': { route: 'GET /api/openapi.json', path: '/api/openapi.json' },
  'GET /api/docs': { route: 'GET /api/docs', path: '/api/docs' },

  // Writes probed for real against records of each scope; each is harmless when it succeeds.
  'POST /api/households/:id/owner#scope': {
    route: 'POST /api/households/:id/owner',
    path: scoped((t) => `/api/households/${ids.household[t]}/owner`),
    json: JSON.stringify({ employeeId: MISSING, reason: '权限检查' }),
  },
  'PUT /api/employees/:id/ownership-weight#scope': {
    route: 'PUT /api/employees/:id/ownership-weight',
    path: scoped((t) => `/api/employees/${ids.employee[t]}/ownership-weight`),
    json: JSON.stringify({ weight: null }),
  },
  'POST /api/employees/:id/leaves#scope': {
    route: 'POST /api/employees/:id/leaves',
    path: scoped((t) => `/api/employees/${ids.employee[t]}/leaves`),
    json: JSON.stringify({ from: '2027-03-01', to: '2027-03-01', kind: 'annual' }),
  },
  'POST /api/projects/:id/blackouts#scope': {
    route: 'POST /api/projects/:id/blackouts',
    path: scoped((t) => `/api/projects/${ids.project[t]}/blackouts`),
    json: JSON.stringify({ date: '2027-03-02', reason: '权限检查' }),
  },
  // A reset changes only the password of a seeded employee nobody signs in as here.
  'POST /api/employees/:id/password-reset': {
    route: 'POST /api/employees/:id/password-reset',
    path: scoped((t) => `/api/employees/${ids.employee[t]}/password-reset`),
  },
  // Splitting off a report the issue does not have is refused after the scope check, and changes nothing.
  'POST /api/common-issues/:id/split#scope': {
    route: 'POST /api/common-issues/:id/split',
    path: scoped((t) => `/api/common-issues/${ids.issue[t]}/split`),
    json: JSON.stringify({ itemIds: [MISSING], title: '权限检查' }),
  },
};

type Actual = Partial<Record<Role, number | number[]>>;
const actuals: Record<string, Actual> = {};
let phones = new Set<string>();

beforeAll(async () => {
  h = await createHarness();
  const db = h.db;
  const q = (text: string, ...args: unknown[]) => h.sql.value<number>(text, ...args);
  const mail = {
    from: { name: '一线', email: 'frontline@frontline.test' },
    origin: 'http://localhost',
    host: 'frontline.test',
    alarmMinutes: 30,
  };
  await seedDemoReceptions(db, '2026-11-23', T0, mail);
  await seedDemoFeedback(db, '2026-11-23', T0, { visits: 300, months: 6 });
  for (const role of ROLES) cookies.set(role, role === 'anonymous' ? undefined : await h.signIn(role));
  const staffId = await h.idOf('staff');
  ids.staffHousehold = await q('select id from households where owner_employee_id = ? order by id limit 1', staffId);
  ids.household = {
    own: await q(
      'select id from households where project_id = 1 and (owner_employee_id is null or owner_employee_id != ?) order by id limit 1',
      staffId,
    ),
    region: await q('select id from households where project_id = 10 order by id limit 1'),
    other: await q('select id from households where project_id = 2 order by id limit 1'),
  };
  // The order of the employees_project (project, line) and employees_region (region, position) indexes these first took.
  ids.employee = {
    own: await q(
      "select id from employees where project_id = 1 and login is null or (project_id = 1 and login like 'e%') order by line nulls first, id limit 1",
    ),
    region: await q('select id from employees where project_id = 10 order by line nulls first, id limit 1'),
    other: await q('select id from employees where region_id = 2 order by position, id limit 1'),
  };
  const byProject = (table: string, project: number) =>
    q(`select id from ${table} where project_id = ? order by id limit 1`, project);
  // Project 2 has no owners yet (under construction): project 5 is region 2's project with customers.
  ids.visit = {
    own: await byProject('visits', 1),
    region: await byProject('visits', 10),
    other: await byProject('visits', 5),
  };
  ids.duty = {
    own: await q(`select id from duties where employee_id = ? order by id limit 1`, staffId),
    region: await q(
      `select d.id from duties d join employees e on e.id = d.employee_id where e.project_id = 10 order by d.id limit 1`,
    ),
    other: await q(`select id from duties where region_id = 2 order by id limit 1`),
  };
  // Reception days: the president's (seeded), another executive's of region 1, and one made in region 2.
  const president = await h.idOf('president');
  const otherDuty = (await h.sql.get<{ id: number; proposed_on: string }>(
    `select d.id, d.proposed_on from duties d join employees e on e.id = d.employee_id where d.kind = 'reception' and d.status = 'planned' and e.region_id = 2 and e.position = 'regional_president' and d.proposed_on > '2026-11-24' order by d.proposed_on, d.id limit 1`,
  ))!;
  const made = await createReceptionDay(
    db,
    {
      dutyId: otherDuty.id,
      date: otherDuty.proposed_on,
      projectId: 2,
      venueKind: 'customer_centre',
      topic: '接待日',
      startTime: '09:30',
      endTime: '10:30',
      slotMinutes: 30,
      slotCapacity: 2,
    },
    { actorId: null, at: T0 },
    mail,
  );
  if (!made.ok) throw new Error(JSON.stringify(made.error));
  ids.day = {
    own: await q('select id from reception_days where employee_id = ? order by id limit 1', president),
    region: await q(
      'select id from reception_days where employee_id != ? and employee_id in (select id from employees where region_id = 1) order by id limit 1',
      president,
    ),
    other: made.value.id,
  };
  ids.booking = await q(`select id from reception_bookings where day_id = ? order by id limit 1`, ids.day.own);
  // Plans awaiting verification in project 1, project 10 and project 2.
  const f = factories(db, T0);
  const planIn = async (project: number, region: number) => {
    const household = await q(
      'select id from households where project_id = ? and owner_employee_id is not null order by id limit 1',
      project,
    );
    const owner = await q(
      `select id from employees where project_id = ? and position = 'staff' and active = 1 order by id limit 1`,
      project,
    );
    const verifier = await q('select owner_employee_id from households where id = ?', household);
    return (
      await f.awaitingVerification({
        ownerId: owner,
        verifierId: verifier,
        householdId: household,
        regionId: region,
        projectId: project,
        dueTo: '2026-12-14',
      })
    ).planId;
  };
  ids.plan = { own: await planIn(1, 1), region: await planIn(10, 1), other: await planIn(5, 2) };
  // Confirmed common issues of one project each (reviewed issues survive the detection run a probe starts).
  const issueIn = async (project: number, region: number) => {
    const staff = await q(
      `select id from employees where project_id = ? and position = 'staff' and active = 1 order by id limit 1`,
      project,
    );
    const household = await q('select id from households where project_id = ? order by id limit 1', project);
    const visit = await f.visitWithIssue({
      employeeId: staff,
      householdId: household,
      projectId: project,
      regionId: region,
      description: '电梯异响',
    });
    const item = await q('select id from visit_issues where visit_id = ? order by id limit 1', visit.id);
    const category = await q('select category_id from visit_issues where id = ?', item);
    const id = await h.sql.value<number>(
      `insert into common_issues (status, category_id, dimension, title, keywords, scope, reason, created_at, updated_at) values ('confirmed', ?, 'engineering', '电梯异响', '["电梯"]', 'project', '{}', ?, ?) returning id`,
      category,
      T0,
      T0,
    );
    await h.sql.run(
      'insert into common_issue_items (item_id, common_issue_id, similarity, attached_at) values (?, ?, 1, ?)',
      item,
      id,
      T0,
    );
    return id;
  };
  ids.issue = { own: await issueIn(1, 1), region: await issueIn(10, 1), other: await issueIn(5, 2) };
  // A repair ticket of one household each, raised by the system admin.
  const ticketIn = async (project: number) => {
    const household = await q('select id from households where project_id = ? order by id limit 1', project);
    const admin = await q(`select id from employees where login = 'admin'`);
    const made = await createTicket(
      db,
      SYSTEM_ACTOR,
      ticketInput.parse({
        clientId: `matrix-ticket-${project}`,
        householdId: household,
        channel: 'phone_400',
        type: 'repair',
        categoryId: await q(`select id from issue_categories where code = 'leaks'`),
        description: '卫生间渗水',
      }),
      { actorId: admin, at: T0, mail: null },
    );
    if (!made.ok) throw new Error(made.error.code);
    return made.value.id;
  };
  ids.ticket = { own: await ticketIn(1), region: await ticketIn(10), other: await ticketIn(5) };
  ids.formId = await q('select id from forms where checkpoint = 7');
  ids.versionId = await q(`select id from form_versions where form_id = ? and status = 'published'`, ids.formId);
  ids.categoryId = await q('select id from issue_categories order by id limit 1');
  ids.run = await q('select max(id) from schedule_runs');
  ids.outbox = await q('select min(id) from outbox');
  phones = new Set(await h.sql.values<string>('select phone from household_owners where phone is not null'));
}, 120_000);
afterAll(async () => {
  if (process.env.MATRIX_PRINT) writeFileSync('/tmp/authorization-matrix.json', JSON.stringify(actuals, null, 1));
  await h.cleanup();
});

/** Customer data that must never be in an answer outside the reveal route, whoever asks. */
function leaks(role: Role, text: string): string[] {
  const found: string[] = [];
  for (const [, room] of text.matchAll(/"room":"([^"]*)"/g))
    if (room && !room.includes('*')) found.push(`room ${room}`);
  for (const phone of text.match(/1\d{10}/g) ?? []) if (phones.has(phone)) found.push(`phone ${phone}`);
  if ((role === 'hr' || role === 'hr.group') && /"householdLabel":"/.test(text))
    found.push('a household label shown to HR');
  return found;
}

async function call(role: Role, probe: Probe, target: Target | null): Promise<number> {
  const path = typeof probe.path === 'string' ? probe.path : probe.path(target ?? 'own');
  const method = probe.route.split(' ')[0]!;
  const headers: Record<string, string> = {};
  if (probe.json !== undefined) headers['content-type'] = 'application/json';
  const res = await h.request(path, {
    method,
    cookie: cookies.get(role),
    headers,
    ...(probe.json !== undefined ? { body: probe.json } : {}),
  });
  if (method === 'GET' && res.status === 200 && (res.headers.get('content-type') ?? '').includes('json')) {
    const found = leaks(role, await res.text());
    expect(found, `${role} ${method} ${path}`).toEqual([]);
  }
  return res.status;
}

describe('authorization matrix', () => {
  it('has a row for every route the app declares, and no row for a route that is gone', () => {
    const declared = listEndpoints(h.app as never)
      .map((e) => `${e.method} ${e.path}`)
      .sort();
    const probed = [...new Set(Object.values(PROBES).map((p) => p.route))].sort();
    expect(probed).toEqual(declared);
    expect(Object.keys(EXPECTED).sort()).toEqual(Object.keys(PROBES).sort());
  });

  for (const [key, probe] of Object.entries(PROBES)) {
    it(key, async () => {
      const actual: Actual = {};
      const roles = probe.roles ?? ROLES;
      const perTarget = typeof probe.path === 'function' && probe.path.length === 1;
      for (const role of roles) {
        if (!perTarget) actual[role] = await call(role, probe, null);
        else {
          const statuses: number[] = [];
          for (const t of TARGETS) statuses.push(await call(role, probe, t));
          actual[role] = statuses;
        }
      }
      actuals[key] = actual;
      if (!process.env.MATRIX_PRINT) expect(actual).toEqual(EXPECTED[key]);
    });
  }

  it('the owner employee may reveal the household they look after', async () => {
    expect(
      (
        await h.request(`/api/households/${ids.staffHousehold}/reveal`, {
          method: 'POST',
          cookie: cookies.get('staff'),
        })
      ).status,
    ).toBe(200);
  });

  it('lists only what is in scope', async () => {
    const projects = async (role: Role) =>
      (
        (await (await h.request('/api/projects', { cookie: cookies.get(role) })).json()) as { items: { id: number }[] }
      ).items.map((p) => p.id);
    expect(await projects('staff')).toEqual([1]);
    expect((await projects('president')).every((id) => [1, 4, 7, 10].includes(id))).toBe(true);
    expect(await projects('admin')).toHaveLength(12);
  });

  it('offers as filter choices exactly the projects in scope, without their counts', async () => {
    const list = async (role: Role, path: string) =>
      ((await (await h.request(path, { cookie: cookies.get(role) })).json()) as { items: Record<string, unknown>[] })
        .items;
    for (const role of ['staff', 'president', 'cr.group', 'admin'] as const) {
      const choices = await list(role, '/api/projects/choices');
      expect(choices.map((p) => p.id)).toEqual((await list(role, '/api/projects')).map((p) => p.id));
      for (const p of choices) expect(Object.keys(p)).not.toContain('households');
    }
    const region = (await list('admin', '/api/projects/choices?regionId=2')).map((p) => p.regionId);
    expect(region.length).toBeGreaterThan(0);
    expect(new Set(region)).toEqual(new Set([2]));
    // a regional role asking for another region gets nothing of it
    expect(await list('president', '/api/projects/choices?regionId=2')).toEqual([]);
  });
});
