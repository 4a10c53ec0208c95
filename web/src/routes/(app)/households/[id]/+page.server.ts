import { fail } from '@sveltejs/kit';
import { apiClient, errorOf, unwrap } from '#lib/server/api.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const { me } = await event.parent();
  const api = apiClient(event).api;
  const detail = await unwrap(await api.households[':id'].$get({ param: { id: event.params.id } }));
  const canMove = me.capabilities.includes('households.assign');
  const [history, staff, timeline] = await Promise.all([
    api.households[':id'].history.$get({ param: { id: event.params.id } }).then(unwrap),
    canMove
      ? api.projects[':id'].employees
          .$get({
            param: { id: String(detail.project.id) },
            query: { limit: '200' },
          })
          .then(unwrap)
      : null,
    api.households[':id'].timeline.$get({ param: { id: event.params.id }, query: {} }).then(unwrap),
  ]);
  return {
    ...detail,
    history: history.history,
    staff: (staff?.items ?? []).filter((e) => e.active),
    canMove,
    timeline: timeline.entries,
    timelineCursor: timeline.nextCursor,
  };
};

export const actions: Actions = {
  reveal: async (event) => {
    const response = await apiClient(event).api.households[':id'].reveal.$post({ param: { id: event.params.id } });
    if (!response.ok) {
      return fail(response.status, { message: (await errorOf(response)).message });
    }
    return { revealed: (await response.json()).household };
  },
  move: async (event) => {
    const form = await event.request.formData();
    const response = await apiClient(event).api.households[':id'].owner.$post({
      param: { id: event.params.id },
      json: { employeeId: Number(form.get('employeeId')), reason: String(form.get('reason') ?? '').trim() },
    });
    if (!response.ok) return fail(response.status, { moveMessage: (await errorOf(response)).message });
    return { moved: true };
  },
};
