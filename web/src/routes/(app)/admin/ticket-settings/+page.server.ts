import { error } from '@sveltejs/kit';
import { actionResult, apiClient, unwrap } from '#lib/server/api.ts';
import { field } from '#lib/server/form.ts';
import type { Actions, PageServerLoad } from './$types';

/** Customer relations' ticket settings: routing, SLA limits, warranty, and each project's service hours. */
export const load: PageServerLoad = async (event) => {
  const { me } = await event.parent();
  if (!me.capabilities.includes('tickets.configure')) error(403, { message: 'Forbidden', code: 'FORBIDDEN' });
  const api = apiClient(event).api;
  const [settings, categories] = await Promise.all([
    api['ticket-settings'].$get().then(unwrap),
    api['issue-categories'].$get().then(unwrap),
  ]);
  return { settings, categories: categories.categories };
};

/** '' is "any" (null); anything else is the API's to judge. */
const idOrAny = (raw: string): number | null => (raw === '' ? null : Number(raw));

export const actions: Actions = {
  route: async (event) => {
    const form = await event.request.formData();
    const json = {
      categoryId: idOrAny(field(form, 'categoryId')),
      projectId: idOrAny(field(form, 'projectId')),
      line: field(form, 'line') as never,
      handlerId: idOrAny(field(form, 'handlerId')),
    };
    return actionResult('route', await apiClient(event).api['ticket-settings'].routes.$put({ json }));
  },
  deleteRoute: async (event) => {
    const form = await event.request.formData();
    return actionResult(
      'deleteRoute',
      await apiClient(event).api['ticket-settings'].routes[':id'].$delete({ param: { id: field(form, 'id') } }),
    );
  },
  sla: async (event) => {
    const form = await event.request.formData();
    const json = {
      categoryId: idOrAny(field(form, 'categoryId')),
      severity: field(form, 'severity') as never,
      firstResponseDays: Number(field(form, 'firstResponseDays')),
      resolveSingleDays: Number(field(form, 'resolveSingleDays')),
      resolveCrossDays: Number(field(form, 'resolveCrossDays')),
    };
    return actionResult('sla', await apiClient(event).api['ticket-settings']['sla-limits'].$put({ json }));
  },
  warranty: async (event) => {
    const form = await event.request.formData();
    const unit = field(form, 'unit');
    const count = Number(field(form, 'count'));
    const json = unit === 'seasons' ? { unit, count, seasonEnd: field(form, 'seasonEnd') } : { unit: 'years', count };
    return actionResult(
      'warranty',
      await apiClient(event).api['ticket-settings'].warranty.periods[':kind'].$put({
        param: { kind: field(form, 'kind') as never },
        json: json as never,
      }),
    );
  },
  mapping: async (event) => {
    const form = await event.request.formData();
    const kind = field(form, 'kind');
    return actionResult(
      'mapping',
      await apiClient(event).api['ticket-settings'].warranty.categories[':id'].$put({
        param: { id: field(form, 'categoryId') },
        json: { kind: kind === '' ? null : (kind as never) },
      }),
    );
  },
  hours: async (event) => {
    const form = await event.request.formData();
    const completedOn = field(form, 'completedOn');
    return actionResult(
      'hours',
      await apiClient(event).api.projects[':id']['service-hours'].$put({
        param: { id: field(form, 'projectId') },
        json: {
          workStart: field(form, 'workStart'),
          workEnd: field(form, 'workEnd'),
          completedOn: completedOn || null,
        },
      }),
    );
  },
};
