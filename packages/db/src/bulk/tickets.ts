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
import type { Executor } from '../unit-of-work.ts';
import { pgInsertRows, pgReserveIds, pgRun } from './postgres.ts';

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

/** What the generator spreads tickets over, read before it runs. */
type TicketWorld = {
  usable: { id: number; region_id: number }[];
  householdsOf: Map<number, number[]>;
  handlersOf: Map<number, number[]>;
  categories: number[];
};

/** Where the generator's rows go; `ticket` and `duty` answer the new row's id (children refer to it). */
type TicketSink = {
  ticket(row: unknown[]): number;
  event(row: unknown[]): void;
  duty(row: unknown[]): number;
  followUp(row: unknown[]): void;
  monthly(row: unknown[]): void;
};

const TICKET_COLUMNS = [
  'client_id',
  'household_id',
  'project_id',
  'region_id',
  'type',
  'channel',
  'category_id',
  'severity',
  'status',
  'reporter_kind',
  'description',
  'handler_id',
  'accepted_at',
  'first_response_at',
  'closed_at',
  'reopen_count',
  'ever_closed_unaccepted',
  'first_response_by',
  'resolve_by',
  'breached',
  'dismiss_reason',
  'updated_at',
] as const;
const EVENT_COLUMNS = ['ticket_id', 'at', 'actor_id', 'move', 'from_status', 'to_status', 'clock'] as const;
const DUTY_COLUMNS = [
  'key',
  'kind',
  'employee_id',
  'region_id',
  'project_id',
  'period_kind',
  'period_key',
  'due_from',
  'due_to',
  'status',
  'completed_on',
  'updated_at',
  'ticket_id',
] as const;
const FOLLOW_UP_COLUMNS = [
  'ticket_id',
  'round',
  'duty_id',
  'employee_id',
  'due_on',
  'satisfaction',
  'recorded_at',
] as const;
const MONTHLY_FIGURES = [
  'closed',
  'closed_on_time',
  'first_time_closed',
  'followed_up_in_time',
  'first_response_on_time',
  'reopened',
  'dismissed',
  'close_working_days',
] as const;
const MONTHLY_COLUMNS = ['region_id', 'project_id', 'type', 'month', ...MONTHLY_FIGURES] as const;
/** A cell already there (an earlier history in the same database) is added to, on both dialects. */
const MONTHLY_UPSERT = `on conflict (region_id, project_id, type, month) do update set ${MONTHLY_FIGURES.map(
  (f) => `${f} = ticket_monthly.${f} + excluded.${f}`,
).join(', ')}`;

const questionMarks = (n: number) => Array.from({ length: n }, () => '?').join(', ');
const sqliteInsert = (table: string, columns: readonly string[], suffix = '') =>
  `insert into ${table} (${columns.join(', ')}) values (${questionMarks(columns.length)}) ${suffix}`;

/**
 * One implementation of the history (`writeTicketRows`) over two sinks: on
 * SQLite prepared statements inside one synchronous transaction (a million
 * tickets go through it), ids from `lastInsertRowid`; on PostgreSQL the
 * tickets' and duties' ids are taken from their sequences first, the rows
 * buffered with them and then written as multi-row INSERTs, parents first,
 * in one transaction.
 */
export async function generateTicketHistory(db: Db, o: TicketHistoryOptions): Promise<TicketHistorySummary> {
  if (db.dialect === 'postgres')
    return db.kysely.transaction().execute(async (tx) => {
      const world = usableWorld(await ticketWorldPostgres(tx, o));
      const ticketIds = await pgReserveIds(tx, 'tickets', o.count);
      const buffers = { tickets: [] as unknown[][], events: [] as unknown[][], duties: [] as unknown[][] };
      const followUps: unknown[][] = [];
      const monthly: unknown[][] = [];
      const summary = writeTicketRows(o, world, {
        ticket: (row) => {
          const id = ticketIds[buffers.tickets.length]!;
          buffers.tickets.push([id, ...row]);
          return id;
        },
        event: (row) => void buffers.events.push(row),
        // How many follow-up duties there are is known only at the end: the generator gets each one's
        // place in the buffer, which becomes its id once that many ids are taken from the sequence.
        duty: (row) => buffers.duties.push(row) - 1,
        followUp: (row) => void followUps.push(row),
        monthly: (row) => void monthly.push(row),
      });
      await pgInsertRows(tx, 'tickets', ['id', ...TICKET_COLUMNS], buffers.tickets);
      await pgInsertRows(tx, 'ticket_events', EVENT_COLUMNS, buffers.events);
      const dutyIds = await pgReserveIds(tx, 'duties', buffers.duties.length);
      const dutyRows = buffers.duties.map((row, place) => [dutyIds[place], ...row]);
      await pgInsertRows(tx, 'duties', ['id', ...DUTY_COLUMNS], dutyRows);
      const dutyColumn = FOLLOW_UP_COLUMNS.indexOf('duty_id');
      for (const row of followUps) row[dutyColumn] = dutyIds[row[dutyColumn] as number];
      await pgInsertRows(tx, 'ticket_follow_ups', FOLLOW_UP_COLUMNS, followUps);
      await pgInsertRows(tx, 'ticket_monthly', MONTHLY_COLUMNS, monthly, MONTHLY_UPSERT);
      return summary;
    });
  const s = db.sqlite;
  const world = usableWorld(ticketWorldSqlite(db, o));
  const ticket = s.prepare(sqliteInsert('tickets', TICKET_COLUMNS));
  const event = s.prepare(sqliteInsert('ticket_events', EVENT_COLUMNS));
  const duty = s.prepare(sqliteInsert('duties', DUTY_COLUMNS));
  const followUp = s.prepare(sqliteInsert('ticket_follow_ups', FOLLOW_UP_COLUMNS));
  const monthly = s.prepare(sqliteInsert('ticket_monthly', MONTHLY_COLUMNS, MONTHLY_UPSERT));
  return exclusive(
    db,
    () =>
      writeTicketRows(o, world, {
        ticket: (row) => Number(ticket.run(row).lastInsertRowid),
        event: (row) => void event.run(row),
        duty: (row) => Number(duty.run(row).lastInsertRowid),
        followUp: (row) => void followUp.run(row),
        monthly: (row) => void monthly.run(row),
      }),
    'immediate',
  );
}

/** The projects with households and handlers to spread tickets over; throws when there are none. */
function usableWorld(world: Omit<TicketWorld, 'usable'> & { projects: TicketWorld['usable'] }): TicketWorld {
  const projects = world.projects;
  if (projects.length === 0) throw new Error('no projects to make tickets for');
  const usable = projects.filter((p) => world.householdsOf.has(p.id) && world.handlersOf.has(p.region_id));
  if (usable.length === 0 || world.categories.length === 0)
    throw new Error('projects need households, handlers and categories');
  return { usable, householdsOf: world.householdsOf, handlersOf: world.handlersOf, categories: world.categories };
}

/** Appends `id` to its key's list, up to `max` (a few households or handlers a project are enough). */
function collect(lists: Map<number, number[]>, key: number, id: number, max: number) {
  const list = lists.get(key) ?? [];
  if (list.length < max) list.push(id);
  lists.set(key, list);
}

function ticketWorldSqlite(db: Db, o: TicketHistoryOptions) {
  const s = db.sqlite;
  const projects = (
    s.prepare('select id, region_id from projects order by id').all() as { id: number; region_id: number }[]
  ).filter((p) => !o.projectIds || o.projectIds.includes(p.id));
  const wanted = new Set(projects.map((p) => p.id));
  // A few households per project are enough to spread tickets over (a million households need not be kept).
  const householdsOf = new Map<number, number[]>();
  const householdRows = s
    .prepare('select id, project_id from households where project_id in (select value from json_each(?)) order by id')
    .iterate(JSON.stringify([...wanted])) as Iterable<{ id: number; project_id: number }>;
  for (const h of householdRows) collect(householdsOf, h.project_id, h.id, 50);
  const handlersOf = new Map<number, number[]>();
  for (const e of s
    .prepare('select id, region_id from employees where active = 1 and region_id is not null order by id')
    .iterate() as Iterable<{ id: number; region_id: number }>)
    collect(handlersOf, e.region_id, e.id, 40);
  const categories = s.prepare('select id from issue_categories order by id').pluck().all() as number[];
  return { projects, householdsOf, handlersOf, categories };
}

/** The same reads on PostgreSQL; only each project's first 50 households come over the wire. */
async function ticketWorldPostgres(tx: Executor, o: TicketHistoryOptions) {
  const projects = (
    await pgRun<{ id: number; region_id: number }>(tx, 'select id, region_id from projects order by id')
  ).rows.filter((p) => !o.projectIds || o.projectIds.includes(p.id));
  const householdsOf = new Map<number, number[]>();
  const households = await pgRun<{ id: number; project_id: number }>(
    tx,
    `select id, project_id from (
       select id, project_id, row_number() over (partition by project_id order by id) as n
       from households where project_id = any($1::bigint[])
     ) h where n <= 50 order by id`,
    [projects.map((p) => p.id)],
  );
  for (const h of households.rows) collect(householdsOf, h.project_id, h.id, 50);
  const handlersOf = new Map<number, number[]>();
  const handlers = await pgRun<{ id: number; region_id: number }>(
    tx,
    'select id, region_id from employees where active = 1 and region_id is not null order by id',
  );
  for (const e of handlers.rows) collect(handlersOf, e.region_id, e.id, 40);
  const categories = (await pgRun<{ id: number }>(tx, 'select id from issue_categories order by id')).rows.map(
    (c) => c.id,
  );
  return { projects, householdsOf, handlersOf, categories };
}

/** The history itself, deterministic for the options and the world: every row goes to `sink`. */
function writeTicketRows(o: TicketHistoryOptions, world: TicketWorld, sink: TicketSink): TicketHistorySummary {
  const { usable, householdsOf, handlersOf, categories } = world;
  const r = createRandom(o.seed ?? 6);
  const prefix = o.clientIdPrefix ?? 'gen';
  const span = o.years * 365 * DAY_MS;
  const start = o.endAt - span;
  const cells = new Map<
    string,
    { region: number; project: number; type: string; month: string; totals: TicketTotals }
  >();
  const summary: TicketHistorySummary = { tickets: 0, open: 0, events: 0, followUps: 0, monthlyCells: 0 };
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
    const id = sink.ticket([
      `${prefix}-${i}`,
      r.pick(householdsOf.get(p.id)!),
      p.id,
      p.region_id,
      type,
      r.pick(CHANNELS),
      r.pick(categories),
      severity,
      status,
      'owner',
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
    ]);
    summary.tickets++;
    sink.event([id, acceptedAt, null, 'accept', null, 'accepted', 'running']);
    summary.events++;
    if (closedAt !== null) {
      const dismissed = status === 'dismissed';
      sink.event([
        id,
        closedAt,
        handler,
        dismissed ? 'dismiss' : 'close',
        'handling',
        dismissed ? 'dismissed' : 'closed',
        'stopped',
      ]);
      summary.events++;
    }
    if (followedUpAt !== null && closedAt !== null) {
      const employee = handler ?? r.pick(handlersOf.get(p.region_id)!);
      const closedOn = shanghaiDate(closedAt);
      const dueOn = shanghaiDate(closedAt + FOLLOW_UP_DAYS * DAY_MS);
      const dutyId = sink.duty([
        `ticket-follow-up-${prefix}-${id}-1`,
        FOLLOW_UP_DUTY_KIND,
        employee,
        p.region_id,
        p.id,
        'month',
        dueOn.slice(0, 7),
        closedOn,
        dueOn,
        'done',
        shanghaiDate(followedUpAt),
        followedUpAt,
        id,
      ]);
      sink.followUp([id, 1, dutyId, employee, dueOn, r.int(3, 5), followedUpAt]);
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
    sink.monthly([
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
    ]);
  }
  summary.monthlyCells = cells.size;
  return summary;
}
