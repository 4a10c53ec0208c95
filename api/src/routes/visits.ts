import {
  actsOnDuty,
  checkpointOfDuty,
  checkVisitDate,
  clientIdParam,
  defaultChannel,
  hasCapability,
  isCustomerRelations,
  mayBePresentAt,
  privacyFor,
  viewAnswers,
  viewIssue,
  householdInScope,
  idParam,
  myVisitsQuery,
  responsesQuery,
  photoIdsOf,
  projectInScope,
  scopeOf,
  shanghaiClock,
  shanghaiDate,
  validateAnswers,
  visitContextQuery,
  visitDraftInput,
  visitDateWindow,
  visitInput,
  type Actor,
  type Checkpoint,
  type VisitInput,
} from '@frontline/core';
import {
  categoryRefs,
  currentFormVersion,
  deleteVisitDraft,
  getBooking,
  getDuty,
  getEmployee,
  getEvent,
  getFormVersion,
  getHouseholds,
  getReceptionDay,
  getVisit,
  householdRefs,
  householdTimeline,
  listCategories,
  listEmployees,
  listHouseholds,
  listVisitDrafts,
  listVisits,
  receptionManagers,
  recordVisit,
  saveVisitDraft,
  visitOfClientId,
  type Db,
  type Visit,
  type VisitSummary,
} from '@frontline/db';
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../http/context.ts';
import { ApiError, fromAppError, notFound, valueOrThrow } from '../http/errors.ts';
import { allow, signedIn } from '../http/policy.ts';
import { auditContext } from '../http/request-info.ts';
import { input } from '../http/validate.ts';
import { maskedHouseholds } from './views.ts';

const tags = ['visits'];

/** What a visit is recorded against, as far as the caller may use it. */
type Target = {
  dutyId: number | null;
  bookingId: number | null;
  checkpoint: Checkpoint;
  /** Households the visit must include (the booking's). */
  requiredHouseholdId: number | null;
  window: { from: string; to: string } | null;
  channel: ReturnType<typeof defaultChannel>;
};

/** A reference the caller cannot use, named on its field. */
const unusable = (field: string) => new ApiError(422, 'VALIDATION_FAILED', { fieldCodes: { [field]: 'NOT_FOUND' } });

/**
 * A duty visit is recorded by the person due or their deputy; a booking's
 * visit by whoever booked it, the household's owner, or the reception day's
 * executive (their deputy or assistant), and an executive's record also
 * completes their reception duty.
 */
async function resolveTarget(db: Db, actor: Actor, q: { dutyId?: number | undefined; bookingId?: number | undefined; checkpoint?: number | undefined }): Promise<Target> {
  if (q.bookingId !== undefined) {
    const booking = await getBooking(db, q.bookingId);
    if (!booking || booking.status !== 'booked') throw unusable('bookingId');
    const day = (await getReceptionDay(db, booking.dayId))!;
    const managers = await receptionManagers(db, day);
    const [household] = await householdRefs(db, [booking.householdId]);
    const allowed = booking.bookedBy === actor.employeeId || managers.includes(actor.employeeId) || household?.ownerEmployeeId === actor.employeeId;
    if (!allowed) throw unusable('bookingId');
    const duty = await getDuty(db, day.dutyId);
    return {
      dutyId: duty && actsOnDuty(duty, actor.employeeId) ? duty.id : null,
      bookingId: booking.id,
      checkpoint: 6,
      requiredHouseholdId: booking.householdId,
      window: { from: day.date, to: day.date },
      channel: 'reception',
    };
  }
  if (q.dutyId !== undefined) {
    const duty = await getDuty(db, q.dutyId);
    if (!duty) throw unusable('dutyId');
    if (!actsOnDuty(duty, actor.employeeId)) throw new ApiError(403, 'VISIT_DUTY_NOT_YOURS', { fieldCodes: { dutyId: 'VISIT_DUTY_NOT_YOURS' } });
    const event = duty.eventId === null ? undefined : await getEvent(db, duty.eventId);
    return {
      dutyId: duty.id,
      bookingId: null,
      checkpoint: checkpointOfDuty(duty.kind, event?.checkpoint ?? null),
      requiredHouseholdId: null,
      window: { from: duty.dueFrom, to: duty.dueTo },
      channel: defaultChannel(duty.kind, false),
    };
  }
  return { dutyId: null, bookingId: null, checkpoint: q.checkpoint as Checkpoint, requiredHouseholdId: null, window: null, channel: 'phone' };
}

/**
 * Who may read a visit: the staff who were there, the owners of its
 * households, customer relations covering one of them, and anyone who reviews
 * responses (managers, CR admins) whose scope covers its project.
 */
export async function mayReadVisit(db: Db, actor: Actor, v: VisitSummary & { staff?: { id: number }[] }): Promise<boolean> {
  if (v.employeeId === actor.employeeId || v.staff?.some((s) => s.id === actor.employeeId)) return true;
  if (hasCapability(actor.position, 'responses.view') && projectInScope(scopeOf(actor), { id: v.projectId, regionId: v.regionId })) return true;
  const households = await householdRefs(db, v.householdIds);
  return households.some((h) => h.ownerEmployeeId === actor.employeeId || (isCustomerRelations(actor) && householdInScope(actor, h)));
}

/** A visit as the caller may read it: households masked, issue locations masked, free text masked unless they may reveal. */
async function visitView(db: Db, actor: Actor, v: Visit) {
  const households = await getHouseholds(db, v.householdIds);
  const privacy = privacyFor(actor, households);
  return {
    ...v,
    answers: viewAnswers(v.definition, v.answers, privacy),
    issues: v.issues.map((i) => viewIssue(i, privacy)),
    households: maskedHouseholds(actor, households),
  };
}

/** Checks that the submitted visit fits its target and returns the record to write. */
async function prepare(c: Context<AppEnv>, body: VisitInput) {
  const { actor } = signedIn(c);
  const deps = c.get('deps');
  const db = deps.db;
  const target = await resolveTarget(db, actor, body);
  const version = await getFormVersion(db, body.formVersionId);
  if (!version || version.status !== 'published') throw new ApiError(422, 'FORM_NOT_PUBLISHED', { fieldCodes: { formVersionId: 'FORM_NOT_PUBLISHED' } });
  if (version.checkpoint !== target.checkpoint) throw new ApiError(422, 'VISIT_FORM_MISMATCH', { fieldCodes: { formVersionId: 'VISIT_FORM_MISMATCH' } });

  const households = await householdRefs(db, body.householdIds);
  if (households.length !== new Set(body.householdIds).size || !households.every((h) => householdInScope(actor, h))) {
    throw new ApiError(422, 'VALIDATION_FAILED', { fieldCodes: { householdIds: 'NOT_FOUND' } });
  }
  if (target.requiredHouseholdId !== null && !body.householdIds.includes(target.requiredHouseholdId)) {
    throw new ApiError(422, 'VALIDATION_FAILED', { fieldCodes: { householdIds: 'ANSWER_REQUIRED' } });
  }
  const first = households[0]!;
  for (const id of new Set(body.staffIds)) {
    const e = await getEmployee(db, id);
    if (!e || !mayBePresentAt(first, e)) throw new ApiError(422, 'VALIDATION_FAILED', { fieldCodes: { staffIds: 'VISIT_STAFF_NOT_COLLEAGUE' } });
  }
  const now = deps.now();
  // The duty's window, the reception day or the look-back: the form offers only these dates, and the server holds to them too.
  const window = visitDateWindow(target.window, shanghaiDate(now), deps.visitLookbackDays);
  valueOrThrow(checkVisitDate(body, window, { date: shanghaiDate(now), clock: shanghaiClock(now) }));
  const answers = validateAnswers(version.definition, body.answers, await categoryRefs(db));
  if (!answers.ok) throw fromAppError(answers.error);
  return {
    clientId: body.clientId,
    employeeId: actor.employeeId,
    dutyId: target.dutyId,
    bookingId: target.bookingId,
    checkpoint: target.checkpoint,
    formVersionId: version.id,
    definition: version.definition,
    projectId: first.projectId,
    regionId: first.regionId,
    channel: body.channel,
    visitedOn: body.visitedOn,
    visitedAt: body.visitedAt,
    householdIds: [...new Set(body.householdIds)],
    staffIds: body.staffIds.filter((id) => id !== actor.employeeId),
    answers: answers.value,
    photoIds: photoIdsOf(version.definition, answers.value),
  };
}

export const visitRoutes = new Hono<AppEnv>()
  .get(
    '/visits/new',
    allow('households.view', { summary: 'What the recording form needs for a duty, a booking or a checkpoint: form version, taxonomy, households, date window', tags }),
    input('query', visitContextQuery),
    async (c) => {
      const { actor } = signedIn(c);
      const deps = c.get('deps');
      const target = await resolveTarget(deps.db, actor, c.req.valid('query'));
      const version = await currentFormVersion(deps.db, target.checkpoint);
      if (!version) throw new ApiError(404, 'FORM_NOT_PUBLISHED');
      const duty = target.dutyId === null ? null : await getDuty(deps.db, target.dutyId);
      const suggested = target.requiredHouseholdId ?? duty?.householdId ?? null;
      const mine = (await listHouseholds(deps.db, { ownerEmployeeId: actor.employeeId, limit: 200, offset: 0 })).items;
      const pinned = suggested === null ? [] : await getHouseholds(deps.db, [suggested]);
      const households = [...pinned, ...mine.filter((h) => h.id !== suggested)].filter((h) => householdInScope(actor, h));
      // Colleagues who may have come along: the project's people and the region's office (the same rule the record is held to).
      const at = households[0] ?? (actor.projectId !== null && actor.regionId !== null ? { projectId: actor.projectId, regionId: actor.regionId } : null);
      const team = at
        ? [
            ...(await listEmployees(deps.db, { projectId: at.projectId, limit: 200, offset: 0 })).items,
            ...(await listEmployees(deps.db, { regionId: at.regionId, regionOnly: true, limit: 200, offset: 0 })).items,
          ].filter((e) => mayBePresentAt(at, e))
        : [];
      return c.json(
        {
          checkpoint: target.checkpoint,
          dutyId: target.dutyId,
          bookingId: target.bookingId,
          channel: target.channel,
          window: visitDateWindow(target.window, shanghaiDate(deps.now()), deps.visitLookbackDays),
          today: shanghaiDate(deps.now()),
          version,
          categories: await listCategories(deps.db),
          households: maskedHouseholds(actor, households),
          selectedHouseholdIds: suggested === null ? [] : [suggested],
          lockedHouseholdId: target.requiredHouseholdId,
          colleagues: team.filter((e) => e.active && e.id !== actor.employeeId).map((e) => ({ id: e.id, name: e.name })),
        },
        200,
      );
    },
  )
  .post(
    '/visits',
    allow('households.view', {
      summary: 'Record a visit (idempotent by clientId: a repeat returns the record already made, 200 instead of 201); completes its duty; answers {visit: {id, clientId}}',
      tags,
    }),
    input('json', visitInput),
    async (c) => {
      const { actor } = signedIn(c);
      const db = c.get('deps').db;
      const body = c.req.valid('json');
      let visit;
      try {
        visit = await prepare(c, body);
      } catch (e) {
        // A replay whose duty, booking or households have since changed is still the record it made.
        const existing = await visitOfClientId(db, body.clientId);
        if (!existing) throw e;
        if (existing.employeeId !== actor.employeeId) throw new ApiError(409, 'VISIT_CLIENT_ID_REUSED', { fieldCodes: { clientId: 'VISIT_CLIENT_ID_REUSED' } });
        return c.json({ visit: { id: existing.id, clientId: body.clientId }, created: false }, 200);
      }
      // A replay that still checks out returns its record from inside the transaction.
      const r = await recordVisit(db, visit, auditContext(c));
      if (!r.ok) throw fromAppError(r.error);
      // The device only needs the record's id (to link to it); GET /visits/:id has the rest.
      return c.json({ visit: { id: r.value.id, clientId: body.clientId }, created: r.value.created }, r.value.created ? 201 : 200);
    },
  )
  .get('/visits/:id', allow('households.view', { summary: 'One visit with its answers, read through the form version it answered', tags }), input('param', idParam), async (c) => {
    const { actor } = signedIn(c);
    const db = c.get('deps').db;
    const visit = await getVisit(db, c.req.valid('param').id);
    if (!visit || !(await mayReadVisit(db, actor, visit))) throw notFound();
    return c.json({ visit: await visitView(db, actor, visit) }, 200);
  })
  .get('/me/visits', allow('households.view', { summary: 'Visits the caller recorded or took part in, newest first', tags }), input('query', myVisitsQuery), async (c) => {
    const { actor } = signedIn(c);
    const q = c.req.valid('query');
    const page = await listVisits(c.get('deps').db, { employeeId: actor.employeeId, from: q.from, to: q.to, limit: 50, offset: q.offset });
    return c.json(page, 200);
  })
  .get('/me/visit-drafts', allow('households.view', { summary: 'The caller’s unsent visit drafts kept on the server', tags }), async (c) => {
    const { actor } = signedIn(c);
    return c.json({ drafts: await listVisitDrafts(c.get('deps').db, actor.employeeId) }, 200);
  })
  .put(
    '/me/visit-drafts/:clientId',
    allow('households.view', { summary: 'Keep a draft on the server (autosave); 409 once its visit is submitted', tags }),
    input('param', clientIdParam),
    input('json', visitDraftInput),
    async (c) => {
      const { actor } = signedIn(c);
      const deps = c.get('deps');
      const body = c.req.valid('json');
      if (JSON.stringify(body.payload).length > 256 * 1024) throw new ApiError(413, 'PAYLOAD_TOO_LARGE', { params: { limit: '256 KB' } });
      const outcome = await saveVisitDraft(deps.db, actor.employeeId, { clientId: c.req.valid('param').clientId, ...body }, deps.now());
      if (outcome === 'not_yours') throw new ApiError(409, 'VISIT_CLIENT_ID_REUSED');
      if (outcome === 'submitted') throw new ApiError(409, 'CONFLICT');
      return c.body(null, 204);
    },
  )
  .delete('/me/visit-drafts/:clientId', allow('households.view', { summary: 'Drop a draft', tags }), input('param', clientIdParam), async (c) => {
    const { actor } = signedIn(c);
    await deleteVisitDraft(c.get('deps').db, actor.employeeId, c.req.valid('param').clientId);
    return c.body(null, 204);
  })
  .get(
    '/responses',
    allow('responses.view', { summary: 'Feedback responses in the caller’s scope, filtered by project, checkpoint, dimension and period', tags }),
    input('query', responsesQuery),
    async (c) => {
      const { actor } = signedIn(c);
      const q = c.req.valid('query');
      const scope = scopeOf(actor);
      const page = await listVisits(c.get('deps').db, {
        ...q,
        ...(scope.kind === 'region' ? { regionIds: [scope.regionId] } : {}),
        ...(scope.kind === 'project' ? { projectIds: [scope.projectId] } : {}),
        ...(scope.kind === 'own' ? { employeeId: actor.employeeId } : {}),
      });
      return c.json(page, 200);
    },
  )
  .get(
    '/households/:id/timeline',
    allow('households.view', { summary: 'Every touchpoint of a household, newest first: bookings, visits and what was raised', tags }),
    input('param', idParam),
    async (c) => {
      const { actor } = signedIn(c);
      const db = c.get('deps').db;
      const [household] = await getHouseholds(db, [c.req.valid('param').id]);
      if (!household || !householdInScope(actor, household)) throw notFound();
      const privacy = privacyFor(actor, [household]);
      const entries = (await householdTimeline(db, household.id)).map((e) =>
        e.kind === 'visit'
          ? { ...e, issues: e.issues.map((i) => ({ ...i, description: privacy.text(i.description) ?? '' })) }
          : { ...e, booking: { ...e.booking, note: privacy.text(e.booking.note) ?? '' } },
      );
      return c.json({ household: maskedHouseholds(actor, [household])[0]!, entries }, 200);
    },
  );
