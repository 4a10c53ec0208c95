import {
  householdInScope,
  isOpenTicket,
  maskName,
  maskPhone,
  mayRevealHousehold,
  privacyFor,
  type Actor,
  type Household,
  type SlaClock,
  type TicketMove,
} from '@frontline/core';
import type { TicketEvent, TicketFollowUp, TicketNote, TicketRecord } from '@frontline/db';
import { householdView } from '../../routes/views.ts';

/**
 * Tickets as the caller sees them. The household and the reporter's contact
 * leave masked like every other customer record (revealed only through the
 * logged reveal route); free text about the household is masked unless the
 * caller may reveal it. Every ticket says its time left and the moves the
 * caller may make now.
 */
export type TicketSlaView = {
  firstResponseBy: string;
  firstResponseAt: string | null;
  firstResponseLate: boolean;
  resolveBy: string;
  paused: boolean;
  stopped: boolean;
  breached: boolean;
  /** Working minutes left (negative once breached). */
  remainingMinutes: number;
  usedPercent: number;
  /** Open past its first working day with no progress note to the customer. */
  noProgressNote: boolean;
};

const iso = (ms: number) => new Date(ms).toISOString();

export function slaView(t: TicketRecord, clock: SlaClock, now: number): TicketSlaView {
  return {
    firstResponseBy: iso(clock.firstResponseBy),
    firstResponseAt: t.firstResponseAt === null ? null : iso(t.firstResponseAt),
    firstResponseLate: clock.firstResponseLate,
    resolveBy: iso(clock.resolveBy),
    paused: clock.paused,
    stopped: clock.stopped,
    breached: clock.breached,
    remainingMinutes: Math.round(clock.remainingMs / 60_000),
    usedPercent: Number.isFinite(clock.usedFraction) ? Math.round(clock.usedFraction * 100) : 100,
    noProgressNote: isOpenTicket(t.status) && t.lastNoteAt === null && now > clock.firstResponseBy,
  };
}

/** The cached SLA of a list row (the board shows many; the full replay is the ticket page's). */
export function cachedSlaView(t: TicketRecord, now: number) {
  return {
    resolveBy: iso(t.resolveBy),
    firstResponseBy: iso(t.firstResponseBy),
    paused: t.status === 'awaiting_customer',
    breached: isOpenTicket(t.status)
      ? t.breached || (t.status !== 'awaiting_customer' && now > t.resolveBy)
      : t.breached,
    noProgressNote: isOpenTicket(t.status) && t.lastNoteAt === null && now > t.firstResponseBy,
  };
}

type Names = Map<number, string>;

function basics(actor: Actor, t: TicketRecord, household: Household | undefined, names: Names) {
  const privacy = privacyFor(actor, household ? [household] : []);
  const location = privacy.location({ building: t.building, unit: t.unit, room: t.room, area: t.area });
  return {
    id: t.id,
    type: t.type,
    channel: t.channel,
    status: t.status,
    severity: t.severity,
    scope: t.scope,
    queue: t.queue,
    categoryId: t.categoryId,
    householdId: t.householdId,
    projectId: t.projectId,
    regionId: t.regionId,
    location,
    householdLabel: household ? privacy.label(household) : null,
    description: privacy.text(t.description) ?? '',
    handler: t.handlerId === null ? null : { id: t.handlerId, name: names.get(t.handlerId) ?? '' },
    responsibleLine: t.responsibleLine,
    promisedOn: t.promisedOn,
    warranty: { status: t.warrantyStatus, endsOn: t.warrantyEndsOn },
    acceptedAt: iso(t.acceptedAt),
    closedAt: t.closedAt === null ? null : iso(t.closedAt),
    reopenCount: t.reopenCount,
    version: t.version,
  };
}

export function ticketListItem(
  actor: Actor,
  t: TicketRecord,
  household: Household | undefined,
  names: Names,
  now: number,
) {
  return { ...basics(actor, t, household, names), sla: cachedSlaView(t, now) };
}

export function ticketView(
  actor: Actor,
  t: TicketRecord,
  parts: {
    household: Household | undefined;
    names: Names;
    clock: SlaClock;
    now: number;
    events: TicketEvent[];
    notes: TicketNote[];
    followUps: TicketFollowUp[];
    photoIds: string[];
    allowedMoves: TicketMove[];
    canAddNote: boolean;
  },
) {
  const h = parts.household;
  const privacy = privacyFor(actor, h ? [h] : []);
  const canReveal = h !== undefined && mayRevealHousehold(actor, h);
  const name = (id: number | null) => (id === null ? null : { id, name: parts.names.get(id) ?? '' });
  return {
    ticket: {
      ...basics(actor, t, h, parts.names),
      reporter: {
        kind: t.reporterKind,
        name: t.reporterName === '' ? '' : maskName(t.reporterName),
        phone: t.reporterPhone === '' ? '' : maskPhone(t.reporterPhone),
        masked: true,
      },
      cause: privacy.text(t.cause) ?? '',
      evidence: privacy.text(t.evidence) ?? '',
      actions: privacy.text(t.actions) ?? '',
      acceptedHow: t.acceptedHow,
      closeReason: privacy.text(t.closeReason),
      dismissReason: t.dismissReason,
      explanation: privacy.text(t.explanation),
      waitReason: t.waitReason,
      commonIssueId: t.commonIssueId,
      improvementPlanId: t.improvementPlanId,
      visitIssueId: t.visitIssueId,
      bookingId: t.bookingId,
      photoIds: parts.photoIds,
      sla: slaView(t, parts.clock, parts.now),
    },
    household: h && householdInScope(actor, h) ? householdView(h, { canReveal }) : null,
    history: parts.events.map((e) => ({
      at: iso(e.at),
      by: name(e.actorId),
      move: e.move,
      from: e.from,
      to: e.to,
      clock: e.clock,
      details: Object.fromEntries(
        Object.entries(e.details).map(([k, v]) => [k, typeof v === 'string' ? (privacy.text(v) ?? '') : v]),
      ),
    })),
    notes: parts.notes.map((n) => ({
      id: n.id,
      at: iso(n.at),
      by: name(n.authorId),
      toldVia: n.toldVia,
      text: privacy.text(n.text) ?? '',
    })),
    followUps: parts.followUps.map((f) => ({
      round: f.round,
      dutyId: f.dutyId,
      by: name(f.employeeId),
      dueOn: f.dueOn,
      satisfaction: f.satisfaction,
      comments: f.comments === null ? null : privacy.text(f.comments),
      recordedAt: f.recordedAt === null ? null : iso(f.recordedAt),
    })),
    allowedMoves: parts.allowedMoves,
    canAddNote: parts.canAddNote,
    canReveal,
  };
}

/** The reporter's contact in full, for the reveal route (logged like a household reveal). */
export function revealedContact(t: TicketRecord) {
  return { kind: t.reporterKind, name: t.reporterName, phone: t.reporterPhone, masked: false };
}
