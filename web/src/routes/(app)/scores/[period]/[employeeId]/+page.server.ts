import { actionResult, apiClient, unwrap } from '#lib/server/api.ts';
import { field } from '#lib/server/form.ts';
import type { Actions, PageServerLoad } from './$types';

/** One person's score of one period, down to the records it counted. */
export const load: PageServerLoad = async (event) => {
  const { me } = await event.parent();
  const param = { period: event.params.period, employeeId: event.params.employeeId };
  const score = await unwrap(await apiClient(event).api.scores[':period'][':employeeId'].$get({ param }));
  return { score, manages: me.capabilities.includes('scores.manage') };
};

export const actions: Actions = {
  adjust: async (event) => {
    const form = await event.request.formData();
    const param = { period: event.params.period, employeeId: event.params.employeeId };
    const delta = Number(field(form, 'delta'));
    const json = { delta: Number.isFinite(delta) ? delta : 0, reason: field(form, 'reason') };
    return actionResult(
      'adjust',
      await apiClient(event).api.scores[':period'][':employeeId'].adjustments.$post({ param, json }),
    );
  },
};
