import {
  type AcceptanceWay,
  type DismissReason,
  type IsoDate,
  type Line,
  type ReporterKind,
  type TicketChannel,
  type TicketScope,
  type TicketSeverity,
  type TicketStatus,
  type TicketTotals,
  type TicketType,
  type TimelineKey,
  type WaitingFrom,
  type WaitReason,
  OPEN_TICKET_STATUSES,
  TICKET_CHANNELS,
  TICKET_SCOPES,
  TICKET_SEVERITIES,
  TICKET_STATUSES,
  TICKET_TYPES,
  REPORTER_KINDS,
  WAITING_FROM,
  WAIT_REASONS,
  ACCEPTANCE_WAYS,
  DISMISS_REASONS,
  LINES,
  afterCursorAtItsMinute,
  shanghaiMinuteStart,
} from '@frontline/core';
import { sql, type Selectable } from 'kysely';
import { z } from 'zod';
import type { TicketTable } from '../schema.ts';
import { executorOf, type Executor, type Reader } from '../unit-of-work.ts';
import { oneOf, oneOfOrNull } from './columns.ts';

/**
 * Complaint and repair tickets, their history, customer-facing notes,
 * photos, follow-ups and monthly totals. The ticket row carries its SLA
 * deadlines as last computed (for the dispatch board's queries and the
 * scheduler); the truth is the history in `ticket_events`, from which the
 * service recomputes them.
 */

export type TicketRecord = {
  id: number;
  clientId: string;
  householdId: number;
  projectId: number;
  regionId: number;
  type: TicketType;
  channel: TicketChannel;
  categoryId: number;
  severity: TicketSeverity;
  scope: TicketScope;
  status: TicketStatus;
  resumeStatus: WaitingFrom | null;
  waitReason: WaitReason | null;
  queue: 'regional' | null;
  reporterKind: ReporterKind;
  reporterName: string;
  reporterPhone: string;
  building: string;
  unit: string;
  room: string;
  area: string;
  description: string;
  handlerId: number | null;
  responsibleLine: Line | null;
  cause: string;
  evidence: string;
  actions: string;
  promisedOn: IsoDate | null;
  acceptedHow: AcceptanceWay | null;
  closeReason: string | null;
  dismissReason: DismissReason | null;
  explanation: string | null;
  commonIssueId: number | null;
  improvementPlanId: number | null;
  visitIssueId: number | null;
  bookingId: number | null;
  warrantyStatus: 'in_warranty' | 'out_of_warranty' | 'unknown';
  warrantyEndsOn: IsoDate | null;
  createdBy: number | null;
  acceptedAt: number;
  firstResponseAt: number | null;
  closedAt: number | null;
  reopenCount: number;
  everClosedUnaccepted: boolean;
  firstResponseBy: number;
  resolveBy: number;
  breached: boolean;
  remindAt: number | null;
  escalateAt: number | null;
  lastNoteAt: number | null;
  remindedAt: number | null;
  breachToldAt: number | null;
  escalatedAt: number | null;
  counted: { month: string; totals: TicketTotals } | null;
  version: number;
  updatedAt: number;
};

function parseCounted(text: string | null): TicketRecord['counted'] {
  if (text === null) return null;
  const value: unknown = JSON.parse(text);
  const parsed = countedShape.safeParse(value);
  return parsed.success ? parsed.data : null;
}

const countedShape = z.object({
  month: z.string(),
  totals: z.object({
    closed: z.number(),
    closed_on_time: z.number(),
    first_time_closed: z.number(),
    followed_up_in_time: z.number(),
    first_response_on_time: z.number(),
    reopened: z.number(),
    dismissed: z.number(),
    close_working_days: z.number(),
  }),
});

function toRecord(r: Selectable<TicketTable>): TicketRecord {
  return {
    id: r.id,
    clientId: r.client_id,
    householdId: r.household_id,
    projectId: r.project_id,
    regionId: r.region_id,
    type: oneOf(TICKET_TYPES, r.type, 'tickets.type'),
    channel: oneOf(TICKET_CHANNELS, r.channel, 'tickets.channel'),
    categoryId: r.category_id,
    severity: oneOf(TICKET_SEVERITIES, r.severity, 'tickets.severity'),
    scope: oneOf(TICKET_SCOPES, r.scope, 'tickets.scope'),
    status: oneOf(TICKET_STATUSES, r.status, 'tickets.status'),
    resumeStatus: oneOfOrNull(WAITING_FROM, r.resume_status, 'tickets.resume_status'),
    waitReason: oneOfOrNull(WAIT_REASONS, r.wait_reason, 'tickets.wait_reason'),
    queue: r.queue === 'regional' ? 'regional' : null,
    reporterKind: oneOf(REPORTER_KINDS, r.reporter_kind, 'tickets.reporter_kind'),
    reporterName: r.reporter_name,
    reporterPhone: r.reporter_phone,
    building: r.building,
    unit: r.unit,
    room: r.room,
    area: r.area,
    description: r.description,
    handlerId: r.handler_id,
    responsibleLine: oneOfOrNull(LINES, r.responsible_line, 'tickets.responsible_line'),
    cause: r.cause,
    evidence: r.evidence,
    actions: r.actions,
    promisedOn: r.promised_on,
    acceptedHow: oneOfOrNull(ACCEPTANCE_WAYS, r.accepted_how, 'tickets.accepted_how'),
    closeReason: r.close_reason,
    dismissReason: oneOfOrNull(DISMISS_REASONS, r.dismiss_reason, 'tickets.dismiss_reason'),
    explanation: r.explanation,
    commonIssueId: r.common_issue_id,
    improvementPlanId: r.improvement_plan_id,
    visitIssueId: r.visit_issue_id,
    bookingId: r.booking_id,
    warrantyStatus: oneOf(
      ['in_warranty', 'out_of_warranty', 'unknown'] as const,
      r.warranty_status,
      'tickets.warranty_status',
    ),
    warrantyEndsOn: r.warranty_ends_on,
    createdBy: r.created_by,
    acceptedAt: Number(r.accepted_at),
    firstResponseAt: r.first_response_at === null ? null : Number(r.first_response_at),
    closedAt: r.closed_at === null ? null : Number(r.closed_at),
    reopenCount: r.reopen_count,
    everClosedUnaccepted: r.ever_closed_unaccepted === 1,
    firstResponseBy: Number(r.first_response_by),
    resolveBy: Number(r.resolve_by),
    breached: r.breached === 1,
    remindAt: r.remind_at === null ? null : Number(r.remind_at),
    escalateAt: r.escalate_at === null ? null : Number(r.escalate_at),
    lastNoteAt: r.last_note_at === null ? null : Number(r.last_note_at),
    remindedAt: r.reminded_at === null ? null : Number(r.reminded_at),
    breachToldAt: r.breach_told_at === null ? null : Number(r.breach_told_at),
    escalatedAt: r.escalated_at === null ? null : Number(r.escalated_at),
    counted: parseCounted(r.counted),
    version: r.version,
    updatedAt: Number(r.updated_at),
  };
}

export type NewTicket = Pick<
  TicketRecord,
  | 'clientId'
  | 'householdId'
  | 'projectId'
  | 'regionId'
  | 'type'
  | 'channel'
  | 'categoryId'
  | 'severity'
  | 'reporterKind'
  | 'reporterName'
  | 'reporterPhone'
  | 'building'
  | 'unit'
  | 'room'
  | 'area'
  | 'description'
  | 'handlerId'
  | 'responsibleLine'
  | 'visitIssueId'
  | 'bookingId'
  | 'warrantyStatus'
  | 'warrantyEndsOn'
  | 'createdBy'
  | 'acceptedAt'
  | 'firstResponseBy'
  | 'resolveBy'
  | 'remindAt'
  | 'escalateAt'
  | 'queue'
>;

export async function insertTicket(tx: Executor, t: NewTicket): Promise<number> {
  const { id } = await tx
    .insertInto('tickets')
    .values({
      client_id: t.clientId,
      household_id: t.householdId,
      project_id: t.projectId,
      region_id: t.regionId,
      type: t.type,
      channel: t.channel,
      category_id: t.categoryId,
      severity: t.severity,
      status: 'accepted',
      queue: t.queue,
      reporter_kind: t.reporterKind,
      reporter_name: t.reporterName,
      reporter_phone: t.reporterPhone,
      building: t.building,
      unit: t.unit,
      room: t.room,
      area: t.area,
      description: t.description,
      handler_id: t.handlerId,
      responsible_line: t.responsibleLine,
      visit_issue_id: t.visitIssueId,
      booking_id: t.bookingId,
      warranty_status: t.warrantyStatus,
      warranty_ends_on: t.warrantyEndsOn,
      created_by: t.createdBy,
      accepted_at: t.acceptedAt,
      first_response_by: t.firstResponseBy,
      resolve_by: t.resolveBy,
      remind_at: t.remindAt,
      escalate_at: t.escalateAt,
      updated_at: t.acceptedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function getTicket(x: Reader, id: number): Promise<TicketRecord | undefined> {
  const row = await executorOf(x).selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

export async function getTicketByClientId(x: Reader, clientId: string): Promise<TicketRecord | undefined> {
  const row = await executorOf(x)
    .selectFrom('tickets')
    .selectAll()
    .where('client_id', '=', clientId)
    .executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

export async function ticketOfVisitIssue(x: Reader, visitIssueId: number): Promise<number | undefined> {
  const row = await executorOf(x)
    .selectFrom('tickets')
    .select('id')
    .where('visit_issue_id', '=', visitIssueId)
    .executeTakeFirst();
  return row?.id;
}

/** What a move may change on the ticket row. */
export type TicketPatch = Partial<
  Pick<
    TicketRecord,
    | 'status'
    | 'resumeStatus'
    | 'waitReason'
    | 'queue'
    | 'severity'
    | 'scope'
    | 'handlerId'
    | 'responsibleLine'
    | 'cause'
    | 'evidence'
    | 'actions'
    | 'promisedOn'
    | 'acceptedHow'
    | 'closeReason'
    | 'dismissReason'
    | 'explanation'
    | 'commonIssueId'
    | 'improvementPlanId'
    | 'firstResponseAt'
    | 'closedAt'
    | 'reopenCount'
    | 'everClosedUnaccepted'
    | 'firstResponseBy'
    | 'resolveBy'
    | 'breached'
    | 'remindAt'
    | 'escalateAt'
    | 'lastNoteAt'
    | 'remindedAt'
    | 'breachToldAt'
    | 'escalatedAt'
    | 'counted'
  >
>;

function columnsOf(p: TicketPatch) {
  return {
    ...(p.status !== undefined && { status: p.status }),
    ...(p.resumeStatus !== undefined && { resume_status: p.resumeStatus }),
    ...(p.waitReason !== undefined && { wait_reason: p.waitReason }),
    ...(p.queue !== undefined && { queue: p.queue }),
    ...(p.severity !== undefined && { severity: p.severity }),
    ...(p.scope !== undefined && { scope: p.scope }),
    ...(p.handlerId !== undefined && { handler_id: p.handlerId }),
    ...(p.responsibleLine !== undefined && { responsible_line: p.responsibleLine }),
    ...(p.cause !== undefined && { cause: p.cause }),
    ...(p.evidence !== undefined && { evidence: p.evidence }),
    ...(p.actions !== undefined && { actions: p.actions }),
    ...(p.promisedOn !== undefined && { promised_on: p.promisedOn }),
    ...(p.acceptedHow !== undefined && { accepted_how: p.acceptedHow }),
    ...(p.closeReason !== undefined && { close_reason: p.closeReason }),
    ...(p.dismissReason !== undefined && { dismiss_reason: p.dismissReason }),
    ...(p.explanation !== undefined && { explanation: p.explanation }),
    ...(p.commonIssueId !== undefined && { common_issue_id: p.commonIssueId }),
    ...(p.improvementPlanId !== undefined && { improvement_plan_id: p.improvementPlanId }),
    ...(p.firstResponseAt !== undefined && { first_response_at: p.firstResponseAt }),
    ...(p.closedAt !== undefined && { closed_at: p.closedAt }),
    ...(p.reopenCount !== undefined && { reopen_count: p.reopenCount }),
    ...(p.everClosedUnaccepted !== undefined && { ever_closed_unaccepted: p.everClosedUnaccepted ? 1 : 0 }),
    ...(p.firstResponseBy !== undefined && { first_response_by: p.firstResponseBy }),
    ...(p.resolveBy !== undefined && { resolve_by: p.resolveBy }),
    ...(p.breached !== undefined && { breached: p.breached ? 1 : 0 }),
    ...(p.remindAt !== undefined && { remind_at: p.remindAt }),
    ...(p.escalateAt !== undefined && { escalate_at: p.escalateAt }),
    ...(p.lastNoteAt !== undefined && { last_note_at: p.lastNoteAt }),
    ...(p.remindedAt !== undefined && { reminded_at: p.remindedAt }),
    ...(p.breachToldAt !== undefined && { breach_told_at: p.breachToldAt }),
    ...(p.escalatedAt !== undefined && { escalated_at: p.escalatedAt }),
    ...(p.counted !== undefined && { counted: p.counted === null ? null : JSON.stringify(p.counted) }),
  };
}

/**
 * Saves a change if the ticket is still at the version it was read at, and
 * raises the version: false when someone else moved it meanwhile (the caller
 * refuses with 409 and writes nothing else).
 */
export async function saveTicket(
  tx: Executor,
  ticket: { id: number; version: number },
  patch: TicketPatch,
  at: number,
): Promise<boolean> {
  const result = await tx
    .updateTable('tickets')
    .set({ ...columnsOf(patch), version: ticket.version + 1, updated_at: at })
    .where('id', '=', ticket.id)
    .where('version', '=', ticket.version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** A change the system makes without a version check (clock caches, reminder marks): it never changes what a person decided. */
export async function saveTicketClock(tx: Executor, id: number, patch: TicketPatch): Promise<void> {
  await tx.updateTable('tickets').set(columnsOf(patch)).where('id', '=', id).execute();
}

export type TicketEvent = {
  id: number;
  ticketId: number;
  at: number;
  actorId: number | null;
  move: string;
  from: TicketStatus | null;
  to: TicketStatus;
  clock: 'running' | 'paused' | 'stopped';
  details: Record<string, unknown>;
};

export async function insertTicketEvent(tx: Executor, e: Omit<TicketEvent, 'id'>): Promise<void> {
  await tx
    .insertInto('ticket_events')
    .values({
      ticket_id: e.ticketId,
      at: e.at,
      actor_id: e.actorId,
      move: e.move,
      from_status: e.from,
      to_status: e.to,
      clock: e.clock,
      details: JSON.stringify(e.details),
    })
    .execute();
}

const clockOfRow = (c: string): TicketEvent['clock'] =>
  c === 'paused' ? 'paused' : c === 'stopped' ? 'stopped' : 'running';

function parseDetails(text: string): Record<string, unknown> {
  const value: unknown = JSON.parse(text);
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? { ...value } : {};
}

export async function ticketEvents(x: Reader, ticketId: number): Promise<TicketEvent[]> {
  const rows = await executorOf(x)
    .selectFrom('ticket_events')
    .selectAll()
    .where('ticket_id', '=', ticketId)
    .orderBy('at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    ticketId: r.ticket_id,
    at: Number(r.at),
    actorId: r.actor_id,
    move: r.move,
    from: oneOfOrNull(TICKET_STATUSES, r.from_status, 'tickets.from_status'),
    to: oneOf(TICKET_STATUSES, r.to_status, 'tickets.to_status'),
    clock: clockOfRow(r.clock),
    details: parseDetails(r.details),
  }));
}

export type TicketNote = { id: number; at: number; authorId: number; toldVia: string; text: string };

export async function insertTicketNote(tx: Executor, ticketId: number, n: Omit<TicketNote, 'id'>): Promise<number> {
  const { id } = await tx
    .insertInto('ticket_notes')
    .values({ ticket_id: ticketId, at: n.at, author_id: n.authorId, told_via: n.toldVia, text: n.text })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function ticketNotes(x: Reader, ticketId: number): Promise<TicketNote[]> {
  const rows = await executorOf(x)
    .selectFrom('ticket_notes')
    .selectAll()
    .where('ticket_id', '=', ticketId)
    .orderBy('at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, at: Number(r.at), authorId: r.author_id, toldVia: r.told_via, text: r.text }));
}

export async function linkTicketPhotos(tx: Executor, ticketId: number, photoIds: readonly string[]): Promise<void> {
  if (photoIds.length === 0) return;
  await tx
    .insertInto('ticket_photos')
    .values(photoIds.map((photo_id) => ({ ticket_id: ticketId, photo_id })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function ticketPhotoIds(x: Reader, ticketId: number): Promise<string[]> {
  const rows = await executorOf(x)
    .selectFrom('ticket_photos')
    .select('photo_id')
    .where('ticket_id', '=', ticketId)
    .execute();
  return rows.map((r) => r.photo_id);
}

export type TicketFollowUp = {
  id: number;
  ticketId: number;
  round: number;
  dutyId: number;
  employeeId: number;
  dueOn: IsoDate;
  satisfaction: number | null;
  comments: string | null;
  recordedAt: number | null;
};

/** A follow-up round: a checkpoint-6 duty for the employee, and its row. */
export async function insertTicketFollowUp(
  tx: Executor,
  f: { ticketId: number; round: number; employeeId: number; regionId: number; projectId: number; householdId: number },
  due: { from: IsoDate; to: IsoDate },
  at: number,
): Promise<{ id: number; dutyId: number }> {
  const { id: dutyId } = await tx
    .insertInto('duties')
    .values({
      key: `follow-up:${f.ticketId}:${f.round}`,
      kind: 'follow_up',
      employee_id: f.employeeId,
      region_id: f.regionId,
      project_id: f.projectId,
      period_kind: 'month',
      period_key: due.to.slice(0, 7),
      due_from: due.from,
      due_to: due.to,
      household_id: f.householdId,
      ticket_id: f.ticketId,
      status: 'planned',
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const { id } = await tx
    .insertInto('ticket_follow_ups')
    .values({ ticket_id: f.ticketId, round: f.round, duty_id: dutyId, employee_id: f.employeeId, due_on: due.to })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id, dutyId };
}

export async function ticketFollowUps(x: Reader, ticketId: number): Promise<TicketFollowUp[]> {
  const rows = await executorOf(x)
    .selectFrom('ticket_follow_ups')
    .selectAll()
    .where('ticket_id', '=', ticketId)
    .orderBy('round')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    ticketId: r.ticket_id,
    round: r.round,
    dutyId: r.duty_id,
    employeeId: r.employee_id,
    dueOn: r.due_on,
    satisfaction: r.satisfaction,
    comments: r.comments,
    recordedAt: r.recorded_at === null ? null : Number(r.recorded_at),
  }));
}

/** Records a follow-up and completes its duty; false when it was already recorded. */
export async function saveTicketFollowUp(
  tx: Executor,
  f: { id: number; dutyId: number },
  result: { satisfaction: number; comments: string; at: number; on: IsoDate },
): Promise<boolean> {
  const saved = await tx
    .updateTable('ticket_follow_ups')
    .set({ satisfaction: result.satisfaction, comments: result.comments, recorded_at: result.at })
    .where('id', '=', f.id)
    .where('recorded_at', 'is', null)
    .executeTakeFirst();
  if (Number(saved.numUpdatedRows) !== 1) return false;
  await tx
    .updateTable('duties')
    .set({ status: 'done', completed_on: result.on, updated_at: result.at })
    .where('id', '=', f.dutyId)
    .execute();
  return true;
}

/** Excuses a follow-up round nobody recorded (the ticket reopened before it): its duty is no longer owed. */
export async function cancelOpenTicketFollowUps(tx: Executor, ticketId: number, at: number): Promise<void> {
  const open = await tx
    .selectFrom('ticket_follow_ups')
    .select('duty_id')
    .where('ticket_id', '=', ticketId)
    .where('recorded_at', 'is', null)
    .execute();
  if (open.length === 0) return;
  await tx
    .updateTable('duties')
    .set({ status: 'excused', reason: 'ticket reopened', updated_at: at })
    .where(
      'id',
      'in',
      open.map((o) => o.duty_id),
    )
    .where('status', '=', 'planned')
    .execute();
}

export type TicketListFilter = {
  /** Regions the caller's scope covers ([] with projectIds/involving only); undefined = the whole group. */
  regionIds?: readonly number[];
  projectIds?: readonly number[];
  /** Tickets this employee handles or follows up, whatever the scope. */
  involving?: number;
  /** Only tickets this employee handles. */
  handlerId?: number;
  statuses?: readonly TicketStatus[];
  type?: TicketType;
  projectId?: number;
  householdId?: number;
  categoryId?: number;
  severity?: TicketSeverity;
  unassigned?: boolean;
  queue?: 'regional';
  /** Only tickets escalated to the project head (a working day past their limit). */
  escalated?: boolean;
  resolveByBefore?: number;
  resolveByAfter?: number;
  limit: number;
  offset: number;
};

/** Tickets matching a filter, most urgent first (open ones by deadline), with the total for paging. */
export async function listTickets(x: Reader, f: TicketListFilter): Promise<{ tickets: TicketRecord[]; total: number }> {
  let q = executorOf(x).selectFrom('tickets');
  const { regionIds, projectIds, involving } = f;
  if (regionIds !== undefined || projectIds !== undefined) {
    q = q.where((eb) =>
      eb.or([
        ...(regionIds && regionIds.length ? [eb('region_id', 'in', regionIds)] : []),
        ...(projectIds && projectIds.length ? [eb('project_id', 'in', projectIds)] : []),
        ...(involving !== undefined
          ? [
              eb('handler_id', '=', involving),
              eb(
                'id',
                'in',
                eb.selectFrom('ticket_follow_ups').select('ticket_id').where('employee_id', '=', involving),
              ),
            ]
          : []),
      ]),
    );
  }
  if (f.handlerId !== undefined) q = q.where('handler_id', '=', f.handlerId);
  if (f.statuses) q = q.where('status', 'in', f.statuses.length ? f.statuses : ['none']);
  if (f.type) q = q.where('type', '=', f.type);
  if (f.projectId !== undefined) q = q.where('project_id', '=', f.projectId);
  if (f.householdId !== undefined) q = q.where('household_id', '=', f.householdId);
  if (f.categoryId !== undefined) q = q.where('category_id', '=', f.categoryId);
  if (f.severity) q = q.where('severity', '=', f.severity);
  if (f.unassigned) q = q.where('handler_id', 'is', null);
  if (f.queue) q = q.where('queue', '=', f.queue);
  if (f.escalated) q = q.where('escalated_at', 'is not', null);
  if (f.resolveByBefore !== undefined) q = q.where('resolve_by', '<', f.resolveByBefore);
  if (f.resolveByAfter !== undefined) q = q.where('resolve_by', '>=', f.resolveByAfter);
  const [{ n }, rows] = await Promise.all([
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    q.selectAll().orderBy('resolve_by').orderBy('id').limit(f.limit).offset(f.offset).execute(),
  ]);
  return { tickets: rows.map(toRecord), total: Number(n) };
}

/** Open tickets whose clock work is due: a reminder, a breach notice, or an escalation, at or before `now`. */
export async function ticketsWithClockWorkDue(x: Reader, now: number, limit = 500): Promise<TicketRecord[]> {
  const rows = await executorOf(x)
    .selectFrom('tickets')
    .selectAll()
    .where('status', 'in', OPEN_TICKET_STATUSES)
    .where('status', '!=', 'awaiting_customer')
    .where((eb) =>
      eb.or([
        eb.and([eb('reminded_at', 'is', null), eb('remind_at', '<=', now)]),
        eb.and([eb('breach_told_at', 'is', null), eb('resolve_by', '<=', now)]),
        eb.and([eb('escalated_at', 'is', null), eb('escalate_at', '<=', now)]),
      ]),
    )
    .orderBy('resolve_by')
    .limit(limit)
    .execute();
  return rows.map(toRecord);
}

/** Households with an owner whose phone number is exactly this one (digits compared), at most `limit`. */
export async function householdIdsByPhone(x: Reader, phone: string, limit = 20): Promise<number[]> {
  const rows = await executorOf(x)
    .selectFrom('household_owners')
    .select('household_id')
    .distinct()
    .where('phone', '=', phone)
    .orderBy('household_id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.household_id);
}

/**
 * A page of one household's tickets in the timeline's order: newest first by the Shanghai minute
 * it was accepted in (the timeline shows minutes), then id; those after `after` when given. Keyset
 * paging on tickets (household_id, accepted_at), the database stopping at `limit` rows.
 */
export async function householdTicketsPage(
  x: Reader,
  householdId: number,
  page: { after?: TimelineKey | undefined; limit: number },
): Promise<TicketRecord[]> {
  const minute = sql<number>`accepted_at - accepted_at % 60000`;
  let q = executorOf(x).selectFrom('tickets').selectAll().where('household_id', '=', householdId);
  const k = page.after;
  if (k) {
    const start = shanghaiMinuteStart(k.on, k.at);
    const tie = afterCursorAtItsMinute('ticket', k);
    q =
      tie === 'none'
        ? q.where('accepted_at', '<', start)
        : q.where((eb) =>
            eb.or([
              eb('accepted_at', '<', start),
              eb.and([eb('accepted_at', '<', start + 60_000), ...(tie === 'lower-ids' ? [eb('id', '<', k.id)] : [])]),
            ]),
          );
  }
  const rows = await q.orderBy(minute, 'desc').orderBy('id', 'desc').limit(page.limit).execute();
  return rows.map(toRecord);
}

/** Open tickets of these households (the reception roster shows them beside each booking). */
export async function openTicketsOfHouseholds(x: Reader, householdIds: readonly number[]): Promise<TicketRecord[]> {
  if (householdIds.length === 0) return [];
  const rows = await executorOf(x)
    .selectFrom('tickets')
    .selectAll()
    .where('household_id', 'in', householdIds)
    .where('status', 'in', OPEN_TICKET_STATUSES)
    .orderBy('accepted_at')
    .execute();
  return rows.map(toRecord);
}

/** Adds (sign 1) or takes away (sign -1) a ticket's contribution to its month's totals. */
export async function addTicketMonthly(
  tx: Executor,
  key: { regionId: number; projectId: number; type: TicketType; month: string },
  totals: TicketTotals,
  sign: 1 | -1,
): Promise<void> {
  const values = {
    region_id: key.regionId,
    project_id: key.projectId,
    type: key.type,
    month: key.month,
    closed: sign * totals.closed,
    closed_on_time: sign * totals.closed_on_time,
    first_time_closed: sign * totals.first_time_closed,
    followed_up_in_time: sign * totals.followed_up_in_time,
    first_response_on_time: sign * totals.first_response_on_time,
    reopened: sign * totals.reopened,
    dismissed: sign * totals.dismissed,
    close_working_days: sign * totals.close_working_days,
  };
  await tx
    .insertInto('ticket_monthly')
    .values(values)
    .onConflict((oc) =>
      oc.columns(['region_id', 'project_id', 'type', 'month']).doUpdateSet((eb) => ({
        closed: eb('ticket_monthly.closed', '+', eb.ref('excluded.closed')),
        closed_on_time: eb('ticket_monthly.closed_on_time', '+', eb.ref('excluded.closed_on_time')),
        first_time_closed: eb('ticket_monthly.first_time_closed', '+', eb.ref('excluded.first_time_closed')),
        followed_up_in_time: eb('ticket_monthly.followed_up_in_time', '+', eb.ref('excluded.followed_up_in_time')),
        first_response_on_time: eb(
          'ticket_monthly.first_response_on_time',
          '+',
          eb.ref('excluded.first_response_on_time'),
        ),
        reopened: eb('ticket_monthly.reopened', '+', eb.ref('excluded.reopened')),
        dismissed: eb('ticket_monthly.dismissed', '+', eb.ref('excluded.dismissed')),
        close_working_days: eb('ticket_monthly.close_working_days', '+', eb.ref('excluded.close_working_days')),
      })),
    )
    .execute();
}

export type VisitIssueRef = {
  id: number;
  visitId: number;
  householdIds: number[];
  categoryId: number;
  description: string;
  building: string;
  unit: string;
  room: string;
  area: string;
};

/** A visit's issue item as a ticket raised from it needs it: its households, category, place and words. */
export async function visitIssueRef(x: Reader, id: number): Promise<VisitIssueRef | undefined> {
  const row = await executorOf(x).selectFrom('visit_issues').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const households = await executorOf(x)
    .selectFrom('visit_households')
    .select('household_id')
    .where('visit_id', '=', row.visit_id)
    .execute();
  return {
    id: row.id,
    visitId: row.visit_id,
    householdIds: households.map((h) => h.household_id),
    categoryId: row.category_id,
    description: row.description,
    building: row.building,
    unit: row.unit,
    room: row.room,
    area: row.area,
  };
}

/** The tickets raised from a visit's issue items, by item: the visit shows its links both ways. */
export async function ticketsOfVisit(
  x: Reader,
  visitId: number,
): Promise<Map<number, { id: number; status: TicketStatus }>> {
  const rows = await executorOf(x)
    .selectFrom('tickets')
    .innerJoin('visit_issues', 'visit_issues.id', 'tickets.visit_issue_id')
    .select(['tickets.id', 'tickets.status', 'tickets.visit_issue_id'])
    .where('visit_issues.visit_id', '=', visitId)
    .execute();
  return new Map(
    rows.map((r) => [r.visit_issue_id ?? 0, { id: r.id, status: oneOf(TICKET_STATUSES, r.status, 'tickets.status') }]),
  );
}
