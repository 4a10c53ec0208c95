import type { IsoDate } from '../calendar/dates.ts';
import type { Line } from '../org.ts';
import type { AppError, Result } from '../result.ts';
import { err, ok } from '../result.ts';
import type { TicketScope, TicketSeverity } from './sla.ts';

/**
 * Complaint and repair tickets (投诉报修, checkpoint 6) through the eight
 * steps of the trade: accept 受理 → confirm 确认 → assess 评估 → investigate
 * 调查 → handle 处理 → track and close 跟踪关闭 → follow up 回访 → feed back
 * 信息反馈. The transitions are data (TICKET_MOVES) and every move is typed
 * by what it needs; `applyTicketMove` decides, from the ticket's facts and
 * the move's input, what the ticket becomes and what has to happen because
 * of it (alerts, a follow-up duty, telling the handler). Who may make a move
 * is the service's policy; what a move may do is here.
 */
export const TICKET_TYPES = ['complaint', 'repair', 'consultation'] as const;
export type TicketType = (typeof TICKET_TYPES)[number];
export const TICKET_TYPE_LABELS: Record<TicketType, { zh: string; en: string }> = {
  complaint: { zh: '投诉', en: 'Complaint' },
  repair: { zh: '报修', en: 'Repair' },
  consultation: { zh: '咨询', en: 'Consultation' },
};

export const TICKET_CHANNELS = ['reception_desk', 'phone_400', 'visit', 'reception_day', 'customer_relations'] as const;
export type TicketChannel = (typeof TICKET_CHANNELS)[number];
export const TICKET_CHANNEL_LABELS: Record<TicketChannel, { zh: string; en: string }> = {
  reception_desk: { zh: '前台接待', en: 'Reception desk' },
  phone_400: { zh: '400热线', en: '400 line' },
  visit: { zh: '拜访中发现', en: 'Raised on a visit' },
  reception_day: { zh: '接待日', en: 'Reception day' },
  customer_relations: { zh: '客关录入', en: 'Customer relations' },
};

export const REPORTER_KINDS = ['owner', 'other'] as const;
export type ReporterKind = (typeof REPORTER_KINDS)[number];
export const REPORTER_KIND_LABELS: Record<ReporterKind, { zh: string; en: string }> = {
  owner: { zh: '业主本人', en: 'Owner' },
  other: { zh: '其他人（家属、租户等）', en: 'Someone else (family, tenant …)' },
};

export const TICKET_STATUSES = [
  'accepted',
  'confirmed',
  'assessed',
  'investigated',
  'handling',
  'awaiting_customer',
  'closed',
  'dismissed',
  'followed_up',
  'archived',
] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];
export const TICKET_STATUS_LABELS: Record<TicketStatus, { zh: string; en: string }> = {
  accepted: { zh: '已受理', en: 'accepted' },
  confirmed: { zh: '已确认', en: 'confirmed' },
  assessed: { zh: '已评估', en: 'assessed' },
  investigated: { zh: '已调查', en: 'investigated' },
  handling: { zh: '处理中', en: 'being handled' },
  awaiting_customer: { zh: '待业主配合', en: 'waiting on the customer' },
  closed: { zh: '已关闭', en: 'closed' },
  dismissed: { zh: '已答复关闭', en: 'answered and closed' },
  followed_up: { zh: '已回访', en: 'followed up' },
  archived: { zh: '已反馈归档', en: 'fed back and archived' },
};

/** Statuses a ticket is still being worked in: the dispatch board's and the SLA clock's. */
export const OPEN_TICKET_STATUSES = [
  'accepted',
  'confirmed',
  'assessed',
  'investigated',
  'handling',
  'awaiting_customer',
] as const satisfies readonly TicketStatus[];
export type OpenTicketStatus = (typeof OPEN_TICKET_STATUSES)[number];

/** Statuses from which a ticket may wait on the customer, and to which it returns when they come back. */
export const WAITING_FROM = ['assessed', 'investigated', 'handling'] as const satisfies readonly TicketStatus[];
export type WaitingFrom = (typeof WAITING_FROM)[number];

export const isOpenTicket = (status: TicketStatus): status is OpenTicketStatus =>
  (OPEN_TICKET_STATUSES as readonly TicketStatus[]).includes(status);

/** How the SLA clock stands in a status: waiting on the customer pauses it; closing stops it. */
export function ticketClockOf(status: TicketStatus): 'running' | 'paused' | 'stopped' {
  if (status === 'awaiting_customer') return 'paused';
  return isOpenTicket(status) ? 'running' : 'stopped';
}

export const DISMISS_REASONS = ['invalid', 'answered'] as const;
export type DismissReason = (typeof DISMISS_REASONS)[number];
export const DISMISS_REASON_LABELS: Record<DismissReason, { zh: string; en: string }> = {
  invalid: { zh: '无效投诉', en: 'Not a valid complaint' },
  answered: { zh: '咨询已答复', en: 'Question answered' },
};

export const ACCEPTANCE_WAYS = ['on_site', 'phone', 'signature', 'message'] as const;
export type AcceptanceWay = (typeof ACCEPTANCE_WAYS)[number];
export const ACCEPTANCE_WAY_LABELS: Record<AcceptanceWay, { zh: string; en: string }> = {
  on_site: { zh: '现场确认', en: 'Confirmed on site' },
  phone: { zh: '电话确认', en: 'Confirmed by phone' },
  signature: { zh: '签字确认', en: 'Signed off' },
  message: { zh: '短信/微信确认', en: 'Confirmed by message' },
};

export const WAIT_REASONS = ['no_access', 'customer_away', 'customer_decision', 'materials'] as const;
export type WaitReason = (typeof WAIT_REASONS)[number];
export const WAIT_REASON_LABELS: Record<WaitReason, { zh: string; en: string }> = {
  no_access: { zh: '无法入户', en: 'No access to the home' },
  customer_away: { zh: '业主不在', en: 'Customer away' },
  customer_decision: { zh: '待业主决定', en: 'Waiting for the customer’s decision' },
  materials: { zh: '待业主提供材料', en: 'Waiting for the customer’s documents' },
};

/** Major and crisis tickets sit in the regional general manager's queue as well as their handler's. */
export const ticketQueueOf = (severity: TicketSeverity): 'regional' | null =>
  severity === 'general' ? null : 'regional';

/** A follow-up at or below this satisfaction reopens the ticket. */
export const UNHAPPY_FOLLOW_UP = 2;
/** Calendar days after closing within which the follow-up is due. */
export const FOLLOW_UP_DAYS = 7;

/** What each move needs from the caller. `assign` moves the ticket to another handler without changing its step. */
export type TicketMoveInput =
  | { move: 'confirm'; note?: string }
  | { move: 'dismiss'; reason: DismissReason; explanation: string }
  | { move: 'assess'; severity: TicketSeverity; scope: TicketScope; note?: string }
  | { move: 'investigate'; cause: string; responsibleLine: Line; evidence?: string; photoIds?: string[] }
  | { move: 'handle'; actions: string; assigneeId: number; promisedOn: IsoDate }
  | { move: 'wait'; reason: WaitReason; note?: string }
  | { move: 'resume'; note?: string }
  | { move: 'close'; accepted: true; acceptedHow: AcceptanceWay; note?: string }
  | { move: 'close'; accepted: false; reason: string }
  | { move: 'follow_up'; satisfaction: number; comments: string }
  | { move: 'feedback'; commonIssueId?: number; improvementPlanId?: number; note?: string }
  | { move: 'reopen'; reason: string }
  | { move: 'assign'; assigneeId: number; note?: string };

export type TicketMove = TicketMoveInput['move'];
export const TICKET_MOVES = [
  'confirm',
  'dismiss',
  'assess',
  'investigate',
  'handle',
  'wait',
  'resume',
  'close',
  'follow_up',
  'feedback',
  'reopen',
  'assign',
] as const satisfies readonly TicketMove[];

export const TICKET_MOVE_LABELS: Record<TicketMove, { zh: string; en: string }> = {
  confirm: { zh: '确认有效', en: 'confirm' },
  dismiss: { zh: '答复并关闭', en: 'answer and close' },
  assess: { zh: '评估', en: 'assess' },
  investigate: { zh: '记录调查', en: 'record the investigation' },
  handle: { zh: '安排处理', en: 'arrange the handling' },
  wait: { zh: '待业主配合', en: 'wait on the customer' },
  resume: { zh: '恢复处理', en: 'resume' },
  close: { zh: '跟踪关闭', en: 'close' },
  follow_up: { zh: '记录回访', en: 'record the follow-up' },
  feedback: { zh: '信息反馈', en: 'feed back' },
  reopen: { zh: '重新打开', en: 'reopen' },
  assign: { zh: '转派', en: 'reassign' },
};

const FROM: Record<Exclude<TicketMove, 'resume'>, readonly TicketStatus[]> = {
  confirm: ['accepted'],
  dismiss: ['accepted'],
  assess: ['confirmed'],
  investigate: ['assessed'],
  handle: ['investigated', 'handling'],
  wait: WAITING_FROM,
  close: ['handling'],
  follow_up: ['closed'],
  feedback: ['followed_up'],
  reopen: ['closed', 'followed_up'],
  assign: OPEN_TICKET_STATUSES,
};

/** What a move needs to know about the ticket. */
export type TicketFacts = {
  status: TicketStatus;
  /** Where a waiting ticket goes back to. */
  resumeStatus: WaitingFrom | null;
  type: TicketType;
  handlerId: number | null;
  severity: TicketSeverity;
  /** Whether the ticket has been reopened since it was first closed; a reopened ticket has failed first-time close for good. */
  reopenCount: number;
  /** Closed without the customer's acceptance at any time so far. */
  everClosedUnaccepted: boolean;
  /** Who has already followed this round up, if anyone. */
  followedUpBy: number | null;
};

/** What has to happen because of a move, beyond the status change; the service carries these out in the same transaction. */
export type TicketEffect =
  /** Major tickets go to the regional general manager's queue. */
  | 'queue_regional'
  /** Crisis tickets alert the project head, the regional president and customer relations at once. */
  | 'crisis_alert'
  /** Closing creates the follow-up duty (checkpoint 6) within FOLLOW_UP_DAYS, for someone other than the handler. */
  | 'create_follow_up'
  /** An unhappy follow-up (or a reopen) tells the handler and their manager. */
  | 'tell_handler_reopened'
  /** A new handler is told they have the ticket. */
  | 'tell_assignee';

export type TicketChange = {
  to: TicketStatus;
  /** Set when the ticket starts waiting; cleared (null) when it resumes. */
  resumeStatus?: WaitingFrom | null;
  effects: TicketEffect[];
  /** The move was a follow-up at or below UNHAPPY_FOLLOW_UP: the ticket reopens in the same step. */
  reopened?: boolean;
};

function refuse(facts: TicketFacts, move: TicketMove): Result<never, AppError> {
  return err({
    code: 'TICKET_TRANSITION',
    params: { from: TICKET_STATUS_LABELS[facts.status], action: TICKET_MOVE_LABELS[move] },
  });
}

/** Whether the lifecycle allows a move from the ticket's status (what the input says is checked when it is made). */
export function moveAllowedFrom(facts: Pick<TicketFacts, 'status' | 'type'>, move: TicketMove): boolean {
  if (move === 'resume') return facts.status === 'awaiting_customer';
  // A consultation is answered, not investigated: it is dismissed (answered) or confirmed and then handled like any other.
  return FROM[move].includes(facts.status);
}

/** The moves the lifecycle allows from a ticket's status; the service filters them by who is asking. */
export function ticketMovesFrom(facts: Pick<TicketFacts, 'status' | 'type'>): TicketMove[] {
  return TICKET_MOVES.filter((move) => moveAllowedFrom(facts, move));
}

/**
 * The ticket after a move, or why it is refused. `actorId` is who makes it:
 * the handler may not follow up their own ticket (the follow-up is how the
 * customer's word reaches someone who did not do the work).
 */
export function applyTicketMove(
  facts: TicketFacts,
  input: TicketMoveInput,
  context: { actorId: number; today: IsoDate },
): Result<TicketChange, AppError> {
  if (!moveAllowedFrom(facts, input.move)) return refuse(facts, input.move);
  switch (input.move) {
    case 'confirm':
      return ok({ to: 'confirmed', effects: [] });
    case 'dismiss':
      if (input.explanation.trim() === '')
        return err({ code: 'VALIDATION_FAILED', fields: { explanation: 'TICKET_EXPLANATION_REQUIRED' } });
      return ok({ to: 'dismissed', effects: [] });
    case 'assess': {
      const effects: TicketEffect[] = [];
      if (input.severity === 'major') effects.push('queue_regional');
      if (input.severity === 'crisis') effects.push('queue_regional', 'crisis_alert');
      return ok({ to: 'assessed', effects });
    }
    case 'investigate':
      if (input.cause.trim() === '')
        return err({ code: 'VALIDATION_FAILED', fields: { cause: 'TICKET_CAUSE_REQUIRED' } });
      return ok({ to: 'investigated', effects: [] });
    case 'handle':
      if (input.promisedOn < context.today)
        return err({ code: 'VALIDATION_FAILED', fields: { promisedOn: 'TICKET_PROMISE_IN_PAST' } });
      if (input.actions.trim() === '')
        return err({ code: 'VALIDATION_FAILED', fields: { actions: 'TICKET_ACTIONS_REQUIRED' } });
      return ok({
        to: 'handling',
        effects: input.assigneeId !== facts.handlerId ? ['tell_assignee'] : [],
      });
    case 'wait':
      return ok({ to: 'awaiting_customer', resumeStatus: facts.status as WaitingFrom, effects: [] });
    case 'resume':
      return ok({ to: facts.resumeStatus ?? 'handling', resumeStatus: null, effects: [] });
    case 'close':
      if (!input.accepted && input.reason.trim() === '')
        return err({ code: 'VALIDATION_FAILED', fields: { reason: 'TICKET_CLOSE_REASON_REQUIRED' } });
      return ok({ to: 'closed', effects: ['create_follow_up'] });
    case 'follow_up':
      if (context.actorId === facts.handlerId) return err({ code: 'TICKET_FOLLOW_UP_BY_HANDLER' });
      if (!Number.isInteger(input.satisfaction) || input.satisfaction < 1 || input.satisfaction > 5)
        return err({ code: 'VALIDATION_FAILED', fields: { satisfaction: 'TICKET_SATISFACTION_RANGE' } });
      if (input.satisfaction <= UNHAPPY_FOLLOW_UP)
        return ok({ to: 'handling', effects: ['tell_handler_reopened'], reopened: true });
      return ok({ to: 'followed_up', effects: [] });
    case 'feedback':
      if (input.commonIssueId === undefined && input.improvementPlanId === undefined)
        return err({ code: 'VALIDATION_FAILED', fields: { commonIssueId: 'TICKET_FEEDBACK_LINK_REQUIRED' } });
      return ok({ to: 'archived', effects: [] });
    case 'reopen':
      if (input.reason.trim() === '')
        return err({ code: 'VALIDATION_FAILED', fields: { reason: 'TICKET_REOPEN_REASON_REQUIRED' } });
      return ok({ to: 'handling', effects: ['tell_handler_reopened'], reopened: true });
    case 'assign':
      if (input.assigneeId === facts.handlerId) return err({ code: 'TICKET_ALREADY_ASSIGNED' });
      return ok({ to: facts.status, effects: ['tell_assignee'] });
  }
}

/**
 * First-time close (一次性关闭): closed once, with the customer's acceptance,
 * and never reopened. A reopened ticket keeps its failed verdict however it
 * ends; an open ticket has no verdict yet.
 */
export function firstTimeClose(t: {
  status: TicketStatus;
  reopenCount: number;
  everClosedUnaccepted: boolean;
  closedAt: number | null;
}): boolean | null {
  if (t.closedAt === null) return null;
  return t.reopenCount === 0 && !t.everClosedUnaccepted;
}
