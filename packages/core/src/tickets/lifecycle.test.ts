import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyTicketMove,
  firstTimeClose,
  isOpenTicket,
  moveAllowedFrom,
  ticketClockOf,
  ticketMovesFrom,
  TICKET_MOVES,
  TICKET_STATUSES,
  type TicketFacts,
  type TicketMoveInput,
  type TicketStatus,
} from './lifecycle.ts';

const HANDLER = 7;
const OTHER = 9;
const TODAY = '2026-11-23';

const facts = (status: TicketStatus, over: Partial<TicketFacts> = {}): TicketFacts => ({
  status,
  resumeStatus: status === 'awaiting_customer' ? 'handling' : null,
  type: 'repair',
  handlerId: HANDLER,
  severity: 'general',
  reopenCount: 0,
  everClosedUnaccepted: false,
  followedUpBy: null,
  ...over,
});

/** A valid input for each move, as a person would send it. */
const INPUTS: Record<(typeof TICKET_MOVES)[number], TicketMoveInput> = {
  confirm: { move: 'confirm' },
  dismiss: { move: 'dismiss', reason: 'answered', explanation: '已电话解答' },
  assess: { move: 'assess', severity: 'general', scope: 'single_line' },
  investigate: { move: 'investigate', cause: '防水层破损', responsibleLine: 'engineering' },
  handle: { move: 'handle', actions: '返修', assigneeId: HANDLER, promisedOn: TODAY },
  wait: { move: 'wait', reason: 'no_access' },
  resume: { move: 'resume' },
  close: { move: 'close', accepted: true, acceptedHow: 'phone' },
  follow_up: { move: 'follow_up', satisfaction: 5, comments: '' },
  feedback: { move: 'feedback', commonIssueId: 1 },
  reopen: { move: 'reopen', reason: '仍然渗水' },
  assign: { move: 'assign', assigneeId: OTHER },
};

const apply = (f: TicketFacts, input: TicketMoveInput, actorId = OTHER) =>
  applyTicketMove(f, input, { actorId, today: TODAY });

describe('the eight steps', () => {
  it('walks a ticket from acceptance to feedback', () => {
    let f = facts('accepted');
    const path: [TicketMoveInput, TicketStatus][] = [
      [INPUTS.confirm, 'confirmed'],
      [INPUTS.assess, 'assessed'],
      [INPUTS.investigate, 'investigated'],
      [INPUTS.handle, 'handling'],
      [INPUTS.close, 'closed'],
      [INPUTS.follow_up, 'followed_up'],
      [INPUTS.feedback, 'archived'],
    ];
    for (const [input, to] of path) {
      const r = apply(f, input);
      expect(r).toMatchObject({ ok: true, value: { to } });
      f = facts(to);
    }
  });

  it('refuses every move the lifecycle does not allow from a status, with the reason', () => {
    fc.assert(
      fc.property(fc.constantFrom(...TICKET_STATUSES), fc.constantFrom(...TICKET_MOVES), (status, move) => {
        const r = apply(facts(status), INPUTS[move]);
        if (moveAllowedFrom({ status, type: 'repair' }, move)) {
          expect(r.ok || r.error.code !== 'TICKET_TRANSITION').toBe(true);
        } else {
          expect(r).toMatchObject({ ok: false, error: { code: 'TICKET_TRANSITION' } });
        }
      }),
    );
  });

  it('offers exactly the moves it would accept from each status', () => {
    for (const status of TICKET_STATUSES) {
      const offered = ticketMovesFrom({ status, type: 'repair' });
      for (const move of TICKET_MOVES)
        expect(offered.includes(move)).toBe(moveAllowedFrom({ status, type: 'repair' }, move));
    }
    expect(ticketMovesFrom({ status: 'archived', type: 'repair' })).toEqual([]);
  });

  it('refuses a follow-up by the handler', () => {
    expect(apply(facts('closed'), INPUTS.follow_up, HANDLER)).toMatchObject({
      ok: false,
      error: { code: 'TICKET_FOLLOW_UP_BY_HANDLER' },
    });
  });

  it('reopens on an unhappy follow-up (2 or less) and tells the handler', () => {
    for (const satisfaction of [1, 2]) {
      const r = apply(facts('closed'), { move: 'follow_up', satisfaction, comments: '不满意' });
      expect(r).toMatchObject({
        ok: true,
        value: { to: 'handling', reopened: true, effects: ['tell_handler_reopened'] },
      });
    }
    expect(apply(facts('closed'), { move: 'follow_up', satisfaction: 3, comments: '' })).toMatchObject({
      ok: true,
      value: { to: 'followed_up' },
    });
    expect(apply(facts('closed'), { move: 'follow_up', satisfaction: 6, comments: '' }).ok).toBe(false);
  });

  it('sends major tickets to the regional queue and alerts on crisis ones', () => {
    expect(apply(facts('confirmed'), { move: 'assess', severity: 'major', scope: 'cross_line' })).toMatchObject({
      ok: true,
      value: { effects: ['queue_regional'] },
    });
    expect(apply(facts('confirmed'), { move: 'assess', severity: 'crisis', scope: 'single_line' })).toMatchObject({
      ok: true,
      value: { effects: ['queue_regional', 'crisis_alert'] },
    });
  });

  it('waits on the customer and goes back to where it was', () => {
    const waiting = apply(facts('investigated'), INPUTS.wait);
    expect(waiting).toMatchObject({ ok: true, value: { to: 'awaiting_customer', resumeStatus: 'investigated' } });
    expect(apply(facts('awaiting_customer', { resumeStatus: 'investigated' }), INPUTS.resume)).toMatchObject({
      ok: true,
      value: { to: 'investigated', resumeStatus: null },
    });
  });

  it('needs the fields a move stands on', () => {
    expect(apply(facts('handling'), { move: 'close', accepted: false, reason: ' ' })).toMatchObject({
      ok: false,
      error: { fields: { reason: 'TICKET_CLOSE_REASON_REQUIRED' } },
    });
    expect(
      apply(facts('investigated'), { move: 'handle', actions: '返修', assigneeId: HANDLER, promisedOn: '2026-11-22' }),
    ).toMatchObject({ ok: false, error: { fields: { promisedOn: 'TICKET_PROMISE_IN_PAST' } } });
    expect(apply(facts('followed_up'), { move: 'feedback' })).toMatchObject({ ok: false });
    expect(apply(facts('handling'), { move: 'assign', assigneeId: HANDLER })).toMatchObject({
      ok: false,
      error: { code: 'TICKET_ALREADY_ASSIGNED' },
    });
  });

  it('runs the clock while open, pauses it while waiting, stops it once closed', () => {
    for (const status of TICKET_STATUSES) {
      const clock = ticketClockOf(status);
      if (status === 'awaiting_customer') expect(clock).toBe('paused');
      else expect(clock).toBe(isOpenTicket(status) ? 'running' : 'stopped');
    }
  });
});

describe('first-time close', () => {
  it('holds only for a ticket closed with acceptance and never reopened, for good once failed', () => {
    fc.assert(
      fc.property(fc.nat(3), fc.boolean(), fc.option(fc.nat(), { nil: null }), (reopenCount, unaccepted, closedAt) => {
        const verdict = firstTimeClose({
          status: 'closed',
          reopenCount,
          everClosedUnaccepted: unaccepted,
          closedAt,
        });
        if (closedAt === null) expect(verdict).toBeNull();
        else expect(verdict).toBe(reopenCount === 0 && !unaccepted);
      }),
    );
  });
});
