import { DELEGATION_RULES, POSITIONS, SCORE_COMPONENTS, type DelegationRule, type Position } from '@frontline/core';
import { error, fail } from '@sveltejs/kit';
import { actionResult, apiClient, failWith, unwrap } from '#lib/server/api.ts';
import { field } from '#lib/server/form.ts';
import type { Actions, PageServerLoad } from './$types';

/** HR's page: a scheme per position (saved as new versions) and the HR system's API tokens. */
export const load: PageServerLoad = async (event) => {
  const { me } = await event.parent();
  if (!me.capabilities.includes('scores.manage')) error(403, { message: 'Forbidden', code: 'FORBIDDEN' });
  const api = apiClient(event).api;
  const [schemes, tokens] = await Promise.all([
    api.scores.schemes.$get().then(unwrap),
    api.hr.tokens.$get().then(unwrap),
  ]);
  // Schemes are group-wide: a regional HR admin reads them and manages their region's tokens.
  return { schemes, tokens: tokens.items, configures: me.capabilities.includes('scores.configure') };
};

export const actions: Actions = {
  scheme: async (event) => {
    const form = await event.request.formData();
    const position = field(form, 'position') as Position;
    if (!POSITIONS.includes(position)) return fail(404, { action: 'scheme', message: 'Not found', fields: {} });
    // An empty weight leaves the component out; anything else is the API's to judge.
    const components = SCORE_COMPONENTS.flatMap((kind) => {
      const raw = field(form, `weight.${kind}`);
      return raw === '' ? [] : [{ kind, weight: Number(raw) }];
    });
    const delegation = field(form, 'delegation') as DelegationRule;
    const json = {
      components,
      delegation: DELEGATION_RULES.includes(delegation) ? delegation : 'attendee',
      note: field(form, 'note'),
    };
    const response = await apiClient(event).api.scores.schemes[':position'].$put({ param: { position }, json });
    if (!response.ok) return failWith('scheme', response, { position });
    const saved = await response.json();
    return { action: 'scheme', message: '', fields: {}, position, version: saved.version };
  },
  createToken: async (event) => {
    const form = await event.request.formData();
    const response = await apiClient(event).api.hr.tokens.$post({ json: { name: field(form, 'name') } });
    if (!response.ok) return failWith('createToken', response);
    const made = await response.json();
    return { action: 'createToken', message: '', fields: {}, token: made.token };
  },
  revoke: async (event) => {
    const form = await event.request.formData();
    return actionResult(
      'revoke',
      await apiClient(event).api.hr.tokens[':id'].$delete({ param: { id: field(form, 'id') } }),
    );
  },
};
