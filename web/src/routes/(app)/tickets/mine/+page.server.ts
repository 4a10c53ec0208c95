import { apiClient, unwrap } from '#lib/server/api.ts';
import { urgencyOrder } from '#lib/tickets.ts';
import type { PageServerLoad } from './$types';

/** 我的工单: the caller's open tickets, most urgent first (breached, then soonest due, waiting on the customer last). */
export const load: PageServerLoad = async (event) => {
  const api = apiClient(event).api;
  const [list, categories] = await Promise.all([
    api.tickets.$get({ query: { queue: 'mine', limit: '200' } }).then(unwrap),
    api['issue-categories'].$get().then(unwrap),
  ]);
  return {
    tickets: urgencyOrder(list.tickets),
    total: list.total,
    categories: categories.categories.map((c) => ({ id: c.id, label: c.label })),
  };
};
