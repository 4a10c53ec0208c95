import { addDaysIso } from '@frontline/core';
import { fail } from '@sveltejs/kit';
import { apiClient, errorOf, unwrap } from '#lib/server/api.ts';
import type { Actions, PageServerLoad } from './$types';

/** An executive's reception plan for the next year: proposed dates to confirm or move. */
export const load: PageServerLoad = async (event) => {
  const { me } = await event.parent();
  const from = addDaysIso(me.today, -31);
  const to = addDaysIso(me.today, 366);
  const mine = await unwrap(await apiClient(event).api.me.duties.$get({ query: { kind: 'reception', from, to } }));
  return { receptions: mine.duties.filter((d) => d.due.to >= me.today || d.status !== 'planned') };
};

export const actions: Actions = {
  move: async (event) => {
    const form = await event.request.formData();
    const id = String(form.get('id') ?? '');
    const date = String(form.get('date') ?? '');
    const response = await apiClient(event).api.duties[':id'].schedule.$post({ param: { id }, json: { date } });
    if (!response.ok) return fail(response.status, { id: Number(id), message: (await errorOf(response)).message });
    // A likely holiday is allowed, with a word of warning.
    const { warnings } = (await response.json()) as { warnings?: { message: string }[] };
    return { id: Number(id), saved: true, warnings: (warnings ?? []).map((w) => w.message) };
  },
};
