import { TICKET_SEVERITIES, TICKET_STATUSES, TICKET_TYPES } from '@frontline/core';
import { redirect } from '@sveltejs/kit';
import { apiClient, unwrap } from '#lib/server/api.ts';
import { projectFilterChoices } from '#lib/server/choices.ts';
import type { PageServerLoad } from './$types';

const QUEUES = ['unassigned', 'breaching_soon', 'breached', 'waiting', 'regional', 'all'] as const;
type Queue = (typeof QUEUES)[number];
const LIMIT = 30;

const oneOf = <T extends string>(values: readonly T[], v: string | null): T | undefined => values.find((x) => x === v);

/**
 * The dispatch board for those who dispatch (the API's board answers 403 to
 * everyone else, who go to their own tickets). The queue, the filters and the
 * page are the query string, so a reload or a shared link shows the same list.
 */
export const load: PageServerLoad = async (event) => {
  const { me } = await event.parent();
  const api = apiClient(event).api;
  const boardResponse = await api.tickets.board.$get();
  if ((boardResponse.status as number) === 403) redirect(303, '/tickets/mine');
  const { counts } = await unwrap(boardResponse);
  const q = event.url.searchParams;
  const queue: Queue = oneOf(QUEUES, q.get('queue')) ?? 'unassigned';
  const filters = {
    type: oneOf(TICKET_TYPES, q.get('type')),
    status: oneOf(TICKET_STATUSES, q.get('status')),
    severity: oneOf(TICKET_SEVERITIES, q.get('severity')),
    projectId: /^\d+$/.test(q.get('projectId') ?? '') ? q.get('projectId')! : undefined,
  };
  const offset = Math.max(0, Number(q.get('offset')) || 0);
  const [list, projects, categories] = await Promise.all([
    api.tickets
      .$get({
        query: {
          queue,
          ...filters,
          open: queue === 'all' ? undefined : 'true',
          limit: String(LIMIT),
          offset: String(offset),
        },
      })
      .then(unwrap),
    // every project in the dispatcher's scope: theirs, their region's, or the group's
    projectFilterChoices(api, me, { groupWide: true }),
    api['issue-categories'].$get().then(unwrap),
  ]);
  return {
    counts,
    queue,
    queues: QUEUES,
    filters: {
      type: filters.type ?? '',
      status: filters.status ?? '',
      severity: filters.severity ?? '',
      projectId: filters.projectId ?? '',
    },
    categories: categories.categories.map((c) => ({ id: c.id, label: c.label })),
    tickets: list.tickets,
    total: list.total,
    offset,
    limit: LIMIT,
    projects,
  };
};
