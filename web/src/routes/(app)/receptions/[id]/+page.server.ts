import { field } from '#lib/server/form.ts';
import { apiClient, failWith, unwrap } from '#lib/server/api.ts';
import type { Actions, PageServerLoad } from './$types';

/** One reception day: slots, roster, booking, and for its managers move / re-slot / cancel. */
export const load: PageServerLoad = async (event) => {
  const { me } = await event.parent();
  const api = apiClient(event).api;
  const [detail, households] = await Promise.all([
    api['reception-days'][':id'].$get({ param: { id: event.params.id } }).then(unwrap),
    me.capabilities.includes('households.view')
      ? api.my.households.$get({ query: { limit: '200' } }).then(unwrap)
      : null,
  ]);
  return { ...detail, households: households?.items ?? [] };
};

async function done(action: string, response: Response, ok: Record<string, unknown> = {}) {
  if (!response.ok) return failWith(action, response);
  return { action, saved: true, ...ok };
}

export const actions: Actions = {
  book: async (event) => {
    const form = await event.request.formData();
    const response = await apiClient(event).api['reception-days'][':id'].bookings.$post({
      param: { id: event.params.id },
      json: {
        slotId: Number(field(form, 'slotId')),
        householdId: Number(field(form, 'householdId')),
        note: field(form, 'note'),
      },
    });
    return done('book', response);
  },
  cancelBooking: async (event) => {
    const form = await event.request.formData();
    const response = await apiClient(event).api.bookings[':id'].cancel.$post({
      param: { id: field(form, 'bookingId') },
      json: { reason: field(form, 'reason') },
    });
    return done('cancelBooking', response);
  },
  move: async (event) => {
    const form = await event.request.formData();
    const response = await apiClient(event).api['reception-days'][':id'].move.$post({
      param: { id: event.params.id },
      json: { date: field(form, 'date'), reason: field(form, 'reason') },
    });
    if (!response.ok) return failWith('move', response);
    // A likely holiday is allowed, with a word of warning.
    const { warnings } = (await response.json()) as { warnings?: { message: string }[] };
    return { action: 'move', saved: true, warnings: (warnings ?? []).map((w) => w.message) };
  },
  slots: async (event) => {
    const form = await event.request.formData();
    const response = await apiClient(event).api['reception-days'][':id'].slots.$put({
      param: { id: event.params.id },
      json: {
        startTime: field(form, 'startTime'),
        endTime: field(form, 'endTime'),
        slotMinutes: Number(field(form, 'slotMinutes')),
        slotCapacity: Number(field(form, 'slotCapacity')),
        topic: field(form, 'topic'),
      },
    });
    return done('slots', response);
  },
  cancelDay: async (event) => {
    const form = await event.request.formData();
    const response = await apiClient(event).api['reception-days'][':id'].cancel.$post({
      param: { id: event.params.id },
      json: { reason: field(form, 'reason') },
    });
    return done('cancelDay', response);
  },
};
