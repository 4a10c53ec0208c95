import { fail } from '@sveltejs/kit';
import { field } from '#lib/server/form.ts';
import { apiClient, errorOf, unwrap } from '#lib/server/api.ts';
import { resetPasswordAction } from '#lib/server/passwords.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const { me } = await event.parent();
  const client = apiClient(event).api;
  const id = event.params.id;
  const asked = event.url.searchParams.get('tab');
  const tab =
    asked === 'households' && me.capabilities.includes('households.view')
      ? 'households'
      : asked === 'events'
        ? 'events'
        : 'staff';
  const offset = event.url.searchParams.get('offset') ?? '0';
  const building = event.url.searchParams.get('building') ?? '';
  const detail = await unwrap(await client.projects[':id'].$get({ param: { id } }));
  if (tab === 'events') {
    const [events, blackouts] = await Promise.all([
      client.projects[':id'].events.$get({ param: { id } }).then(unwrap),
      client.projects[':id'].blackouts.$get({ param: { id } }).then(unwrap),
    ]);
    return { ...detail, tab, list: { kind: 'events' as const, ...events, ...blackouts }, offset: 0, building: '' };
  }
  const list =
    tab === 'staff'
      ? {
          kind: 'staff' as const,
          page: await unwrap(
            await client.projects[':id'].employees.$get({ param: { id }, query: { limit: '50', offset } }),
          ),
        }
      : {
          kind: 'households' as const,
          page: await unwrap(
            await client.projects[':id'].households.$get({
              param: { id },
              query: { limit: '50', offset, ...(building ? { building } : {}) },
            }),
          ),
        };
  return { ...detail, tab, list, offset: Number(offset), building };
};

export const actions: Actions = {
  resetPassword: resetPasswordAction,
  event: async (event) => {
    const form = await event.request.formData();
    const response = await apiClient(event).api.projects[':id'].events.$post({
      param: { id: event.params.id },
      json: {
        checkpoint: Number(field(form, 'checkpoint')),
        title: field(form, 'title'),
        startsOn: field(form, 'startsOn'),
        endsOn: field(form, 'endsOn') || field(form, 'startsOn'),
        startTime: field(form, 'startTime'),
        endTime: field(form, 'endTime'),
        expectedHouseholds: Number(field(form, 'expectedHouseholds')),
      },
    });
    if (!response.ok) {
      const error = await errorOf(response);
      return fail(response.status, { form: 'event', message: error.message, fields: error.fields ?? {} });
    }
    return { form: 'event', duties: (await response.json()).duties };
  },
  blackout: async (event) => {
    const form = await event.request.formData();
    const response = await apiClient(event).api.projects[':id'].blackouts.$post({
      param: { id: event.params.id },
      json: { date: field(form, 'date'), reason: field(form, 'reason') },
    });
    if (!response.ok) {
      const error = await errorOf(response);
      return fail(response.status, { form: 'blackout', message: error.message, fields: error.fields ?? {} });
    }
    return { form: 'blackout', saved: true };
  },
};
