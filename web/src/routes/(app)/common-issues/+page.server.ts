import { COMMON_ISSUE_STATUSES, type CommonIssueStatus } from '@frontline/core';
import { apiClient, failWith, unwrap } from '#lib/server/api.ts';
import { field } from '#lib/server/form.ts';
import type { Actions, PageServerLoad } from './$types';

/** Common issues by status (suggested first), the last detection run and the thresholds. */
export const load: PageServerLoad = async (event) => {
  const { me } = await event.parent();
  const wanted = event.url.searchParams.get('status') ?? 'suggested';
  const status = (COMMON_ISSUE_STATUSES as readonly string[]).includes(wanted)
    ? (wanted as CommonIssueStatus)
    : 'suggested';
  const result = await unwrap(await apiClient(event).api['common-issues'].$get({ query: { status } }));
  return { ...result, status, detects: me.capabilities.includes('detection.manage') };
};

export const actions: Actions = {
  detect: async (event) => {
    const response = await apiClient(event).api['common-issues'].detect.$post();
    if (!response.ok) return failWith('detect', response);
    return { action: 'detect', report: (await response.json()).report };
  },
  settings: async (event) => {
    const form = await event.request.formData();
    const json = {
      similarity: Number(field(form, 'similarity')),
      minHouseholds: Number(field(form, 'minHouseholds')),
      minShare: Number(field(form, 'minShare')) / 100,
      minShareHouseholds: Number(field(form, 'minShareHouseholds')),
    };
    const response = await apiClient(event).api['common-issues'].settings.$put({ json });
    if (!response.ok) return failWith('settings', response);
    return { action: 'settings', saved: true };
  },
};
