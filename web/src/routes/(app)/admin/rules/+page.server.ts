import { LINES, type Line } from '@frontline/core';
import { error, fail } from '@sveltejs/kit';
import { field } from '#lib/server/form.ts';
import { apiClient, errorOf, unwrap } from '#lib/server/api.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  // Cadence rules are group-wide configuration: the editor is for those who may change them.
  const { me } = await event.parent();
  if (!me.capabilities.includes('rules.manage')) error(403, { message: 'Forbidden', code: 'FORBIDDEN' });
  const api = apiClient(event).api;
  const [{ rules }, { cells }] = await Promise.all([
    api.rules.$get().then(unwrap),
    api.participation.$get().then(unwrap),
  ]);
  return { rules, cells };
};

function ruleFrom(form: FormData) {
  const text = (k: string) => field(form, k);
  return {
    name: text('name'),
    kind: text('kind') as 'reception' | 'home_visit',
    position: text('position') as never,
    line: (text('line') || null) as never,
    period: text('period') as never,
    place: text('place') as never,
    perPeriod: Number(text('perPeriod') || 1),
    active: form.get('active') === 'on',
  };
}

async function failed(response: Response | { json(): Promise<unknown>; status: number }, ruleId: number | null) {
  const error = await errorOf(response);
  return fail(response.status as 400, { ruleId, message: error.message, fields: error.fields ?? {} });
}

export const actions: Actions = {
  save: async (event) => {
    const form = await event.request.formData();
    const id = String(form.get('id'));
    const response = await apiClient(event).api.rules[':id'].$put({ param: { id }, json: ruleFrom(form) });
    if (!response.ok) return failed(response, Number(id));
    return { ruleId: Number(id), saved: true };
  },
  add: async (event) => {
    const response = await apiClient(event).api.rules.$post({ json: ruleFrom(await event.request.formData()) });
    if (!response.ok) return failed(response, 0);
    return { ruleId: 0, saved: true };
  },
  matrix: async (event) => {
    const form = await event.request.formData();
    const cells: { checkpoint: number; line: Line; householdsPerStaff: number }[] = [];
    for (let checkpoint = 1; checkpoint <= 5; checkpoint++) {
      for (const line of LINES) {
        const value = field(form, `cell.${checkpoint}.${line}`);
        if (value) cells.push({ checkpoint, line, householdsPerStaff: Number(value) });
      }
    }
    const response = await apiClient(event).api.participation.$put({ json: { cells } });
    if (!response.ok) return failed(response, -1);
    return { ruleId: -1, saved: true };
  },
};
