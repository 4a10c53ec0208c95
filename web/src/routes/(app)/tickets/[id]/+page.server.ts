import { TICKET_MOVES, TICKET_NOTE_CHANNELS } from '@frontline/core';
import { fail } from '@sveltejs/kit';
import { actionResult, apiClient, failWith, unwrap } from '#lib/server/api.ts';
import { field } from '#lib/server/form.ts';
import type { Actions, PageServerLoad } from './$types';

/**
 * One ticket. The moves offered are the API's (`allowedMoves`), so the page
 * keeps no copy of the lifecycle or of who may do what; the people a ticket
 * can be handed to are the project's, when a hand-over is among the moves.
 */
export const load: PageServerLoad = async (event) => {
  const api = apiClient(event).api;
  const body = await unwrap(await api.tickets[':id'].$get({ param: { id: event.params.id } }));
  const handsOver = body.allowedMoves.some((m) => m === 'handle' || m === 'assign');
  const staff = handsOver
    ? await api.projects[':id'].employees.$get({
        param: { id: String(body.ticket.projectId) },
        query: { limit: '200' },
      })
    : null;
  const people = staff?.ok ? (await staff.json()).items.filter((e) => e.active) : [];
  const categories = await unwrap(await api['issue-categories'].$get());
  return {
    ...body,
    people: people.map((e) => ({ id: e.id, name: e.name, line: e.line })),
    category: categories.categories.find((c) => c.id === body.ticket.categoryId)?.label ?? null,
  };
};

/** Fields sent as numbers; everything else goes as text, blank fields left out. */
const NUMBERS = new Set(['assigneeId', 'satisfaction', 'commonIssueId', 'improvementPlanId']);

export const actions: Actions = {
  move: async (event) => {
    const form = await event.request.formData();
    const move = TICKET_MOVES.find((m) => m === field(form, 'move'));
    if (!move) return fail(422, { action: 'move', move: '', message: 'Unknown move', fields: {} });
    const json: Record<string, unknown> & { version?: number } = { move };
    for (const [key, raw] of form.entries()) {
      const value = String(raw).trim();
      if (key === 'move' || value === '') continue;
      if (key === 'version') json.version = Number(value);
      else if (key === 'accepted') json.accepted = value === 'yes';
      else json[key] = NUMBERS.has(key) ? Number(value) : value;
    }
    if (move === 'close' && json.accepted === true) delete json.reason;
    if (move === 'close' && json.accepted === false) delete json.acceptedHow;
    const response = await apiClient(event).api.tickets[':id'].moves.$post({ param: { id: event.params.id }, json });
    return response.ok ? { action: 'move', move, message: '', fields: {} } : failWith('move', response, { move });
  },
  note: async (event) => {
    const form = await event.request.formData();
    const toldVia = TICKET_NOTE_CHANNELS.find((c) => c === field(form, 'toldVia')) ?? 'phone';
    return actionResult(
      'note',
      await apiClient(event).api.tickets[':id'].notes.$post({
        param: { id: event.params.id },
        json: { toldVia, text: field(form, 'text') },
      }),
    );
  },
  reveal: async (event) => {
    const response = await apiClient(event).api.tickets[':id'].reveal.$post({ param: { id: event.params.id } });
    if (!response.ok) return failWith('reveal', response);
    const { reporter } = (await response.json()) as { reporter: { name: string; phone: string } };
    return { action: 'reveal', message: '', fields: {}, reporter };
  },
};
