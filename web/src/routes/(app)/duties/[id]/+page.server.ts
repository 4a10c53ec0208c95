import { actsOnDuty } from '@frontline/core';
import { redirect } from '@sveltejs/kit';
import { field } from '#lib/server/form.ts';
import { apiClient, failWith, unwrap } from '#lib/server/api.ts';
import { projectChoices } from '#lib/server/choices.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const { me } = await event.parent();
  const api = apiClient(event).api;
  const { duty } = await unwrap(await api.duties[':id'].$get({ param: { id: event.params.id } }));
  const mine = actsOnDuty(duty, me.employee.id);
  const reception = duty.kind === 'reception' && mine;
  const [calendar, households, colleagues, receptionDays, venues] = await Promise.all([
    duty.kind === 'reception'
      ? api.calendar.days.$get({ query: { from: duty.due.from, to: duty.due.to } }).then(unwrap)
      : null,
    mine && duty.kind === 'home_visit' ? api.my.households.$get({ query: { limit: '200' } }).then(unwrap) : null,
    mine && me.project
      ? api.projects[':id'].employees
          .$get({ param: { id: String(me.project.id) }, query: { limit: '200' } })
          .then(unwrap)
      : null,
    reception
      ? api['reception-days'].$get({ query: { mine: 'true', from: duty.due.from, to: duty.due.to } }).then(unwrap)
      : null,
    reception && me.region ? projectChoices(api, me.region.id) : null,
  ]);
  return {
    duty,
    mine,
    days: calendar?.days ?? [],
    households: households?.items ?? [],
    colleagues: (colleagues?.items ?? []).filter((e) => e.id !== me.employee.id && e.active),
    receptionDay: receptionDays?.days.find((d) => d.dutyId === duty.id && d.status === 'open') ?? null,
    venues: venues ?? [],
  };
};

type Json = Record<string, unknown>;

/** Each action posts to the API and shows its message inline on failure. */
async function post(
  event: Parameters<Actions[string]>[0],
  action: 'schedule' | 'complete' | 'delegate' | 'excuse',
  json: Json,
) {
  const api = apiClient(event).api.duties[':id'];
  const param = { id: event.params.id! };
  const response = await api[action].$post({ param, json } as never);
  if (!response.ok) return failWith(action, response);
  return { action, saved: true };
}

export const actions: Actions = {
  /** A reception duty becomes a reception day: the API invites the executive; staff can then book. */
  setUp: async (event) => {
    const form = await event.request.formData();
    const response = await apiClient(event).api['reception-days'].$post({
      json: {
        dutyId: Number(event.params.id),
        date: field(form, 'date'),
        projectId: Number(field(form, 'projectId')),
        venueKind: field(form, 'venueKind') as 'sales_office',
        topic: field(form, 'topic'),
        startTime: field(form, 'startTime'),
        endTime: field(form, 'endTime'),
        slotMinutes: Number(field(form, 'slotMinutes')),
        slotCapacity: Number(field(form, 'slotCapacity')),
      },
    });
    if (!response.ok) return failWith('setUp', response);
    const { day } = (await response.json()) as { day: { id: number } };
    redirect(303, `/receptions/${day.id}`);
  },
  schedule: async (event) => {
    const form = await event.request.formData();
    const household = field(form, 'householdId');
    return post(event, 'schedule', {
      date: field(form, 'date'),
      ...(household ? { householdId: Number(household) } : {}),
    });
  },
  complete: async (event) => {
    const form = await event.request.formData();
    const date = field(form, 'date');
    return post(event, 'complete', { notes: field(form, 'notes'), ...(date ? { date } : {}) });
  },
  delegate: async (event) => {
    const form = await event.request.formData();
    return post(event, 'delegate', { deputyId: Number(field(form, 'deputyId')), reason: field(form, 'reason') });
  },
  excuse: async (event) => {
    const form = await event.request.formData();
    return post(event, 'excuse', { reason: field(form, 'reason') });
  },
};
