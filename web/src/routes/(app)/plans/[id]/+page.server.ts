import { PEOPLE_PLAN_MOVES } from '@frontline/core';
import { fail } from '@sveltejs/kit';
import { actionResult, apiClient, unwrap } from '#lib/server/api.ts';
import { field } from '#lib/server/form.ts';
import type { Actions, PageServerLoad } from './$types';

/**
 * One plan, with who may do what on it here, and the people its actions can
 * go to. The moves offered are the API's (`allowedMoves`; those it holds back until the plan is ready,
 * `blockedMoves`, are shown disabled with the reason), and today is the
 * API's day, so the page never keeps its own copy of the lifecycle or clock.
 */
export const load: PageServerLoad = async (event) => {
  const { me } = await event.parent();
  const api = apiClient(event).api;
  const { plan, allowedMoves, blockedMoves, households } = await unwrap(
    await api.plans[':id'].$get({ param: { id: event.params.id } }),
  );
  const manages = me.capabilities.includes('rollup.manage');
  const steers = manages || plan.ownerId === me.employee.id;
  const staff = !steers
    ? null
    : plan.projectId
      ? await unwrap(
          await api.projects[':id'].employees.$get({ param: { id: String(plan.projectId) }, query: { limit: '200' } }),
        )
      : plan.regionId
        ? await unwrap(
            await api.regions[':id'].employees.$get({ param: { id: String(plan.regionId) }, query: { limit: '200' } }),
          )
        : null;
  return {
    plan,
    allowedMoves,
    blockedMoves,
    households,
    manages,
    steers,
    me: me.employee.id,
    today: me.today,
    people: (staff?.items ?? []).filter((e) => e.active).map((e) => ({ id: e.id, name: e.name })),
  };
};

export const actions: Actions = {
  move: async (event) => {
    const form = await event.request.formData();
    const move = PEOPLE_PLAN_MOVES.find((m) => m === field(form, 'move'));
    if (!move) return fail(422, { action: 'move', message: 'Unknown move', fields: {} });
    return actionResult(
      'move',
      await apiClient(event).api.plans[':id'].moves.$post({ param: { id: event.params.id }, json: { move } }),
    );
  },
  addAction: async (event) => {
    const form = await event.request.formData();
    const json = { title: field(form, 'title'), ownerId: Number(field(form, 'ownerId')), dueOn: field(form, 'dueOn') };
    return actionResult(
      'addAction',
      await apiClient(event).api.plans[':id'].actions.$post({ param: { id: event.params.id }, json }),
    );
  },
  done: async (event) => {
    const form = await event.request.formData();
    const param = { id: event.params.id, sub: field(form, 'actionId') };
    return actionResult(
      'done',
      await apiClient(event).api.plans[':id'].actions[':sub'].done.$post({
        param,
        json: { notes: field(form, 'notes') },
      }),
    );
  },
  evidence: async (event) => {
    const form = await event.request.formData();
    return actionResult(
      'evidence',
      await apiClient(event).api.plans[':id'].evidence.$put({
        param: { id: event.params.id },
        json: { notes: field(form, 'notes'), photoIds: [] },
      }),
    );
  },
  verify: async (event) => {
    const form = await event.request.formData();
    const param = { id: event.params.id, sub: field(form, 'verificationId') };
    const json = {
      outcome: field(form, 'outcome') === 'not_fixed' ? ('not_fixed' as const) : ('fixed' as const),
      notes: field(form, 'notes'),
      visitedOn: field(form, 'visitedOn'),
    };
    return actionResult('verify', await apiClient(event).api.plans[':id'].verifications[':sub'].$post({ param, json }));
  },
};
