import {
  CHECKPOINTS,
  checkpointOfDuty,
  checkVisitDate,
  defaultChannel,
  dutyOutcomeOfVisit,
  err,
  householdInScope,
  mayBePresentAt,
  ok,
  photoIdsOf,
  shanghaiClock,
  shanghaiDate,
  validateAnswers,
  visitDateWindow,
  type Actor,
  type AppError,
  type Checkpoint,
  type DateWindow,
  type IsoDate,
  type Result,
  type TimelineKey,
  type VisitInput,
  compareTimelineKeys,
  timelineCursor,
  TIMELINE_PAGE,
} from '@frontline/core';
import {
  categoryRefs,
  currentFormVersion,
  deleteVisitDraft,
  dropDraftOfVisit,
  dutyState,
  getBooking,
  getDuty,
  getEmployee,
  getEvent,
  getFormVersion,
  getHouseholds,
  getReceptionDay,
  householdRefs,
  insertVisitRows,
  issuesRaisedBy,
  linkPhotoToVisit,
  listCategories,
  listEmployees,
  listHouseholds,
  receptionManagers,
  Refusal,
  refusing,
  saveDutyState,
  unitOfWork,
  upsertVisitDraft,
  visitCreatedAudit,
  visitDraftOwner,
  visitOfClientId,
  writeAudit,
  type AuditContext,
  type Db,
  type HouseholdBookingHistory,
  type NewVisit,
  type RaisedIssue,
  type VisitDraft,
  type VisitSummary,
  householdBookingsPage,
  householdTicketsPage,
  householdVisitsPage,
  type TicketRecord,
  isUniqueOn,
  violationOf,
} from '@frontline/db';
import { mayReadVisitDirectly, mayReadVisitThrough, mayRecordForBooking, mayRecordForDuty } from './policy.ts';

/**
 * Recording visits: what a visit is recorded against (a duty, a booking or a
 * bare checkpoint) and whether the caller may use it; the checks a submitted
 * visit must pass (its form version, households in scope, colleagues who may
 * have been there, its date, its answers); and the record itself, made once
 * per client id (the device makes it when the form opens, so double taps,
 * retries and replays all land on one record) with its duty completed, its
 * photos linked and its draft dropped in the same unit of work.
 */

/** The clock and settings the date rules read. */
export type VisitClock = { now: number; lookbackDays: number };

/** What a visit is recorded against, as far as the caller may use it. */
export type Target = {
  dutyId: number | null;
  bookingId: number | null;
  checkpoint: Checkpoint;
  /** Households the visit must include (the booking's). */
  requiredHouseholdId: number | null;
  window: DateWindow | null;
  channel: ReturnType<typeof defaultChannel>;
};

/** A reference the caller cannot use, named on its field. */
const unusable = (field: string): AppError => ({ code: 'VALIDATION_FAILED', fields: { [field]: 'NOT_FOUND' } });

/**
 * A booking's visit is on the checkpoint-6 form on its reception day, and an
 * executive's record also completes their reception duty; a duty's visit is
 * on its checkpoint's form within its window; a bare checkpoint's visit has
 * neither.
 */
export async function resolveTarget(
  db: Db,
  actor: Actor,
  q: { dutyId?: number | undefined; bookingId?: number | undefined; checkpoint?: number | undefined },
) {
  return refusing(async (): Promise<Target> => {
    if (q.bookingId !== undefined) {
      const booking = await getBooking(db, q.bookingId);
      if (!booking || booking.status !== 'booked') throw new Refusal(unusable('bookingId'));
      const day = await getReceptionDay(db, booking.dayId);
      if (!day) throw new Refusal(unusable('bookingId'));
      const [household] = await householdRefs(db, [booking.householdId]);
      if (!mayRecordForBooking(actor, booking, await receptionManagers(db, day), household))
        throw new Refusal(unusable('bookingId'));
      const duty = await getDuty(db, day.dutyId);
      return {
        dutyId: duty && mayRecordForDuty(actor, duty) ? duty.id : null,
        bookingId: booking.id,
        checkpoint: 6,
        requiredHouseholdId: booking.householdId,
        window: { from: day.date, to: day.date },
        channel: 'reception',
      };
    }
    if (q.dutyId !== undefined) {
      const duty = await getDuty(db, q.dutyId);
      if (!duty) throw new Refusal(unusable('dutyId'));
      if (!mayRecordForDuty(actor, duty))
        throw new Refusal({ code: 'VISIT_DUTY_NOT_YOURS', fields: { dutyId: 'VISIT_DUTY_NOT_YOURS' } });
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
    const checkpoint = CHECKPOINTS.find((c) => c === q.checkpoint);
    if (checkpoint === undefined) throw new Refusal(unusable('checkpoint'));
    return { dutyId: null, bookingId: null, checkpoint, requiredHouseholdId: null, window: null, channel: 'phone' };
  });
}

/** The dates the form offers, and the server holds a visit to: the duty's window, the reception day or the look-back. */
export const dateWindowOf = (target: Target, clock: VisitClock): DateWindow =>
  visitDateWindow(target.window, shanghaiDate(clock.now), clock.lookbackDays);

/**
 * What the recording form needs: the target, the version to answer, the
 * taxonomy, the households the caller may pick (the suggested one first) and
 * the colleagues who may have come along (the project's people and the
 * region's office: the same rule the record is held to).
 */
export async function recordingContext(
  db: Db,
  actor: Actor,
  q: { dutyId?: number | undefined; bookingId?: number | undefined; checkpoint?: number | undefined },
  clock: VisitClock,
) {
  const resolved = await resolveTarget(db, actor, q);
  if (!resolved.ok) return resolved;
  const target = resolved.value;
  const version = await currentFormVersion(db, target.checkpoint);
  if (!version) return err<AppError>({ code: 'FORM_NOT_PUBLISHED' });
  const duty = target.dutyId === null ? null : await getDuty(db, target.dutyId);
  const suggested = target.requiredHouseholdId ?? duty?.householdId ?? null;
  const mine = (await listHouseholds(db, { ownerEmployeeId: actor.employeeId, limit: 200, offset: 0 })).items;
  const pinned = suggested === null ? [] : await getHouseholds(db, [suggested]);
  const households = [...pinned, ...mine.filter((h) => h.id !== suggested)].filter((h) => householdInScope(actor, h));
  const at =
    households[0] ??
    (actor.projectId !== null && actor.regionId !== null
      ? { projectId: actor.projectId, regionId: actor.regionId }
      : null);
  const team = at
    ? [
        ...(await listEmployees(db, { projectId: at.projectId, limit: 200, offset: 0 })).items,
        ...(await listEmployees(db, { regionId: at.regionId, regionOnly: true, limit: 200, offset: 0 })).items,
      ].filter((e) => mayBePresentAt(at, e))
    : [];
  return ok({
    target,
    window: dateWindowOf(target, clock),
    today: shanghaiDate(clock.now),
    version,
    categories: await listCategories(db),
    households,
    suggested,
    colleagues: team.filter((e) => e.active && e.id !== actor.employeeId).map((e) => ({ id: e.id, name: e.name })),
  });
}

/** Checks that a submitted visit fits its target and answers the record to write. */
export async function checkVisit(
  db: Db,
  actor: Actor,
  body: VisitInput,
  clock: VisitClock,
): Promise<Result<NewVisit, AppError>> {
  const resolved = await resolveTarget(db, actor, body);
  if (!resolved.ok) return resolved;
  const target = resolved.value;
  const version = await getFormVersion(db, body.formVersionId);
  if (!version || version.status !== 'published')
    return err({ code: 'FORM_NOT_PUBLISHED', fields: { formVersionId: 'FORM_NOT_PUBLISHED' } });
  if (version.checkpoint !== target.checkpoint)
    return err({ code: 'VISIT_FORM_MISMATCH', fields: { formVersionId: 'VISIT_FORM_MISMATCH' } });

  const households = await householdRefs(db, body.householdIds);
  if (households.length !== new Set(body.householdIds).size || !households.every((h) => householdInScope(actor, h))) {
    return err({ code: 'VALIDATION_FAILED', fields: { householdIds: 'NOT_FOUND' } });
  }
  if (target.requiredHouseholdId !== null && !body.householdIds.includes(target.requiredHouseholdId)) {
    return err({ code: 'VALIDATION_FAILED', fields: { householdIds: 'ANSWER_REQUIRED' } });
  }
  const first = households[0]!;
  for (const id of new Set(body.staffIds)) {
    const e = await getEmployee(db, id);
    if (!e || !mayBePresentAt(first, e))
      return err({ code: 'VALIDATION_FAILED', fields: { staffIds: 'VISIT_STAFF_NOT_COLLEAGUE' } });
  }
  const dated = checkVisitDate(body, dateWindowOf(target, clock), {
    date: shanghaiDate(clock.now),
    clock: shanghaiClock(clock.now),
  });
  if (!dated.ok) return dated;
  const answers = validateAnswers(version.definition, body.answers, await categoryRefs(db));
  if (!answers.ok) return answers;
  return ok({
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
  });
}

const CLIENT_ID_REUSED: AppError = { code: 'VISIT_CLIENT_ID_REUSED', fields: { clientId: 'VISIT_CLIENT_ID_REUSED' } };

/** What a client id that already made a visit answers: that record to the person who made it, a refusal to anyone else. */
function replayOf(
  existing: { id: number; employeeId: number },
  employeeId: number,
): Result<{ id: number; created: boolean }, AppError> {
  return existing.employeeId === employeeId ? ok({ id: existing.id, created: false }) : err(CLIENT_ID_REUSED);
}

const isClientIdTaken = (e: unknown) => {
  const v = violationOf(e);
  return v !== undefined && isUniqueOn(v, 'visits', 'client_id');
};

/**
 * Records a checked visit, or answers the one its client id already made
 * (another person's is refused). One unit of work: the visit's rows (on the
 * bulk path's prepared statements), its photo links, its duty's completion
 * when the visit falls in the duty's window (a done or excused duty just gains
 * the record), the draft's removal and the audit entries.
 */
export async function recordVisit(
  db: Db,
  v: NewVisit,
  ctx: AuditContext,
): Promise<Result<{ id: number; created: boolean }, AppError>> {
  try {
    return await unitOfWork(db, async (tx) => {
      const existing = await visitOfClientId(tx, v.clientId);
      if (existing) {
        const replay = replayOf(existing, v.employeeId);
        if (!replay.ok) throw new Refusal(replay.error);
        return replay.value;
      }
      const { id, issueCount } = await insertVisitRows(db, tx, v, ctx.at);
      for (const photo of v.photoIds) {
        if (!(await linkPhotoToVisit(tx, id, photo, v.employeeId)))
          throw new Refusal({ code: 'PHOTO_NOT_FOUND', fields: { photos: 'PHOTO_NOT_FOUND' } });
      }
      if (v.dutyId !== null) {
        const duty = await getDuty(tx, v.dutyId);
        if (!duty) throw new Refusal({ code: 'NOT_FOUND', fields: { dutyId: 'NOT_FOUND' } });
        const outcome = dutyOutcomeOfVisit(duty, v.visitedOn);
        if (!outcome.ok) throw new Refusal(outcome.error);
        if (outcome.value === 'complete') {
          const done = {
            ...dutyState(duty),
            status: 'done' as const,
            completedOn: v.visitedOn,
            attendedBy: v.employeeId,
            notes: `拜访记录 #${id}`,
          };
          if (!(await saveDutyState(tx, duty, done, ctx.at))) throw new Refusal({ code: 'CONFLICT' });
          await writeAudit(tx, ctx, {
            action: 'duty.complete',
            entity: 'duty',
            entityId: duty.id,
            before: { status: duty.status },
            after: { status: 'done', completedOn: v.visitedOn, visitId: id },
          });
        }
      }
      await dropDraftOfVisit(tx, v.clientId);
      await writeAudit(tx, ctx, visitCreatedAudit(v, id, issueCount));
      return { id, created: true };
    });
  } catch (e) {
    // A concurrent writer on another connection made it first: that record is the answer.
    if (isClientIdTaken(e)) {
      const existing = await visitOfClientId(db, v.clientId);
      if (existing && existing.employeeId === v.employeeId) return ok({ id: existing.id, created: false });
    }
    throw e;
  }
}

/**
 * A submission from a device: checked, then recorded. A replay whose duty,
 * booking or households have since changed no longer checks out but is still
 * the record it made; a replay that still checks out gets its record from
 * inside the unit of work.
 */
export async function submitVisit(
  db: Db,
  actor: Actor,
  body: VisitInput,
  clock: VisitClock,
  ctx: AuditContext,
): Promise<Result<{ id: number; created: boolean }, AppError>> {
  const checked = await checkVisit(db, actor, body, clock);
  if (checked.ok) return recordVisit(db, checked.value, ctx);
  const existing = await visitOfClientId(db, body.clientId);
  return existing ? replayOf(existing, actor.employeeId) : checked;
}

/** Whether the caller may read a visit; its households are looked at only when nothing else lets them. */
export async function mayReadVisit(
  db: Db,
  actor: Actor,
  v: VisitSummary & { staff?: { id: number }[] },
): Promise<boolean> {
  return mayReadVisitDirectly(actor, v) || mayReadVisitThrough(actor, await householdRefs(db, v.householdIds));
}

export type TimelineEntry =
  | { kind: 'visit'; on: IsoDate; at: string; visit: VisitSummary; issues: RaisedIssue[] }
  | { kind: 'booking'; on: IsoDate; at: string; booking: HouseholdBookingHistory }
  | { kind: 'ticket'; on: IsoDate; at: string; ticket: TicketRecord };

/** Where an entry stands in the timeline's order, and so the cursor of a page that ends with it. */
const keyOf = (e: TimelineEntry): TimelineKey => ({
  on: e.on,
  at: e.at,
  kind: e.kind,
  id: e.kind === 'visit' ? e.visit.id : e.kind === 'booking' ? e.booking.id : e.ticket.id,
});

export type TimelinePage = { entries: TimelineEntry[]; nextCursor: string | null };

/**
 * A page of a household's touchpoints, newest first: reception bookings,
 * visits with what was raised, and complaint and repair tickets (by when they
 * were accepted), those after `after` when given. Each kind is read from the
 * database after the same key, at most `limit + 1` rows each; the page is the
 * first `limit` of the three merged, and a further entry among them means
 * there is a next page, whose cursor is the key of this page's last entry.
 */
export async function householdTimeline(
  db: Db,
  householdId: number,
  page: { after?: TimelineKey | undefined; limit: number } = { limit: TIMELINE_PAGE.default },
): Promise<TimelinePage> {
  const fetch = { after: page.after, limit: page.limit + 1 };
  const [visits, bookings, tickets] = await Promise.all([
    householdVisitsPage(db, householdId, fetch),
    householdBookingsPage(db, householdId, fetch),
    householdTicketsPage(db, householdId, fetch),
  ]);
  const merged: TimelineEntry[] = [
    ...visits.map((visit) => ({
      kind: 'visit' as const,
      on: visit.visitedOn,
      at: visit.visitedAt,
      visit,
      issues: [] as RaisedIssue[],
    })),
    ...bookings.map((booking) => ({ kind: 'booking' as const, on: booking.date, at: booking.startsAt, booking })),
    ...tickets.map((ticket) => ({
      kind: 'ticket' as const,
      on: shanghaiDate(ticket.acceptedAt),
      at: shanghaiClock(ticket.acceptedAt),
      ticket,
    })),
  ].sort((a, b) => compareTimelineKeys(keyOf(a), keyOf(b)));
  const entries = merged.slice(0, page.limit);
  const raised = await issuesRaisedBy(
    db,
    entries.flatMap((e) => (e.kind === 'visit' ? [e.visit.id] : [])),
  );
  for (const e of entries) if (e.kind === 'visit') e.issues = raised.get(e.visit.id) ?? [];
  const last = entries.at(-1);
  return { entries, nextCursor: merged.length > page.limit && last ? timelineCursor(keyOf(last)) : null };
}

/**
 * Keeps the server copy of a draft. A draft whose visit was already submitted
 * is not resurrected, and one client id never crosses to another person.
 */
export async function saveVisitDraft(
  db: Db,
  employeeId: number,
  d: Omit<VisitDraft, 'updatedAt'>,
  at: number,
): Promise<'saved' | 'submitted' | 'not_yours'> {
  const saved = await unitOfWork(db, async (tx) => {
    const visit = await visitOfClientId(tx, d.clientId);
    if (visit) throw new Refusal(visit.employeeId === employeeId ? { code: 'CONFLICT' } : CLIENT_ID_REUSED);
    const owner = await visitDraftOwner(tx, d.clientId);
    if (owner !== undefined && owner !== employeeId) throw new Refusal(CLIENT_ID_REUSED);
    await upsertVisitDraft(tx, employeeId, d, at);
  });
  return saved.ok ? 'saved' : saved.error.code === 'CONFLICT' ? 'submitted' : 'not_yours';
}

/** Drops one of the caller's drafts; someone else's, or none, is left alone. */
export async function discardVisitDraft(db: Db, employeeId: number, clientId: string): Promise<void> {
  await unitOfWork(db, (tx) => deleteVisitDraft(tx, employeeId, clientId));
}
