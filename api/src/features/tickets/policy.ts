import {
  hasCapability,
  householdInScope,
  isCustomerRelations,
  projectInScope,
  scopeOf,
  ticketMovesFrom,
  type Actor,
  type HouseholdRef,
  type TicketMove,
  type TicketStatus,
  type TicketType,
} from '@frontline/core';

/**
 * Who may do what with tickets. Anyone who looks after customers may raise a
 * ticket for a household their scope covers and see the tickets there; the
 * handler works their own ticket through investigation, handling and close;
 * dispatchers (customer relations of the project's scope, and the managers
 * over the project) steer every ticket in scope; the follow-up is made by the
 * employee it was given to, never by the handler (core refuses that).
 */
export const VIEW = 'tickets.view' as const;

export type TicketRef = {
  projectId: number;
  regionId: number;
  handlerId: number | null;
  status: TicketStatus;
  type: TicketType;
};

const MANAGERS = ['system_admin', 'regional_president', 'project_head'] as const;

/** Customer relations and the managers over the project: they dispatch, reassign, reopen and feed back. */
export function dispatches(actor: Actor, ticket: Pick<TicketRef, 'projectId' | 'regionId'>): boolean {
  const covers = projectInScope(scopeOf(actor), { id: ticket.projectId, regionId: ticket.regionId });
  if (!covers) return false;
  return isCustomerRelations(actor) || (MANAGERS as readonly string[]).includes(actor.position);
}

/** Whether the dispatch board (every open ticket of the scope) is the caller's. */
export const seesBoard = (actor: Actor): boolean =>
  hasCapability(actor.position, VIEW) &&
  (isCustomerRelations(actor) || (MANAGERS as readonly string[]).includes(actor.position)) &&
  scopeOf(actor).kind !== 'own';

/** A ticket is visible to whoever's scope covers its household, its handler, and whoever is to follow it up. */
export function seesTicket(
  actor: Actor,
  ticket: Pick<TicketRef, 'handlerId'>,
  household: HouseholdRef,
  followUpBy: readonly number[],
): boolean {
  if (!hasCapability(actor.position, VIEW)) return false;
  return (
    householdInScope(actor, household) || ticket.handlerId === actor.employeeId || followUpBy.includes(actor.employeeId)
  );
}

const HANDLER_MOVES: readonly TicketMove[] = [
  'confirm',
  'dismiss',
  'assess',
  'investigate',
  'handle',
  'wait',
  'resume',
  'close',
];

/** Whether this caller may make this move on this ticket (the lifecycle decides whether the move fits its status). */
export function mayMakeMove(actor: Actor, ticket: TicketRef, move: TicketMove, openFollowUpBy: number | null): boolean {
  if (move === 'follow_up')
    return openFollowUpBy === actor.employeeId || (openFollowUpBy === null && dispatches(actor, ticket));
  if (dispatches(actor, ticket)) return true;
  return ticket.handlerId === actor.employeeId && HANDLER_MOVES.includes(move);
}

/** The moves the caller may make now: those the lifecycle allows from the status that are theirs to make. */
export function allowedTicketMoves(actor: Actor, ticket: TicketRef, openFollowUpBy: number | null): TicketMove[] {
  return ticketMovesFrom(ticket).filter(
    (move) =>
      mayMakeMove(actor, ticket, move, openFollowUpBy) &&
      // The handler's own follow-up would be refused: it is not offered.
      !(move === 'follow_up' && ticket.handlerId === actor.employeeId),
  );
}

/** Progress notes to the customer are for whoever works the ticket now: a dispatcher, or anyone with a move to make. */
export const mayAddNote = (actor: Actor, ticket: TicketRef, openFollowUpBy: number | null): boolean =>
  dispatches(actor, ticket) || allowedTicketMoves(actor, ticket, openFollowUpBy).length > 0;
