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
    editing = response.ok ? ((await response.json()) as Editing) : { year, source: '', days: [] };
  }
  const missing = [thisYear, thisYear + 1].filter((y) => !years.some((k) => k.year === y));
  return { years, editing, missing };
};

type Saved = { year: number; holidays: number; makeups: number; check: { workingDays: number } };

export const actions: Actions = {
  save: async (event) => {
    const form = await event.request.formData();
    const year = String(form.get('year'));
    const dates = form.getAll('date').map(String);
    const kinds = form.getAll('kind').map(String);
    const names = form.getAll('name').map(String);
    const days = dates
      .map((date, i) => ({ date: date.trim(), kind: kinds[i] as 'holiday' | 'makeup', name: (names[i] ?? '').trim() }))
      .filter((d) => d.date || d.name);
    const response = await apiClient(event).api.calendar.years[':year'].$put({ param: { year }, json: { source: String(form.get('source') ?? ''), days } });
    if (!response.ok) {
      const error = await errorOf(response);
      return fail(response.status, { message: error.message, fields: error.fields ?? {} });
    }
    return { saved: (await response.json()) as Saved };
  },
  import: async (event) => {
    const form = await event.request.formData();
    const year = String(form.get('year'));
    const response = await event.fetch(`/api/calendar/years/${encodeURIComponent(year)}/import`, { method: 'POST', body: form });
    if (!response.ok) {
      const error = await errorOf(response);
      return fail(response.status, { message: error.message, fields: error.fields ?? {} });
    }
    return { saved: (await response.json()) as Saved };
  },
};
