import {
  OPEN_TICKET_STATUSES,
  TICKET_SCOPES,
  TICKET_SEVERITIES,
  type ClockState,
  type TicketScope,
  type TicketSeverity,
} from '@frontline/core';
import { exclusive, type Db } from '../open.ts';
import { oneOf } from '../repositories/columns.ts';
import { chunks, pgRun } from './postgres.ts';

/**
 * Every open ticket's clock inputs at once, and the cached deadlines written
 * back, on prepared statements: after a calendar change all open tickets are
 * replayed (50,000 of them in a large group), which row-by-row queries
 * through the builder would make many times slower than the replay itself.
 */
export type TicketClockInput = {
  id: number;
  projectId: number;
  categoryId: number;
  severity: TicketSeverity;
  scope: TicketScope;
  acceptedAt: number;
  firstResponseAt: number | null;
  events: { at: number; clock: ClockState }[];
};

export type TicketClockCache = {
  id: number;
  firstResponseBy: number;
  resolveBy: number;
  breached: boolean;
  remindAt: number | null;
  escalateAt: number | null;
};

const OPEN_LIST = OPEN_TICKET_STATUSES.map((s) => `'${s}'`).join(', ');

const OPEN_TICKETS_SQL = `select id, project_id, category_id, severity, scope, accepted_at, first_response_at from tickets
  where status in (${OPEN_LIST}) order by id`;
const OPEN_EVENTS_SQL = `select e.ticket_id, e.at, e.clock from ticket_events e join tickets t on t.id = e.ticket_id
  where t.status in (${OPEN_LIST}) order by e.ticket_id, e.at, e.id`;

type OpenTicketRow = {
  id: number;
  project_id: number;
  category_id: number;
  severity: string;
  scope: string;
  accepted_at: number;
  first_response_at: number | null;
};

/**
 * Both reads in one transaction, so the events belong to the tickets read:
 * on SQLite on the raw driver (rows as arrays, no per-row compile); on
 * PostgreSQL two plain queries in a repeatable-read transaction.
 */
export async function openTicketClockInputs(db: Db): Promise<TicketClockInput[]> {
  if (db.dialect === 'postgres')
    return db.kysely
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (tx) => {
        const tickets = (await pgRun<OpenTicketRow>(tx, OPEN_TICKETS_SQL)).rows;
        const events = (await pgRun<{ ticket_id: number; at: number; clock: string }>(tx, OPEN_EVENTS_SQL)).rows;
        return clockInputsOf(
          tickets,
          events.map((e) => [e.ticket_id, e.at, e.clock]),
        );
      });
  return exclusive(db, () =>
    clockInputsOf(
      db.sqlite.prepare(OPEN_TICKETS_SQL).all() as OpenTicketRow[],
      db.sqlite.prepare(OPEN_EVENTS_SQL).raw().iterate() as Iterable<[number, number, string]>,
    ),
  );
}

function clockInputsOf(
  tickets: readonly OpenTicketRow[],
  events: Iterable<[number, number, string]>,
): TicketClockInput[] {
  const byId = new Map<number, TicketClockInput>();
  const out = tickets.map((t) => {
    const input: TicketClockInput = {
      id: t.id,
      projectId: t.project_id,
      categoryId: t.category_id,
      severity: oneOf(TICKET_SEVERITIES, t.severity, 'tickets.severity'),
      scope: oneOf(TICKET_SCOPES, t.scope, 'tickets.scope'),
      acceptedAt: t.accepted_at,
      firstResponseAt: t.first_response_at,
      events: [],
    };
    byId.set(t.id, input);
    return input;
  });
  for (const [ticketId, at, clock] of events)
    byId
      .get(ticketId)
      ?.events.push({ at, clock: clock === 'paused' ? 'paused' : clock === 'stopped' ? 'stopped' : 'running' });
  for (const t of out) if (t.events.length === 0) t.events.push({ at: t.acceptedAt, clock: 'running' });
  return out;
}

/** Writes the cached deadlines of many tickets in one transaction. */
export async function writeTicketClocks(db: Db, rows: readonly TicketClockCache[]): Promise<void> {
  if (db.dialect === 'postgres') {
    // One update over arrays per few thousand tickets, in one transaction.
    await db.kysely.transaction().execute(async (tx) => {
      for (const part of chunks(rows))
        await pgRun(
          tx,
          `update tickets t set first_response_by = u.first_response_by, resolve_by = u.resolve_by, breached = u.breached,
             remind_at = u.remind_at, escalate_at = u.escalate_at
           from unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::int[], $5::bigint[], $6::bigint[])
             as u(id, first_response_by, resolve_by, breached, remind_at, escalate_at)
           where t.id = u.id`,
          [
            part.map((r) => r.id),
            part.map((r) => r.firstResponseBy),
            part.map((r) => r.resolveBy),
            part.map((r) => (r.breached ? 1 : 0)),
            part.map((r) => r.remindAt),
            part.map((r) => r.escalateAt),
          ],
        );
    });
    return;
  }
  await exclusive(
    db,
    () => {
      const update = db.sqlite.prepare(
        'update tickets set first_response_by = ?, resolve_by = ?, breached = ?, remind_at = ?, escalate_at = ? where id = ?',
      );
      for (const r of rows)
        update.run(r.firstResponseBy, r.resolveBy, r.breached ? 1 : 0, r.remindAt, r.escalateAt, r.id);
    },
    'immediate',
  );
}
