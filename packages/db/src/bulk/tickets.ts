import {
  addTicketTotals,
  emptyTicketTotals,
  FOLLOW_UP_DAYS,
  OPEN_TICKET_STATUSES,
  shanghaiDate,
  ticketContribution,
  type TicketStatus,
  type TicketTotals,
  type TicketType,
} from '@frontline/core';
import { exclusive, type Db } from '../open.ts';
import { createRandom } from '../seed/random.ts';

/**
 * Made-up ticket history for benchmarks, tests and demos: tickets with
 * plausible statuses and times, an 'accept' event and (when closed) a close
 * or dismiss event, a follow-up (with its duty) for most closed tickets, and
 * the `ticket_monthly` totals those tickets add, computed with core's
 * `ticketContribution`, so the totals agree with the ticket rows exactly.
 * Deterministic: the same options give the same rows. Prepared statements,
 * one transaction: a million tickets go through here.
 */

export type TicketHistoryOptions = {
  /** How many tickets. */
  count: number;
  /** The history ends here (epoch ms): nothing is accepted or closed after it. */
  endAt: number;
  /** How far back it reaches. */
  years: number;
  seed?: number;
  /** Only these projects (default: every project). */
  projectIds?: readonly number[];
  /** Prefix of the tickets' client ids, so two histories in one database never collide. */
  clientIdPrefix?: string;
};

export type TicketHistorySummary = {
  tickets: number;
  open: number;
  events: number;
  followUps: number;
  monthlyCells: number;
};

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const TYPES: readonly TicketType[] = ['repair', 'repair', 'repair', 'complaint', 'complaint', 'consultation'];
const SEVERITIES = ['general', 'general', 'general', 'general', 'major', 'crisis'] as const;
const RESOLVE_DAYS = { general: 7, major: 3, crisis: 1 } as const;
const CHANNELS = ['reception_desk', 'phone_400', 'visit', 'reception_day', 'customer_relations'] as const;
const DESCRIPTIONS = [
  '卫生间吊顶渗水',
  '入户门关闭不严',
  '外墙瓷砖脱落',
  '电梯运行噪音大',
  '物业服务态度差',
  '地下车库积水',
];
/**
 * The kind of the made-up follow-up duties: one core's DUTY_KINDS knows and the planning run leaves alone,
 * until the ticket service names its own.
 */
const FOLLOW_UP_DUTY_KIND = 'follow_up';
const CLOSED_STATUSES: readonly TicketStatus[] = ['closed', 'followed_up', 'archived'];

/** Working days (weekdays, holidays ignored) between two instants, to the hundredth: the generator's stand-in for the work calendar. */
export function approximateWorkingDays(from: number, to: number): number {
  return Math.round(((to - from) / DAY_MS) * (5 / 7) * 100) / 100;
}

export async function generateTicketHistory(db: Db, o: TicketHistoryOptions): Promise<TicketHistorySummary> {
  const s = db.sqlite;
  const r = createRandom(o.seed ?? 6);
  const prefix = o.clientIdPrefix ?? 'gen';
  const projects = (
    s.prepare('select id, region_id from projects order by id').all() as { id: number; region_id: number }[]
  ).filter((p) => !o.projectIds || o.projectIds.includes(p.id));
  if (projects.length === 0) throw new Error('no projects to make tickets for');
  const wanted = new Set(projects.map((p) => p.id));
  // A few households per project are enough to spread tickets over (a million households need not be read).
  const householdsOf = new Map<number, number[]>();
  const householdRows = s
    .prepare('select id, project_id from households where project_id in (select value from json_each(?)) order by id')
    .iterate(JSON.stringify([...wanted])) as Iterable<{ id: number; project_id: number }>;
  for (const h of householdRows) {
    const list = householdsOf.get(h.project_id) ?? [];
    if (list.length < 50) list.push(h.id);
    householdsOf.set(h.project_id, list);
  }
  const handlersOf = new Map<number, number[]>();
  for (const e of s
    .prepare('select id, region_id from employees where active = 1 and region_id is not null order by id')
    .iterate() as Iterable<{ id: number; region_id: number }>) {
    const list = handlersOf.get(e.region_id) ?? [];
    if (list.length < 40) list.push(e.id);
    handlersOf.set(e.region_id, list);
  }
  const categories = s.prepare('select id from issue_categories order by id').pluck().all() as number[];
  const usable = projects.filter((p) => householdsOf.has(p.id) && handlersOf.has(p.region_id));
  if (usable.length === 0 || categories.length === 0)
    throw new Error('projects need households, handlers and categories');

  const ticket = s.prepare(
    `insert into tickets (client_id, household_id, project_id, region_id, type, channel, category_id, severity, status,
       reporter_kind, description, handler_id, accepted_at, first_response_at, closed_at, reopen_count, ever_closed_unaccepted,
       first_response_by, resolve_by, breached, dismiss_reason, updated_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'owner', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const event = s.prepare(
    `insert into ticket_events (ticket_id, at, actor_id, move, from_status, to_status, clock) values (?, ?, ?, ?, ?, ?, ?)`,
  );
  const duty = s.prepare(
    `insert into duties (key, kind, employee_id, region_id, project_id, period_kind, period_key, due_from, due_to, status, completed_on, updated_at, ticket_id)
     values (?, '${FOLLOW_UP_DUTY_KIND}', ?, ?, ?, 'month', ?, ?, ?, ?, ?, ?, ?)`,
  );
  const followUp = s.prepare(
    `insert into ticket_follow_ups (ticket_id, round, duty_id, employee_id, due_on, satisfaction, recorded_at) values (?, 1, ?, ?, ?, ?, ?)`,
  );
  const monthly = s.prepare(
    `insert into ticket_monthly (region_id, project_id, type, month, closed, closed_on_time, first_time_closed, followed_up_in_time,
       first_response_on_time, reopened, dismissed, close_working_days)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     on conflict do update set closed = closed + excluded.closed, closed_on_time = closed_on_time + excluded.closed_on_time,
       first_time_closed = first_time_closed + excluded.first_time_closed, followed_up_in_time = followed_up_in_time + excluded.followed_up_in_time,
       first_response_on_time = first_response_on_time + excluded.first_response_on_time, reopened = reopened + excluded.reopened,
       dismissed = dismissed + excluded.dismissed, close_working_days = close_working_days + excluded.close_working_days`,
  );

  const span = o.years * 365 * DAY_MS;
  const start = o.endAt - span;
  const cells = new Map<
    string,
    { region: number; project: number; type: string; month: string; totals: TicketTotals }
  >();
  const summary: TicketHistorySummary = { tickets: 0, open: 0, events: 0, followUps: 0, monthlyCells: 0 };

  await exclusive(
    db,
    () => {
      for (let i = 0; i < o.count; i++) {
        const p = usable[Math.floor(r.next() * usable.length)]!;
        const type = r.pick(TYPES);
        const severity = r.pick(SEVERITIES);
        const acceptedAt = start + Math.floor(r.next() * span);
        const firstResponseBy = acceptedAt + (severity === 'general' ? 24 : 4) * HOUR_MS;
        const resolveBy = acceptedAt + RESOLVE_DAYS[severity] * DAY_MS;
        const handler = r.chance(0.9) ? r.pick(handlersOf.get(p.region_id)!) : null;
        // Most tickets close in a few days; some run late; a few are still open.
        const takes =
          (r.chance(0.85) ? r.next() * RESOLVE_DAYS[severity] : RESOLVE_DAYS[severity] * (1 + r.next() * 4)) * DAY_MS;
        const stillOpen = acceptedAt + takes > o.endAt || r.chance(0.003);
        const firstResponseAt = r.chance(0.05)
          ? null
          : acceptedAt + Math.floor((r.chance(0.9) ? r.next() : 1 + r.next()) * (firstResponseBy - acceptedAt));
        let status: TicketStatus;
        let closedAt: number | null = null;
        let reopenCount = 0;
        let unaccepted = 0;
        let dismissReason: string | null = null;
        let followedUpAt: number | null = null;
        if (stillOpen) {
          status = r.pick(OPEN_TICKET_STATUSES);
          summary.open++;
        } else {
          closedAt = acceptedAt + Math.max(HOUR_MS, Math.floor(takes));
          if (type === 'consultation' || r.chance(0.04)) {
            status = 'dismissed';
            dismissReason = r.chance(0.5) ? 'answered' : 'invalid';
          } else {
            reopenCount = r.chance(0.06) ? 1 : 0;
            unaccepted = r.chance(0.04) ? 1 : 0;
            const roll = r.next();
            if (roll < 0.85) followedUpAt = closedAt + Math.floor(r.next() * FOLLOW_UP_DAYS * DAY_MS);
            else if (roll < 0.92) followedUpAt = closedAt + (FOLLOW_UP_DAYS + 1 + r.int(0, 5)) * DAY_MS;
            if (followedUpAt !== null && followedUpAt > o.endAt) followedUpAt = null;
            status = followedUpAt === null ? 'closed' : r.pick(CLOSED_STATUSES.slice(1));
          }
        }
        const at = closedAt ?? acceptedAt;
        const breached = (closedAt ?? o.endAt) > resolveBy ? 1 : 0;
        const id = Number(
          ticket.run(
            `${prefix}-${i}`,
            r.pick(householdsOf.get(p.id)!),
            p.id,
            p.region_id,
            type,
            r.pick(CHANNELS),
            r.pick(categories),
            severity,
            status,
            r.pick(DESCRIPTIONS),
            status === 'accepted' && r.chance(0.5) ? null : handler,
            acceptedAt,
            firstResponseAt,
            closedAt,
            reopenCount,
            unaccepted,
            firstResponseBy,
            resolveBy,
            breached,
            dismissReason,
            followedUpAt ?? at,
          ).lastInsertRowid,
        );
        summary.tickets++;
        event.run(id, acceptedAt, null, 'accept', null, 'accepted', 'running');
        summary.events++;
        if (closedAt !== null) {
          const dismissed = status === 'dismissed';
          event.run(
            id,
            closedAt,
            handler,
            dismissed ? 'dismiss' : 'close',
            'handling',
            dismissed ? 'dismissed' : 'closed',
            'stopped',
          );
          summary.events++;
        }
        if (followedUpAt !== null && closedAt !== null) {
          const employee = handler ?? r.pick(handlersOf.get(p.region_id)!);
          const closedOn = shanghaiDate(closedAt);
          const dueOn = shanghaiDate(closedAt + FOLLOW_UP_DAYS * DAY_MS);
          const dutyId = Number(
            duty.run(
              `ticket-follow-up-${prefix}-${id}-1`,
              employee,
              p.region_id,
              p.id,
              dueOn.slice(0, 7),
              closedOn,
              dueOn,
              'done',
              shanghaiDate(followedUpAt),
              followedUpAt,
              id,
            ).lastInsertRowid,
          );
          followUp.run(id, dutyId, employee, dueOn, r.int(3, 5), followedUpAt);
          summary.followUps++;
        }
        const contribution = ticketContribution({
          type,
          status,
          closedAt,
          closedMonth: closedAt === null ? null : shanghaiDate(closedAt).slice(0, 7),
          onTime: closedAt !== null && closedAt <= resolveBy,
          firstResponseOnTime: firstResponseAt !== null && firstResponseAt <= firstResponseBy,
          reopenCount,
          everClosedUnaccepted: unaccepted === 1,
          followedUpAt,
          workingDaysToClose: closedAt === null ? 0 : approximateWorkingDays(acceptedAt, closedAt),
        });
        if (contribution) {
          const key = `${p.region_id}|${p.id}|${type}|${contribution.month}`;
          const cell = cells.get(key) ?? {
            region: p.region_id,
            project: p.id,
            type,
            month: contribution.month,
            totals: emptyTicketTotals(),
          };
          cell.totals = addTicketTotals(cell.totals, contribution.totals);
          cells.set(key, cell);
        }
      }
      for (const c of cells.values()) {
        const t = c.totals;
        monthly.run(
          c.region,
          c.project,
          c.type,
          c.month,
          t.closed,
          t.closed_on_time,
          t.first_time_closed,
          t.followed_up_in_time,
          t.first_response_on_time,
          t.reopened,
          t.dismissed,
          t.close_working_days,
        );
      }
      summary.monthlyCells = cells.size;
    },
    'immediate',
  );
  return summary;
}
