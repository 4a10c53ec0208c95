import {
  addDaysIso,
  applyTicketMove,
  computeSla,
  createWorkingTime,
  defaultSlaLimits,
  FOLLOW_UP_DAYS,
  instantAtFraction,
  isOpenTicket,
  isSafeEmail,
  OPEN_TICKET_STATUSES,
  oneWorkingDayAfter,
  shanghaiDate,
  ticketClockOf,
  ticketContribution,
  ticketMail,
  ticketQueueOf,
  warrantyVerdict,
  type Actor,
  type Employee,
  type IsoDate,
  type SlaClock,
  type SlaLimits,
  type TicketFacts,
  type TicketInput,
  type TicketListQuery,
  type TicketMailKind,
  type TicketMoveInput,
  type TicketOutcome,
  type TicketStatus,
  type WorkCalendar,
  type WorkingTime,
} from '@frontline/core';
import {
  addTicketMonthly,
  cancelOpenTicketFollowUps,
  enqueueMail,
  getBooking,
  getCategory,
  getCommonIssueRecord,
  getImprovementPlanRecord,
  getEmployee,
  getHousehold,
  getProject,
  getTicket,
  getTicketByClientId,
  inTransaction,
  insertTicket,
  insertTicketEvent,
  insertTicketFollowUp,
  insertTicketNote,
  linkTicketPhotos,
  listEmployees,
  loadWorkCalendar,
  openTicketClockInputs,
  allProjectServiceHours,
  writeTicketClocks,
  type TicketClockCache,
  projectServiceHours,
  Refusal,
  routeFor,
  saveTicket,
  saveTicketClock,
  saveTicketFollowUp,
  slaLimitsFor,
  ticketEvents,
  ticketFollowUps,
  ticketOfVisitIssue,
  ticketsWithClockWorkDue,
  unitOfWork,
  visitIssueRef,
  warrantyPeriodFor,
  writeAudit,
  type AuditContext,
  type Db,
  type Executor,
  type MailSettings,
  type Reader,
  type TicketListFilter,
  type TicketPatch,
  type TicketRecord,
  employeeNames,
  getHouseholds,
  listTickets,
} from '@frontline/db';
import { scopeRefs } from '../../http/scope.ts';
import { mayMakeMove, seesBoard } from './policy.ts';
import { ticketListItem } from './views.ts';

/**
 * Complaint and repair tickets. Every change is one unit of work: the ticket
 * row (guarded by its version, so a concurrent move is refused as a conflict
 * and writes nothing), its history line (from which the SLA clock is
 * replayed), its audit entry, its mail in the outbox and its share of the
 * monthly totals. The lifecycle is core's (applyTicketMove); the decisions
 * that need data (where a ticket is routed, its limits and warranty, who
 * follows it up, whom to tell) are made here.
 */

/** The reminder goes to the handler when this much of the resolution time is used. */
export const REMIND_AT_FRACTION = 0.75;

export type TicketServiceContext = AuditContext & { actorId: number };

/** The working time of a project: the one calendar and the project's hours. */
async function workingTimeOf(x: Reader, calendar: WorkCalendar, projectId: number): Promise<WorkingTime> {
  return createWorkingTime(calendar, (await projectServiceHours(x, projectId))?.hours);
}

/** The limits that hold for a ticket: the configured row for its category and severity, else core's defaults. */
export async function limitsOf(
  x: Reader,
  t: Pick<TicketRecord, 'categoryId' | 'severity' | 'scope'>,
): Promise<SlaLimits> {
  const row = await slaLimitsFor(x, { categoryId: t.categoryId, severity: t.severity });
  if (!row) return defaultSlaLimits(t.severity, t.scope);
  return {
    firstResponseDays: row.firstResponseDays,
    resolveDays: t.scope === 'single_line' ? row.resolveSingleDays : row.resolveCrossDays,
  };
}

/** The cached deadlines a clock gives the ticket row: for the board's queries and the scheduler. */
export function clockPatch(wt: WorkingTime, clock: SlaClock, now: number): TicketPatch {
  const running = !clock.stopped;
  return {
    firstResponseBy: clock.firstResponseBy,
    resolveBy: clock.resolveBy,
    breached: clock.breached,
    remindAt: running ? (instantAtFraction(wt, clock, REMIND_AT_FRACTION, now) ?? now) : null,
    escalateAt: running ? oneWorkingDayAfter(wt, clock.resolveBy) : null,
  };
}

/** A ticket's clock now, replayed from its history. */
export async function ticketClock(
  calendar: WorkCalendar,
  x: Reader,
  ticket: TicketRecord,
  now: number,
): Promise<{ clock: SlaClock; wt: WorkingTime }> {
  const [wt, limits, events] = await Promise.all([
    workingTimeOf(x, calendar, ticket.projectId),
    limitsOf(x, ticket),
    ticketEvents(x, ticket.id),
  ]);
  return { clock: computeSla(wt, events, limits, now, ticket.firstResponseAt), wt };
}

/** What the monthly totals need of a ticket after a change. */
function outcomeOf(
  t: TicketRecord,
  patch: TicketPatch,
  clock: SlaClock,
  wt: WorkingTime,
  followedUpAt: number | null,
): TicketOutcome {
  const status = patch.status ?? t.status;
  const closedAt = isOpenTicket(status) ? null : (patch.closedAt ?? t.closedAt);
  return {
    type: t.type,
    status,
    closedAt,
    closedMonth: closedAt === null ? null : shanghaiDate(closedAt).slice(0, 7),
    onTime: !clock.breached,
    firstResponseOnTime: !clock.firstResponseLate,
    reopenCount: patch.reopenCount ?? t.reopenCount,
    everClosedUnaccepted: patch.everClosedUnaccepted ?? t.everClosedUnaccepted,
    followedUpAt,
    workingDaysToClose: clock.elapsedMs / wt.dayLengthMs,
  };
}

/** Replaces the ticket's share of the monthly totals with its share after the change (both in this transaction). */
async function recount(tx: Executor, t: TicketRecord, outcome: TicketOutcome): Promise<TicketPatch> {
  const next = ticketContribution(outcome);
  const key = { regionId: t.regionId, projectId: t.projectId, type: t.type };
  if (t.counted) await addTicketMonthly(tx, { ...key, month: t.counted.month }, t.counted.totals, -1);
  if (next) await addTicketMonthly(tx, { ...key, month: next.month }, next.totals, 1);
  return { counted: next };
}

async function activeEmployee(x: Reader, id: number): Promise<Employee | undefined> {
  const e = await getEmployee(x, id);
  return e?.active ? e : undefined;
}

/** A handler must be active and work where the ticket is (its project, or its region's office). */
async function requireHandler(x: Reader, id: number, ticket: { regionId: number; projectId: number }, field: string) {
  const e = await activeEmployee(x, id);
  const covers =
    e !== undefined &&
    e.position !== 'hr_admin' &&
    (e.regionId === null ||
      (e.regionId === ticket.regionId && (e.projectId === null || e.projectId === ticket.projectId)));
  if (!covers) throw new Refusal({ code: 'TICKET_HANDLER_INVALID', fields: { [field]: 'TICKET_HANDLER_INVALID' } });
  return e;
}

async function tell(
  tx: Executor,
  mail: MailSettings | null,
  to: Employee | undefined,
  kind: TicketMailKind,
  t: TicketRecord,
  resolveBy: number,
  at: number,
): Promise<void> {
  if (!mail || !to?.email || !isSafeEmail(to.email) || !to.active) return;
  const project = await getProject(tx, t.projectId);
  const draft = ticketMail({
    to: { name: to.name, email: to.email, locale: to.language },
    recipientId: to.id,
    kind,
    ticket: {
      id: t.id,
      type: t.type,
      description: t.description,
      projectName: project?.name ?? '',
      round: t.reopenCount,
    },
    resolveBy,
    link: `${mail.origin}/tickets/${t.id}`,
  });
  await enqueueMail(tx, { ...draft, employeeId: to.id }, at, mail.host);
}

/** People of a position over a ticket's project: its project heads, its region's president or customer-relations admins. */
async function peopleOver(
  x: Reader,
  t: { regionId: number; projectId: number },
  position: 'project_head' | 'regional_president' | 'cr_admin',
): Promise<Employee[]> {
  const { items } = await listEmployees(x, {
    regionId: t.regionId,
    ...(position === 'project_head' ? { projectId: t.projectId } : {}),
    position,
    limit: 20,
    offset: 0,
  });
  return items.filter((e) => e.active);
}

/**
 * Who follows a closed ticket up: a customer-relations employee other than
 * the handler, from the project first, then the region's office, then the
 * region's customer-relations admins; the first active one of them, by id.
 */
async function followUpEmployee(x: Reader, t: TicketRecord): Promise<Employee | undefined> {
  const candidates: Employee[] = [];
  const project = await listEmployees(x, {
    regionId: t.regionId,
    projectId: t.projectId,
    line: 'customer_relations',
    limit: 50,
    offset: 0,
  });
  candidates.push(...project.items);
  if (!candidates.some((e) => e.active && e.id !== t.handlerId)) {
    const office = await listEmployees(x, {
      regionId: t.regionId,
      regionOnly: true,
      line: 'customer_relations',
      limit: 50,
      offset: 0,
    });
    candidates.push(...office.items, ...(await peopleOver(x, t, 'cr_admin')));
  }
  return candidates.find((e) => e.active && e.id !== t.handlerId && e.position !== 'hr_admin');
}

export type CreatedTicket = { id: number; created: boolean };

/**
 * Raises a ticket. The same client id again answers the ticket it made (a
 * double click, a retry on a weak signal) instead of a second one; a client
 * id reused for something else is refused. The route decides the handler,
 * the category the warranty, the severity and project the deadlines.
 */
export async function createTicket(
  db: Db,
  actor: Actor,
  input: TicketInput,
  ctx: TicketServiceContext & { mail: MailSettings | null },
) {
  const existing = await getTicketByClientId(db, input.clientId);
  if (existing) return sameTicket(existing, input);
  // Read before the unit of work: it holds the only connection, and the calendar is cached outside it.
  const calendar = await loadWorkCalendar(db);
  const result = await unitOfWork(
    db,
    async (tx): Promise<CreatedTicket> => {
      const again = await getTicketByClientId(tx, input.clientId);
      if (again) {
        const same = sameTicket(again, input);
        if (!same.ok) throw new Refusal(same.error);
        return same.value;
      }
      const household = await getHousehold(tx, input.householdId);
      if (!household) throw new Refusal({ code: 'NOT_FOUND' });
      const category = await getCategory(tx, input.categoryId);
      if (!category?.active)
        throw new Refusal({ code: 'TICKET_CATEGORY_INVALID', fields: { categoryId: 'TICKET_CATEGORY_INVALID' } });
      if (input.visitIssueId !== undefined) {
        const issue = await visitIssueRef(tx, input.visitIssueId);
        if (!issue || !issue.householdIds.includes(household.id))
          throw new Refusal({ code: 'VALIDATION_FAILED', fields: { visitIssueId: 'VALIDATION_FAILED' } });
        if (await ticketOfVisitIssue(tx, input.visitIssueId)) throw new Refusal({ code: 'TICKET_VISIT_ISSUE_TAKEN' });
      }
      if (input.bookingId !== undefined) {
        const booking = await getBooking(tx, input.bookingId);
        if (booking?.householdId !== household.id)
          throw new Refusal({ code: 'VALIDATION_FAILED', fields: { bookingId: 'VALIDATION_FAILED' } });
      }
      const where = { regionId: household.regionId, projectId: household.projectId };
      const route = await routeFor(tx, { categoryId: input.categoryId, projectId: household.projectId });
      const handler = route.handlerId === null ? undefined : await activeEmployee(tx, route.handlerId);
      const today = shanghaiDate(ctx.at);
      const service = await projectServiceHours(tx, household.projectId);
      const warranty =
        input.type === 'repair'
          ? warrantyVerdict(service?.completedOn ?? null, await warrantyPeriodFor(tx, input.categoryId), today)
          : { status: 'unknown' as const, endsOn: null };
      const wt = createWorkingTime(calendar, service?.hours);
      const limits = await limitsOf(tx, {
        categoryId: input.categoryId,
        severity: input.severity,
        scope: 'single_line',
      });
      const clock = computeSla(wt, [{ at: ctx.at, clock: 'running' }], limits, ctx.at, null);
      const cached = clockPatch(wt, clock, ctx.at);
      const id = await insertTicket(tx, {
        clientId: input.clientId,
        householdId: household.id,
        ...where,
        type: input.type,
        channel: input.channel,
        categoryId: input.categoryId,
        severity: input.severity,
        reporterKind: input.reporterKind,
        reporterName: input.reporterName,
        reporterPhone: input.reporterPhone,
        building: input.building || household.building,
        unit: input.unit || household.unit,
        room: input.room || household.room,
        area: input.area,
        description: input.description,
        handlerId: handler?.id ?? null,
        responsibleLine: route.line,
        visitIssueId: input.visitIssueId ?? null,
        bookingId: input.bookingId ?? null,
        warrantyStatus: warranty.status,
        warrantyEndsOn: warranty.endsOn,
        createdBy: actor.employeeId || null,
        acceptedAt: ctx.at,
        firstResponseBy: clock.firstResponseBy,
        resolveBy: clock.resolveBy,
        remindAt: cached.remindAt ?? null,
        escalateAt: cached.escalateAt ?? null,
        queue: ticketQueueOf(input.severity),
      });
      await insertTicketEvent(tx, {
        ticketId: id,
        at: ctx.at,
        actorId: ctx.actorId || null,
        move: 'accept',
        from: null,
        to: 'accepted',
        clock: 'running',
        details: { channel: input.channel, routedTo: handler?.id ?? null, line: route.line },
      });
      await linkTicketPhotos(tx, id, input.photoIds);
      await writeAudit(tx, ctx, {
        action: 'ticket.accept',
        entity: 'ticket',
        entityId: id,
        after: {
          householdId: household.id,
          type: input.type,
          channel: input.channel,
          categoryId: input.categoryId,
          severity: input.severity,
          handlerId: handler?.id ?? null,
        },
      });
      const ticket = (await getTicket(tx, id))!;
      if (handler) await tell(tx, ctx.mail, handler, 'assigned', ticket, clock.resolveBy, ctx.at);
      if (input.severity !== 'general')
        await alertSeverity(tx, ctx.mail, ticket, input.severity, clock.resolveBy, ctx.at);
      return { id, created: true };
    },
    () => ({ code: 'CONFLICT' }),
  );
  if (!result.ok && result.error.code === 'CONFLICT') {
    // Two requests with one client id raced: the loser answers the winner's ticket.
    const winner = await getTicketByClientId(db, input.clientId);
    if (winner) return sameTicket(winner, input);
  }
  return result;
}

function sameTicket(t: TicketRecord, input: TicketInput) {
  const same = t.householdId === input.householdId && t.type === input.type && t.description === input.description;
  return same
    ? { ok: true as const, value: { id: t.id, created: false } }
    : { ok: false as const, error: { code: 'TICKET_CLIENT_ID_REUSED' as const } };
}

/** Major tickets reach the region's president (the regional general manager's queue); crisis tickets also the project head and customer relations, at once. */
async function alertSeverity(
  tx: Executor,
  mail: MailSettings | null,
  t: TicketRecord,
  severity: 'major' | 'crisis',
  resolveBy: number,
  at: number,
) {
  for (const p of await peopleOver(tx, t, 'regional_president'))
    await tell(tx, mail, p, severity === 'crisis' ? 'crisis' : 'regional', t, resolveBy, at);
  if (severity !== 'crisis') return;
  for (const p of [...(await peopleOver(tx, t, 'project_head')), ...(await peopleOver(tx, t, 'cr_admin'))])
    await tell(tx, mail, p, 'crisis', t, resolveBy, at);
}

function factsOf(t: TicketRecord, openFollowUpBy: number | null): TicketFacts {
  return {
    status: t.status,
    resumeStatus: t.resumeStatus,
    type: t.type,
    handlerId: t.handlerId,
    severity: t.severity,
    reopenCount: t.reopenCount,
    everClosedUnaccepted: t.everClosedUnaccepted,
    followedUpBy: openFollowUpBy,
  };
}

/** The common issue and plan a ticket is fed back to must exist. */
async function requireFeedbackLinks(
  tx: Executor,
  input: { commonIssueId?: number; improvementPlanId?: number },
): Promise<void> {
  if (input.commonIssueId !== undefined && !(await getCommonIssueRecord(tx, input.commonIssueId)))
    throw new Refusal({ code: 'VALIDATION_FAILED', fields: { commonIssueId: 'VALIDATION_FAILED' } });
  if (input.improvementPlanId !== undefined && !(await getImprovementPlanRecord(tx, input.improvementPlanId)))
    throw new Refusal({ code: 'VALIDATION_FAILED', fields: { improvementPlanId: 'VALIDATION_FAILED' } });
}

/** What a move writes on the ticket row, beyond its status. */
function movePatch(t: TicketRecord, input: TicketMoveInput, at: number): TicketPatch {
  switch (input.move) {
    case 'confirm':
      return {};
    case 'dismiss':
      return { dismissReason: input.reason, explanation: input.explanation, closedAt: at };
    case 'assess':
      return { severity: input.severity, scope: input.scope, queue: ticketQueueOf(input.severity) };
    case 'investigate':
      return { cause: input.cause, responsibleLine: input.responsibleLine, evidence: input.evidence ?? '' };
    case 'handle':
      return { actions: input.actions, handlerId: input.assigneeId, promisedOn: input.promisedOn };
    case 'wait':
      return { waitReason: input.reason };
    case 'resume':
      return { waitReason: null };
    case 'close':
      return input.accepted
        ? { acceptedHow: input.acceptedHow, closeReason: null, closedAt: at }
        : {
            acceptedHow: null,
            closeReason: input.reason,
            closedAt: at,
            everClosedUnaccepted: true,
          };
    case 'follow_up':
      return {};
    case 'feedback':
      return {
        ...(input.commonIssueId !== undefined && { commonIssueId: input.commonIssueId }),
        ...(input.improvementPlanId !== undefined && { improvementPlanId: input.improvementPlanId }),
      };
    case 'reopen':
      return {};
    case 'assign':
      return { handlerId: input.assigneeId };
  }
}

/** What the history line keeps of a move's input (free text as given; it is shown to those who may see the ticket). */
function detailsOf(input: TicketMoveInput): Record<string, unknown> {
  const { move: _move, ...rest } = input;
  return rest;
}

/**
 * Makes a move on a ticket, or refuses it: 404 when the caller may not see
 * the ticket (the route checks), 403 when the move is not theirs, 422 when
 * the lifecycle does not allow it from the ticket's status (with the
 * reason), 409 when the ticket moved since `expectedVersion` or meanwhile.
 */
export async function moveTicket(
  db: Db,
  actor: Actor,
  id: number,
  input: TicketMoveInput,
  ctx: TicketServiceContext & { mail: MailSettings | null; expectedVersion?: number },
) {
  const calendar = await loadWorkCalendar(db);
  return unitOfWork(db, async (tx) => {
    const t = await getTicket(tx, id);
    if (!t) throw new Refusal({ code: 'NOT_FOUND' });
    if (ctx.expectedVersion !== undefined && ctx.expectedVersion !== t.version) throw new Refusal({ code: 'CONFLICT' });
    const followUps = await ticketFollowUps(tx, t.id);
    const followUp = followUps.find((f) => f.recordedAt === null);
    if (!mayMakeMove(actor, t, input.move, followUp?.employeeId ?? null))
      throw new Refusal({ code: 'TICKET_MOVE_NOT_YOURS' });
    const today = shanghaiDate(ctx.at);
    const change = applyTicketMove(factsOf(t, followUp?.employeeId ?? null), input, {
      actorId: actor.employeeId,
      today,
    });
    if (!change.ok) throw new Refusal(change.error);
    if (input.move === 'handle' || input.move === 'assign') await requireHandler(tx, input.assigneeId, t, 'assigneeId');
    if (input.move === 'feedback') await requireFeedbackLinks(tx, input);
    const to: TicketStatus = change.value.to;
    const patch: TicketPatch = { ...movePatch(t, input, ctx.at), status: to };
    if (change.value.resumeStatus !== undefined) patch.resumeStatus = change.value.resumeStatus;
    if (change.value.reopened) patch.reopenCount = t.reopenCount + 1;
    // The first answer the customer gets: confirming or answering the ticket (a progress note counts too).
    if (t.firstResponseAt === null && (input.move === 'confirm' || input.move === 'dismiss'))
      patch.firstResponseAt = ctx.at;
    if (change.value.reopened) {
      patch.remindedAt = null;
      patch.breachToldAt = null;
      patch.escalatedAt = null;
    }

    let followedUpAt: number | null = null;
    if (input.move === 'follow_up') {
      if (followUp) {
        if (!(await saveTicketFollowUp(tx, followUp, { ...input, at: ctx.at, on: today })))
          throw new Refusal({ code: 'CONFLICT' });
      }
      followedUpAt = ctx.at;
    }
    if (change.value.reopened) await cancelOpenTicketFollowUps(tx, t.id, ctx.at);

    await insertTicketEvent(tx, {
      ticketId: t.id,
      at: ctx.at,
      actorId: actor.employeeId || null,
      move: input.move,
      from: t.status,
      to,
      clock: ticketClockOf(to),
      details: detailsOf(input),
    });
    const { clock, wt } = await ticketClock(
      calendar,
      tx,
      { ...t, ...patch, firstResponseAt: patch.firstResponseAt ?? t.firstResponseAt },
      ctx.at,
    );
    Object.assign(patch, clockPatch(wt, clock, ctx.at));
    // A close keeps its follow-up's time for the totals until a reopen starts a new round.
    const lastFollowUp = followUps.filter((f) => f.recordedAt !== null).at(-1);
    const roundFollowedUp =
      followedUpAt ??
      (lastFollowUp && t.closedAt !== null && lastFollowUp.recordedAt! >= t.closedAt ? lastFollowUp.recordedAt : null);
    Object.assign(
      patch,
      await recount(tx, t, outcomeOf(t, patch, clock, wt, change.value.reopened ? null : roundFollowedUp)),
    );
    if (!(await saveTicket(tx, t, patch, ctx.at))) throw new Refusal({ code: 'CONFLICT' });
    await writeAudit(tx, ctx, {
      action: `ticket.${input.move}`,
      entity: 'ticket',
      entityId: t.id,
      before: { status: t.status, handlerId: t.handlerId },
      after: { status: to, ...detailsOf(input) },
    });

    const after = (await getTicket(tx, t.id))!;
    // A crisis is in the regional queue too: its alert reaches the regional president along with the others.
    const alert = change.value.effects.includes('crisis_alert')
      ? 'crisis'
      : change.value.effects.includes('queue_regional')
        ? 'major'
        : null;
    if (alert) await alertSeverity(tx, ctx.mail, after, alert, clock.resolveBy, ctx.at);
    for (const effect of change.value.effects) {
      if (effect === 'tell_assignee' && after.handlerId !== null)
        await tell(tx, ctx.mail, await getEmployee(tx, after.handlerId), 'assigned', after, clock.resolveBy, ctx.at);
      if (effect === 'tell_handler_reopened' && after.handlerId !== null) {
        const handler = await getEmployee(tx, after.handlerId);
        await tell(tx, ctx.mail, handler, 'reopened', after, clock.resolveBy, ctx.at);
        if (handler?.managerId)
          await tell(
            tx,
            ctx.mail,
            await getEmployee(tx, handler.managerId),
            'reopened',
            after,
            clock.resolveBy,
            ctx.at,
          );
      }
      if (effect === 'create_follow_up') await createFollowUp(tx, after, followUps.length + 1, today, ctx.at);
    }
    return { id: t.id, status: to };
  });
}

/** The follow-up duty of a close: due within FOLLOW_UP_DAYS, for someone other than the handler. */
async function createFollowUp(tx: Executor, t: TicketRecord, round: number, today: IsoDate, at: number): Promise<void> {
  const who = await followUpEmployee(tx, t);
  if (!who) return;
  await insertTicketFollowUp(
    tx,
    {
      ticketId: t.id,
      round,
      employeeId: who.id,
      regionId: t.regionId,
      projectId: t.projectId,
      householdId: t.householdId,
    },
    { from: today, to: addDaysIso(today, FOLLOW_UP_DAYS) },
    at,
  );
}

/** A customer-facing progress note: what the customer was told, how; the first one is the ticket's first response if none came before. */
export async function addTicketNote(
  db: Db,
  id: number,
  note: { toldVia: string; text: string },
  ctx: TicketServiceContext,
) {
  return unitOfWork(db, async (tx) => {
    const t = await getTicket(tx, id);
    if (!t) throw new Refusal({ code: 'NOT_FOUND' });
    const noteId = await insertTicketNote(tx, id, { at: ctx.at, authorId: ctx.actorId, ...note });
    await saveTicketClock(tx, id, {
      lastNoteAt: ctx.at,
      ...(t.firstResponseAt === null ? { firstResponseAt: ctx.at } : {}),
    });
    await writeAudit(tx, ctx, {
      action: 'ticket.note',
      entity: 'ticket',
      entityId: id,
      after: { noteId, toldVia: note.toldVia },
    });
    return noteId;
  });
}

/**
 * The scheduler's ticket work, every tick: for each open ticket whose cached
 * reminder, breach or escalation instant has come, replay its clock (the
 * calendar or a pause may have moved it), then remind the handler at 75%,
 * tell their manager at breach, and the project head one working day after.
 * Each mail has its dedupe key and each mark is set in the same transaction,
 * so a tick that runs twice sends nothing twice.
 */
export async function runTicketClocks(db: Db, o: { now: number; mail: MailSettings | null }): Promise<number> {
  const due = await ticketsWithClockWorkDue(db, o.now);
  const calendar = await loadWorkCalendar(db);
  let sent = 0;
  for (const candidate of due) {
    await inTransaction(db, async (tx) => {
      const t = await getTicket(tx, candidate.id);
      if (!t || !isOpenTicket(t.status) || t.status === 'awaiting_customer') return;
      const { clock, wt } = await ticketClock(calendar, tx, t, o.now);
      const patch: TicketPatch = clockPatch(wt, clock, o.now);
      const handler = t.handlerId === null ? undefined : await getEmployee(tx, t.handlerId);
      if (t.remindedAt === null && clock.usedFraction >= REMIND_AT_FRACTION) {
        await tell(tx, o.mail, handler, 'reminder', t, clock.resolveBy, o.now);
        patch.remindedAt = o.now;
        sent++;
      }
      if (t.breachToldAt === null && clock.breached) {
        const manager = handler?.managerId ? await getEmployee(tx, handler.managerId) : undefined;
        const told = manager ? [manager] : await peopleOver(tx, t, 'cr_admin');
        for (const m of told) await tell(tx, o.mail, m, 'breached', t, clock.resolveBy, o.now);
        patch.breachToldAt = o.now;
        sent++;
      }
      if (t.escalatedAt === null && clock.breached && o.now >= oneWorkingDayAfter(wt, clock.resolveBy)) {
        for (const head of await peopleOver(tx, t, 'project_head'))
          await tell(tx, o.mail, head, 'escalated', t, clock.resolveBy, o.now);
        patch.escalatedAt = o.now;
        sent++;
      }
      await saveTicketClock(tx, t.id, patch);
    });
  }
  return sent;
}

/**
 * Recomputes every open ticket's cached deadlines from its history, after
 * the calendar, a project's hours or the limits change: one read of every
 * open ticket and its history, the replay, one write. Answers how many
 * tickets it looked at.
 */
export async function recomputeOpenTicketClocks(db: Db, now: number, calendar?: WorkCalendar): Promise<number> {
  const cal = calendar ?? (await loadWorkCalendar(db));
  const [inputs, hours] = await Promise.all([openTicketClockInputs(db), allProjectServiceHours(db)]);
  const times = new Map<number, WorkingTime>();
  const limitCache = new Map<string, SlaLimits>();
  const caches: TicketClockCache[] = [];
  for (const t of inputs) {
    let wt = times.get(t.projectId);
    if (!wt) {
      wt = createWorkingTime(cal, hours.get(t.projectId));
      times.set(t.projectId, wt);
    }
    const key = `${t.categoryId}:${t.severity}:${t.scope}`;
    let limits = limitCache.get(key);
    if (!limits) {
      limits = await limitsOf(db, t);
      limitCache.set(key, limits);
    }
    const clock = computeSla(wt, t.events, limits, now, t.firstResponseAt);
    const cached = clockPatch(wt, clock, now);
    caches.push({
      id: t.id,
      firstResponseBy: clock.firstResponseBy,
      resolveBy: clock.resolveBy,
      breached: clock.breached,
      remindAt: cached.remindAt ?? null,
      escalateAt: cached.escalateAt ?? null,
    });
  }
  await writeTicketClocks(db, caches);
  return inputs.length;
}

/** Within this many working hours of its limit a ticket is "breaching soon" on the board (wall-clock hours, cached). */
const BREACHING_SOON_MS = 4 * 3600_000;

/** What a list query means for the caller (the list route and the home page): the board's queues for dispatchers, their own tickets for everyone else. */
export function ticketListFilter(actor: Actor, q: TicketListQuery, now: number): TicketListFilter {
  const board = seesBoard(actor) && q.queue !== 'mine';
  const scope: Pick<TicketListFilter, 'regionIds' | 'projectIds' | 'involving' | 'handlerId'> = board
    ? { ...scopeRefs(actor), involving: actor.employeeId }
    : q.queue === 'mine'
      ? { handlerId: actor.employeeId }
      : { ...scopeRefs(actor), involving: actor.employeeId };
  const open = [...OPEN_TICKET_STATUSES];
  const running = open.filter((s) => s !== 'awaiting_customer');
  const queue: Partial<TicketListFilter> =
    q.queue === 'unassigned'
      ? { unassigned: true, statuses: open }
      : q.queue === 'breaching_soon'
        ? { statuses: running, resolveByAfter: now, resolveByBefore: now + BREACHING_SOON_MS }
        : q.queue === 'breached'
          ? { statuses: running, resolveByBefore: now }
          : q.queue === 'waiting'
            ? { statuses: ['awaiting_customer'] }
            : q.queue === 'regional'
              ? { queue: 'regional', statuses: open }
              : q.queue === 'mine'
                ? { statuses: q.open === 'false' ? undefined : open }
                : {};
  return {
    ...scope,
    ...queue,
    ...(q.status ? { statuses: [q.status] } : q.open === 'true' && !queue.statuses ? { statuses: open } : {}),
    ...(q.type && { type: q.type }),
    ...(q.projectId !== undefined && { projectId: q.projectId }),
    ...(q.householdId !== undefined && { householdId: q.householdId }),
    ...(q.categoryId !== undefined && { categoryId: q.categoryId }),
    ...(q.severity && { severity: q.severity }),
    limit: q.limit,
    offset: q.offset,
  };
}

export async function ticketList(db: Db, actor: Actor, filter: TicketListFilter, now: number) {
  const { tickets, total } = await listTickets(db, filter);
  const [households, names] = await Promise.all([
    getHouseholds(db, [...new Set(tickets.map((t) => t.householdId))]),
    employeeNames(
      db,
      tickets.flatMap((t) => (t.handlerId === null ? [] : [t.handlerId])),
    ),
  ]);
  const byId = new Map(households.map((h) => [h.id, h]));
  return {
    tickets: tickets.map((t) => ticketListItem(actor, t, byId.get(t.householdId), names, now)),
    total,
  };
}
