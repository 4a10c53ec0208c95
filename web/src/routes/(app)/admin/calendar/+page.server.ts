import { isProductYear } from '@frontline/core';
import { fail } from '@sveltejs/kit';
import { apiClient, errorOf, unwrap } from '#lib/server/api.ts';
import type { Actions, PageServerLoad } from './$types';

/** The system admin's calendar editor: shipped and entered years, one year's days in a form. */
export const load: PageServerLoad = async (event) => {
  const { me } = await event.parent();
  const api = apiClient(event).api.calendar;
  const { years } = await unwrap(await api.years.$get());
  const thisYear = Number(me.today.slice(0, 4));
  const asked = Number(event.url.searchParams.get('year'));
  const year = isProductYear(asked) ? asked : null;
  type Editing = { year: number; source: string; days: { date: string; kind: 'holiday' | 'makeup'; name: string }[] };
  let editing: Editing | null = null;
  if (year !== null) {
    const response = await api.years[':year'].$get({ param: { year: String(year) } });
    const found = response.ok ? await response.json() : null;
    // A provisional year is entered from scratch (its statutory days are shown above, not copied in).
    editing = found && found.state === 'official' ? (found as Editing) : { year, source: '', days: [] };
  }
  // This year and the next, when their notice is not in: planned provisionally until it is.
  const provisional = years.filter((y) => y.state === 'provisional' && y.year <= thisYear + 1).map((y) => y.year);
  const noticeYear = Number(event.url.searchParams.get('notice')) || (provisional.at(-1) ?? thisYear + 1);
  return { years, editing, provisional, noticeYear };
};

/** Reads a pasted notice: a preview unless `apply`. */
async function notice(event: Parameters<Actions[string]>[0], apply: boolean) {
  const form = await event.request.formData();
  const year = String(form.get('year'));
  const text = String(form.get('text') ?? '');
  const response = await apiClient(event).api.calendar.years[':year'].notice.$post({
    param: { year },
    json: { text, apply },
  });
  if (!response.ok) {
    const error = await errorOf(response);
    return fail(response.status, { action: 'notice', message: error.message, fields: error.fields ?? {}, text, year });
  }
  return { action: 'notice', text, year, result: await response.json() };
}

type Saved = { year: number; holidays: number; makeups: number; check: { workingDays: number } };

export const actions: Actions = {
  preview: (event) => notice(event, false),
  apply: (event) => notice(event, true),
  save: async (event) => {
    const form = await event.request.formData();
    const year = String(form.get('year'));
    const dates = form.getAll('date').map(String);
    const kinds = form.getAll('kind').map(String);
    const names = form.getAll('name').map(String);
    const days = dates
      .map((date, i) => ({ date: date.trim(), kind: kinds[i] as 'holiday' | 'makeup', name: (names[i] ?? '').trim() }))
      .filter((d) => d.date || d.name);
    const response = await apiClient(event).api.calendar.years[':year'].$put({
      param: { year },
      json: { source: String(form.get('source') ?? ''), days },
    });
    if (!response.ok) {
      const error = await errorOf(response);
      return fail(response.status, { message: error.message, fields: error.fields ?? {} });
    }
    return { saved: (await response.json()) as Saved };
  },
  import: async (event) => {
    const form = await event.request.formData();
    const year = String(form.get('year'));
    const response = await event.fetch(`/api/calendar/years/${encodeURIComponent(year)}/import`, {
      method: 'POST',
      body: form,
    });
    if (!response.ok) {
      const error = await errorOf(response);
      return fail(response.status, { message: error.message, fields: error.fields ?? {} });
    }
    return { saved: (await response.json()) as Saved };
  },
};
