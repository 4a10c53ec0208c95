import { apiClient, unwrap } from '#lib/server/api.ts';
import type { PageServerLoad } from './$types';

const STATUSES = ['pending', 'sending', 'sent', 'failed', 'stored'] as const;

export const load: PageServerLoad = async (event) => {
  const q = event.url.searchParams;
  const status = STATUSES.find((s) => s === q.get('status'));
  const to = q.get('to')?.trim() || undefined;
  const offset = q.get('offset') ?? '0';
  const outbox = await unwrap(
    await apiClient(event).api.outbox.$get({ query: { ...(status ? { status } : {}), ...(to ? { to } : {}), offset } }),
  );
  return { outbox, status: status ?? '', to: to ?? '' };
};
