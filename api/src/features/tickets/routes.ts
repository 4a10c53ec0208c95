import {
  householdInScope,
  idParam,
  mayRevealHousehold,
  phoneLookupQuery,
  ticketInput,
  ticketListQuery,
  ticketMoveInput,
  ticketNoteInput,
  toTicketMove,
  type Household,
} from '@frontline/core';
import {
  employeeNames,
  getHousehold,
  getHouseholds,
  getTicket,
  ticketEvents,
  ticketFollowUps,
  ticketNotes,
  householdIdsByPhone,
  listTickets,
  loadWorkCalendar,
  ticketPhotoIds,
  type TicketFollowUp,
  type TicketRecord,
} from '@frontline/db';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../http/context.ts';
import { forbidden, notFound, valueOrThrow } from '../../http/errors.ts';
import { allow, signedIn } from '../../http/policy.ts';
import { auditContext } from '../../http/request-info.ts';
import { input, parseOrThrow } from '../../http/validate.ts';
import { maskedHouseholds } from '../../routes/views.ts';
import { revealOrRefuse } from '../households/routes.ts';
import { allowedTicketMoves, mayAddNote, seesBoard, seesTicket, VIEW } from './policy.ts';
import { addTicketNote, createTicket, moveTicket, ticketClock, ticketList, ticketListFilter } from './service.ts';
import { revealedContact, ticketView } from './views.ts';

const tags = ['tickets'];

/** The ticket if the caller may see it (else 404), with what deciding that read: its household and follow-ups. */
async function visibleTicket(
  c: Context<AppEnv>,
  id: number,
): Promise<{ ticket: TicketRecord; household: Household; followUps: TicketFollowUp[] }> {
  const { actor } = signedIn(c);
  const db = c.get('deps').db;
  const ticket = await getTicket(db, id);
  if (!ticket) throw notFound();
  const [household, followUps] = await Promise.all([getHousehold(db, ticket.householdId), ticketFollowUps(db, id)]);
  if (
    !household ||
    !seesTicket(
      actor,
      ticket,
      household,
      followUps.map((f) => f.employeeId),
    )
  )
    throw notFound();
  return { ticket, household, followUps };
}

const openFollowUpBy = (followUps: readonly TicketFollowUp[]): number | null =>
  followUps.find((f) => f.recordedAt === null)?.employeeId ?? null;

async function ticketBody(c: Context<AppEnv>, id: number) {
  const { actor } = signedIn(c);
  const deps = c.get('deps');
  const db = deps.db;
  const now = deps.now();
  const { ticket: t, household, followUps } = await visibleTicket(c, id);
  const [events, notes, photoIds, { clock }] = await Promise.all([
    ticketEvents(db, t.id),
    ticketNotes(db, t.id),
    ticketPhotoIds(db, t.id),
    loadWorkCalendar(db).then((calendar) => ticketClock(calendar, db, t, now)),
  ]);
  const openBy = openFollowUpBy(followUps);
  const names = await employeeNames(db, [
    ...(t.handlerId === null ? [] : [t.handlerId]),
    ...events.flatMap((e) => (e.actorId === null ? [] : [e.actorId])),
    ...notes.map((n) => n.authorId),
    ...followUps.map((f) => f.employeeId),
  ]);
  return ticketView(actor, t, {
    household,
    names,
    clock,
    now,
    events,
    notes,
    followUps,
    photoIds,
    allowedMoves: allowedTicketMoves(actor, t, openBy),
    canAddNote: mayAddNote(actor, t, openBy),
  });
}

const moveBody = z.object({ version: z.number().int().positive().optional() }).passthrough();

export const ticketRoutes = new Hono<AppEnv>()
  .post(
    '/tickets',
    allow(VIEW, {
      summary:
        'Raise a complaint, repair request or consultation against a household in scope; idempotent by clientId (the same id answers the same ticket, 200)',
      tags,
    }),
    input('json', ticketInput),
    async (c) => {
      const { actor } = signedIn(c);
      const deps = c.get('deps');
      const body = c.req.valid('json');
      const household = await getHousehold(deps.db, body.householdId);
      if (!household || !householdInScope(actor, household)) throw notFound();
      const made = valueOrThrow(
        await createTicket(deps.db, actor, body, {
          ...auditContext(c),
          actorId: actor.employeeId,
          mail: deps.mail,
        }),
      );
      return c.json(await ticketBody(c, made.id), made.created ? 201 : 200);
    },
  )
  .get(
    '/tickets',
    allow(VIEW, {
      summary:
        'Tickets: the dispatch board’s queues (unassigned, breaching_soon, breached, waiting, regional) for customer relations and managers in scope; `queue=mine` the caller’s own (我的工单)',
      tags,
    }),
    input('query', ticketListQuery),
    async (c) => {
      const { actor } = signedIn(c);
      const deps = c.get('deps');
      const now = deps.now();
      return c.json(await ticketList(deps.db, actor, ticketListFilter(actor, c.req.valid('query'), now), now), 200);
    },
  )
  .get(
    '/tickets/board',
    allow(VIEW, {
      summary: 'How many open tickets of the caller’s scope sit in each queue of the dispatch board',
      tags,
    }),
    async (c) => {
      const { actor } = signedIn(c);
      if (!seesBoard(actor)) throw forbidden();
      const deps = c.get('deps');
      const now = deps.now();
      const queues = ['unassigned', 'breaching_soon', 'breached', 'waiting', 'regional'] as const;
      const counts = await Promise.all(
        queues.map(async (queue) => {
          const f = ticketListFilter(actor, { queue, limit: 1, offset: 0 }, now);
          return [queue, (await listTickets(deps.db, { ...f, involving: undefined, limit: 1 })).total] as const;
        }),
      );
      return c.json({ counts: Object.fromEntries(counts) }, 200);
    },
  )
  .get(
    '/tickets/lookup',
    allow(VIEW, {
      summary:
        'The 400 line’s lookup: households in scope with an owner whose phone is exactly this number, masked (reveal is the logged household route)',
      tags,
    }),
    input('query', phoneLookupQuery),
    async (c) => {
      const { actor } = signedIn(c);
      const db = c.get('deps').db;
      const phone = c.req.valid('query').phone.replace(/[\s-]/g, '');
      const ids = await householdIdsByPhone(db, phone, 20);
      const households = (await getHouseholds(db, ids)).filter((h) => householdInScope(actor, h));
      return c.json({ households: maskedHouseholds(actor, households) }, 200);
    },
  )
  .get(
    '/tickets/:id',
    allow(VIEW, {
      summary:
        'One ticket: its SLA clock (sla.firstResponseBy, sla.resolveBy as ISO instants, sla.paused, sla.breached), history, customer notes, follow-ups and the moves the caller may make',
      tags,
    }),
    input('param', idParam),
    async (c) => c.json(await ticketBody(c, c.req.valid('param').id), 200),
  )
  .post(
    '/tickets/:id/moves',
    allow(VIEW, {
      summary:
        'A step of the eight: { move, …its fields, version? }. 422 when the lifecycle does not allow it (with the reason), 403 when it is not the caller’s, 409 when the ticket moved meanwhile',
      tags,
    }),
    input('param', idParam),
    input('json', moveBody),
    async (c) => {
      const { actor } = signedIn(c);
      const deps = c.get('deps');
      const { ticket: t } = await visibleTicket(c, c.req.valid('param').id);
      const raw = c.req.valid('json');
      // The move's own fields, in the caller's language, once the ticket is known to be theirs to see.
      const parsed = parseOrThrow(ticketMoveInput, raw, c.get('locale'));
      valueOrThrow(
        await moveTicket(deps.db, actor, t.id, toTicketMove(parsed), {
          ...auditContext(c),
          actorId: actor.employeeId,
          mail: deps.mail,
          ...(raw.version !== undefined && { expectedVersion: raw.version }),
        }),
      );
      return c.json(await ticketBody(c, t.id), 200);
    },
  )
  .post(
    '/tickets/:id/notes',
    allow(VIEW, {
      summary: 'Record what the customer was told about progress, and how (the first one answers the customer)',
      tags,
    }),
    input('param', idParam),
    input('json', ticketNoteInput),
    async (c) => {
      const { actor } = signedIn(c);
      const deps = c.get('deps');
      const { ticket: t, followUps } = await visibleTicket(c, c.req.valid('param').id);
      if (!mayAddNote(actor, t, openFollowUpBy(followUps))) throw forbidden();
      valueOrThrow(
        await addTicketNote(deps.db, t.id, c.req.valid('json'), { ...auditContext(c), actorId: actor.employeeId }),
      );
      return c.json(await ticketBody(c, t.id), 201);
    },
  )
  .post(
    '/tickets/:id/reveal',
    allow(VIEW, {
      summary:
        'The reporter’s contact and the household in full; only for those who may reveal the household; logged and limited like a household reveal',
      tags,
    }),
    input('param', idParam),
    async (c) => {
      const { actor } = signedIn(c);
      const { ticket: t, household } = await visibleTicket(c, c.req.valid('param').id);
      if (!mayRevealHousehold(actor, household)) throw forbidden();
      await revealOrRefuse(c, household.id);
      return c.json({ reporter: revealedContact(t) }, 200);
    },
  );
