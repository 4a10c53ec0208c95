import {
  clientIdParam,
  householdInScope,
  idParam,
  myVisitsQuery,
  responsesQuery,
  timelineQuery,
  visitContextQuery,
  visitDraftInput,
  visitInput,
} from '@frontline/core';
import { getHouseholds, getVisit, listVisitDrafts, listVisits, ticketsOfVisit } from '@frontline/db';
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../../http/context.ts';
import { ApiError, fromAppError, notFound, valueOrThrow } from '../../http/errors.ts';
import { allow, signedIn } from '../../http/policy.ts';
import { auditContext } from '../../http/request-info.ts';
import { input } from '../../http/validate.ts';
import { maskedHouseholds } from '../../routes/views.ts';
import { responsesFilter } from './policy.ts';
import {
  discardVisitDraft,
  householdTimeline,
  mayReadVisit,
  recordingContext,
  saveVisitDraft,
  submitVisit,
  type VisitClock,
} from './service.ts';
import { myVisitsView, submittedView, timelineView, visitView } from './views.ts';

const tags = ['visits'];

const DRAFT_LIMIT_BYTES = 256 * 1024;

const clockOf = (c: Context<AppEnv>): VisitClock => ({
  now: c.get('deps').now(),
  lookbackDays: c.get('deps').visitLookbackDays,
});

export const visitRoutes = new Hono<AppEnv>()
  .get(
    '/visits/new',
    allow('households.view', {
      summary:
        'What the recording form needs for a duty, a booking or a checkpoint: form version, taxonomy, households, date window',
      tags,
    }),
    input('query', visitContextQuery),
    async (c) => {
      const { actor } = signedIn(c);
      const r = await recordingContext(c.get('deps').db, actor, c.req.valid('query'), clockOf(c));
      if (!r.ok)
        throw r.error.code === 'FORM_NOT_PUBLISHED' ? new ApiError(404, 'FORM_NOT_PUBLISHED') : fromAppError(r.error);
      const form = r.value;
      return c.json(
        {
          checkpoint: form.target.checkpoint,
          dutyId: form.target.dutyId,
          bookingId: form.target.bookingId,
          channel: form.target.channel,
          window: form.window,
          today: form.today,
          version: form.version,
          categories: form.categories,
          households: maskedHouseholds(actor, form.households),
          selectedHouseholdIds: form.suggested === null ? [] : [form.suggested],
          lockedHouseholdId: form.target.requiredHouseholdId,
          colleagues: form.colleagues,
        },
        200,
      );
    },
  )
  .post(
    '/visits',
    allow('households.view', {
      summary:
        'Record a visit (idempotent by clientId: a repeat returns the record already made, 200 instead of 201); completes its duty; answers {visit: {id, clientId}}',
      tags,
    }),
    input('json', visitInput),
    async (c) => {
      const { actor } = signedIn(c);
      const body = c.req.valid('json');
      const r = valueOrThrow(await submitVisit(c.get('deps').db, actor, body, clockOf(c), auditContext(c)));
      return c.json(submittedView(r, body.clientId), r.created ? 201 : 200);
    },
  )
  .get(
    '/visits/:id',
    allow('households.view', {
      summary: 'One visit with its answers, read through the form version it answered',
      tags,
    }),
    input('param', idParam),
    async (c) => {
      const { actor } = signedIn(c);
      const db = c.get('deps').db;
      const visit = await getVisit(db, c.req.valid('param').id);
      if (!visit || !(await mayReadVisit(db, actor, visit))) throw notFound();
      const [households, tickets] = await Promise.all([
        getHouseholds(db, visit.householdIds),
        ticketsOfVisit(db, visit.id),
      ]);
      return c.json({ visit: visitView(actor, visit, households, tickets) }, 200);
    },
  )
  .get(
    '/me/visits',
    allow('households.view', { summary: 'Visits the caller recorded or took part in, newest first', tags }),
    input('query', myVisitsQuery),
    async (c) => {
      const { actor } = signedIn(c);
      const q = c.req.valid('query');
      const db = c.get('deps').db;
      const page = await listVisits(db, {
        employeeId: actor.employeeId,
        from: q.from,
        to: q.to,
        limit: 50,
        offset: q.offset,
      });
      const households = await getHouseholds(db, [...new Set(page.items.flatMap((v) => v.householdIds))]);
      return c.json(myVisitsView(actor, page, households), 200);
    },
  )
  .get(
    '/me/visit-drafts',
    allow('households.view', { summary: 'The caller’s unsent visit drafts kept on the server', tags }),
    async (c) => {
      const { actor } = signedIn(c);
      return c.json({ drafts: await listVisitDrafts(c.get('deps').db, actor.employeeId) }, 200);
    },
  )
  .put(
    '/me/visit-drafts/:clientId',
    allow('households.view', {
      summary: 'Keep a draft on the server (autosave); 409 once its visit is submitted',
      tags,
    }),
    input('param', clientIdParam),
    input('json', visitDraftInput),
    async (c) => {
      const { actor } = signedIn(c);
      const deps = c.get('deps');
      const body = c.req.valid('json');
      if (JSON.stringify(body.payload).length > DRAFT_LIMIT_BYTES)
        throw new ApiError(413, 'PAYLOAD_TOO_LARGE', { params: { limit: '256 KB' } });
      const outcome = await saveVisitDraft(
        deps.db,
        actor.employeeId,
        { clientId: c.req.valid('param').clientId, ...body },
        deps.now(),
      );
      if (outcome === 'not_yours') throw new ApiError(409, 'VISIT_CLIENT_ID_REUSED');
      if (outcome === 'submitted') throw new ApiError(409, 'CONFLICT');
      return c.body(null, 204);
    },
  )
  .delete(
    '/me/visit-drafts/:clientId',
    allow('households.view', { summary: 'Drop a draft', tags }),
    input('param', clientIdParam),
    async (c) => {
      const { actor } = signedIn(c);
      await discardVisitDraft(c.get('deps').db, actor.employeeId, c.req.valid('param').clientId);
      return c.body(null, 204);
    },
  )
  .get(
    '/responses',
    allow('responses.view', {
      summary: 'Feedback responses in the caller’s scope, filtered by project, checkpoint, dimension and period',
      tags,
    }),
    input('query', responsesQuery),
    async (c) => {
      const { actor } = signedIn(c);
      const page = await listVisits(c.get('deps').db, { ...c.req.valid('query'), ...responsesFilter(actor) });
      return c.json(page, 200);
    },
  )
  .get(
    '/households/:id/timeline',
    allow('households.view', {
      summary:
        'A household’s touchpoints, newest first, a page at a time: bookings, visits and what was raised, tickets; `limit` (default 30, at most 100) and the `cursor` of the page before (its nextCursor, null on the last page)',
      tags,
    }),
    input('param', idParam),
    input('query', timelineQuery),
    async (c) => {
      const { actor } = signedIn(c);
      const db = c.get('deps').db;
      const [household] = await getHouseholds(db, [c.req.valid('param').id]);
      if (!household || !householdInScope(actor, household)) throw notFound();
      const q = c.req.valid('query');
      const page = await householdTimeline(db, household.id, { after: q.cursor, limit: q.limit });
      return c.json(timelineView(actor, household, page), 200);
    },
  );
