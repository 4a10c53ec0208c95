import { fail } from '@sveltejs/kit';
import { DIMENSIONS, type Dimension } from '@frontline/core';
import { field } from '#lib/server/form.ts';
import { apiClient, errorOf, failWith, unwrap } from '#lib/server/api.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const api = apiClient(event).api;
  const [forms, categories] = await Promise.all([
    api.forms.$get().then(unwrap),
    api['issue-categories'].$get().then(unwrap),
  ]);
  return { forms: forms.forms, categories: categories.categories };
};

export const actions: Actions = {
  addCategory: async (event) => {
    const form = await event.request.formData();
    const dimension = field(form, 'dimension') as Dimension;
    const response = await apiClient(event).api['issue-categories'].$post({
      json: {
        code: field(form, 'code'),
        dimension: DIMENSIONS.includes(dimension) ? dimension : 'product',
        label: { zh: field(form, 'zh'), en: field(form, 'en') },
        active: true,
      },
    });
    if (!response.ok) return failWith('addCategory', response);
    return { action: 'addCategory', saved: true };
  },
  updateCategory: async (event) => {
    const form = await event.request.formData();
    const response = await apiClient(event).api['issue-categories'][':id'].$put({
      param: { id: field(form, 'id') },
      json: { label: { zh: field(form, 'zh'), en: field(form, 'en') }, active: form.get('active') === 'on' },
    });
    if (!response.ok)
      return fail(response.status, {
        action: 'updateCategory',
        message: (await errorOf(response)).message,
        fields: {},
      });
    return { action: 'updateCategory', saved: true };
  },
};
