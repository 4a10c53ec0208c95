import { monthOf } from '@frontline/core';
import { error } from '@sveltejs/kit';
import { apiClient, unwrap } from '#lib/server/api.ts';
import type { PageServerLoad } from './$types';

/** The monthly product-defect report of a region (the caller's own by default), printable. */
export const load: PageServerLoad = async (event) => {
  const { me } = await event.parent();
  const q = event.url.searchParams;
  const regionId = q.get('regionId') ?? (me.region ? String(me.region.id) : '');
  if (!regionId) error(404, { message: 'regionId', code: 'NOT_FOUND' });
  const month = /^\d{4}-(0[1-9]|1[0-2])$/.test(q.get('month') ?? '') ? q.get('month')! : monthOf(me.today);
  const { report } = await unwrap(await apiClient(event).api.reports.defects.$get({ query: { regionId, month } }));
  return { report };
};
