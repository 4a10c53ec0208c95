import { fail } from '@sveltejs/kit';
import { apiClient, errorOf, unwrap } from '#lib/server/api.ts';
import type { Actions, PageServerLoad } from './$types';

/** One reception day: slots, roster, booking, and for its managers move / re-slot / cancel. */
export const load: PageServerLoad = async (event) => {
  const { me } = await event.parent();
  const api = apiClient(event).api;
  const [detail, households] = await Promise.all([
    unwrap(await api['reception-days'][':id'].$get({ param: { id: event.params.id } })),
    me.capabilities.includes('households.view') ? unwrap(await api.my.households.$get({ query: { limit: '200' } })) : null,
  ]);
  return { ...detail, households: households?.items ?? [] };
};

const text = (form: FormData, key: string) => String(form.get(key) ?? '').trim();

async function done(action: string, response: Response, ok: Record<string, unknown> = {}) {
  if (!response.ok) {
    const error = await errorOf(response);
    return fail(response.status, { action, message: error.message, fields: error.fields ?? {} });
  }
  return { action, saved: true, ...ok };
}

export const actions: Actions = {
  book: async (event) => {
    const form = await event.request.formData();
    const response = await apiClient(event).api['reception-days'][':id'].bookings.$post({
      param: { id: event.params.id },
      json: { slotId: Number(text(form, 'slotId')), householdId: Number(text(form, 'householdId')), note: text(form, 'note') },
    });
    return done('book', response);
  },
  cancelBooking: async (event) => {
    const form = await event.request.formData();
    const response = await apiClient(event).api.bookings[':id'].cancel.$post({ param: { id: text(form, 'bookingId') }, json: { reason: text(form, 'reason') } });
    return done('cancelBooking', response);
  },
  move: async (event) => {
    const form = await event.request.formData();
    const response = await apiClient(event).api['reception-days'][':id'].move.$post({ param: { id: event.params.id }, json: { date: text(form, 'date'), reason: text(form, 'reason') } });
    return done('move', response);
  },
  slots: async (event) => {
    const form = await event.request.formData();
    const response = await apiClient(event).api['reception-days'][':id'].slots.$put({
      param: { id: event.params.id },
      json: {
        startTime: text(form, 'startTime'),
        endTime: text(form, 'endTime'),
        slotMinutes: Number(text(form, 'slotMinutes')),
        slotCapacity: Number(text(form, 'slotCapacity')),
        topic: text(form, 'topic'),
      },
    });
    return done('slots', response);
  },
  cancelDay: async (event) => {
    const form = await event.request.formData();
    const response = await apiClient(event).api['reception-days'][':id'].cancel.$post({ param: { id: event.params.id }, json: { reason: text(form, 'reason') } });
    return done('cancelDay', response);
  },
};
